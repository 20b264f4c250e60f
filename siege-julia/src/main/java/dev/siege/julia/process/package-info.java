/**
 * Starting real Julia processes: both streams drained, logged, tied to SIEGE's life, stopped on
 * timeout or interrupt.
 */
package dev.siege.julia.process;
