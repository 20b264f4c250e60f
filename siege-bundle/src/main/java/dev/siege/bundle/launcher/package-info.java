/**
 * The bundle's bin/julia launcher: a static bash template filled with the bundle's settings
 * (JULIA-FACTS §3, §8). Format code.
 */
package dev.siege.bundle.launcher;
