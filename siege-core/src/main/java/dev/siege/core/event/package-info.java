/**
 * The typed events the library reports instead of printing.
 */
package dev.siege.core.event;
