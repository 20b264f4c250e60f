/**
 * Environment checks that return every problem at once as diagnostics with file and line.
 */
package dev.siege.core.check;
