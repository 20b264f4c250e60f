/**
 * Verifying an unpacked bundle or an archive: checksums, links and modes, metadata, launcher,
 * unsafe archive entries; file stamps for cheap re-checks. Format code.
 */
package dev.siege.bundle.verify;
