/**
 * Reproducible archives of a bundle (sorted PAX tar, pinned times and owners, links and modes
 * kept) compressed with pigz-style parallel gzip or zstd, checked against SHA256SUMS while
 * written. Format code: knows nothing of Julia processes.
 */
package dev.siege.bundle.archive;
