package dev.siege.bundle.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DeltaWriter} wrote.
 *
 * @param archive the delta archive (or the name its parts join into)
 * @param files the files written: the archive, or its parts
 * @param bytes the delta's size
 * @param sha256 the delta's sha256
 * @param newFiles files sent whole (distinct contents), and their bytes
 * @param patchedFiles files sent as patches, the bytes of those files, and of their patches
 * @param reusedFiles files the old bundle already has, and their bytes
 * @param bundleBytes the bytes of all files of the new bundle (what a full archive holds)
 * @param oldArchiveBytes the size of the old archive when the delta was made from one, else -1
 */
public record DeltaResult(
    Path archive,
    List<Path> files,
    long bytes,
    String sha256,
    int newFiles,
    long newBytes,
    int patchedFiles,
    long patchedBytes,
    long patchBytes,
    int reusedFiles,
    long reusedBytes,
    long bundleBytes,
    long oldArchiveBytes) {
  public DeltaResult {
    files = List.copyOf(files);
  }
}
