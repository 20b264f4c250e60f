/**
 * Console rendering of library events: progress, escaping of untrusted text, option references as
 * flags, the build log.
 */
package dev.siege.cli.console;
