/**
 * Finding a Julia installation (explicit path, SIEGE_JULIA, ./julia-*, PATH, juliaup) and SIEGE's
 * cache directory.
 */
package dev.siege.julia.install;
