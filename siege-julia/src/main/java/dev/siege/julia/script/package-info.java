/**
 * The static .jl scripts SIEGE runs, their TOML parameter files and the protocol of their progress
 * lines.
 */
package dev.siege.julia.script;
