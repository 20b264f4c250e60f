package dev.siege.bundle.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of an archive as the metadata walk found it.
 *
 * @param relative the path below the archived directory with {@code /} separators ({@code ""}
 *     for the directory itself)
 * @param mode permission bits (e.g. {@code 0755}), without the file type
 * @param size content length for a file, 0 otherwise
 * @param linkTarget the symlink's target as stored in the link, null unless a symlink
 * @param path where to read the entry from
 */
record TreeEntry(String relative, Kind kind, int mode, long size, String linkTarget, Path path) {
  /** What a tar entry is; other file types (fifos, sockets, devices) are refused. */
  enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  TreeEntry {
    Objects.requireNonNull(relative, "relative");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    if ((kind == Kind.SYMLINK) != (linkTarget != null)) {
      throw new IllegalArgumentException("a link target goes with symlinks only: " + relative);
    }
  }

  /** The name inside the archive: {@code top} followed by the relative path. */
  String archiveName(String top) {
    return relative.isEmpty() ? top : top + "/" + relative;
  }
}
