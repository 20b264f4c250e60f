/**
 * Small file helpers: atomic writes, tree deletion, regular-file reads with limits, I/O errors in
 * words.
 */
package dev.siege.core.io;
