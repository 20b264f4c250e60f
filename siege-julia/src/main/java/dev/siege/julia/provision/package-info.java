/**
 * Downloading official Julia binaries from the versions index, checked, unpacked atomically.
 */
package dev.siege.julia.provision;
