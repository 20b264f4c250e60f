package dev.siege.bundle.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BundleArchiver} wrote.
 *
 * @param archive the archive file
 * @param checksumFile {@code <archive>.sha256}, in {@code sha256sum -c} format
 * @param bytes the archive's size
 * @param inputBytes the total size of the files archived (what the archive expands to, roughly)
 * @param sha256 the archive's sha256, lower-case hex
 * @param entries tar entries written (directories, files, symlinks; PAX headers not counted)
 * @param checksumsAdded whether the directory had no SHA256SUMS and one was computed and added as
 *     the archive's last entry
 * @param files the files written: the archive (or {@code .run}), or its parts in order
 * @param selfExtracting whether {@code archive} is a self-extracting {@code .run}
 * @param stampedFiles files not hashed again: the build's stamps showed them unchanged since it
 *     hashed them (their remembered digest was held to SHA256SUMS instead)
 */
public record ArchiveResult(
    Path archive,
    Path checksumFile,
    ArchiveFormat format,
    long bytes,
    long inputBytes,
    String sha256,
    int entries,
    boolean checksumsAdded,
    List<Path> files,
    boolean selfExtracting,
    int stampedFiles) {
  public ArchiveResult {
    files = List.copyOf(files);
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(checksumFile, "checksumFile");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sha256, "sha256");
  }
}
