/**
 * Downloading official Julia binaries from the versions index, checked, unpacked atomically: the
 * Julia this machine builds with ({@link dev.siege.julia.provision.JuliaProvisioner#provision}),
 * and the Julia a bundle for another platform ships, never run here ({@link
 * dev.siege.julia.provision.JuliaProvisioner#provisionFor}).
 */
package dev.siege.julia.provision;
