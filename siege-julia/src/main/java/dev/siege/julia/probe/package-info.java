/**
 * Probing a Julia binary (version, platform, commit, own depots), cached per binary.
 */
package dev.siege.julia.probe;
