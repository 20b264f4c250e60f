/**
 * The siege command: picocli commands over the library, exit codes, JSON output.
 */
package dev.siege.cli;
