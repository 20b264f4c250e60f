/**
 * siege-bundle.toml: what was built, with what, and what the bundle holds (format 2; format 1
 * still read). Format code.
 */
package dev.siege.bundle.meta;
