package dev.siege.bundle.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Seeds a new depot from the previous bundle's, so that a rebuild fetches nothing already
 * downloaded (DESIGN.md). Files are hard-linked where the file system allows (same device) and
 * copied otherwise; symbolic links are recreated with their targets unchanged (artifacts are
 * full of relative {@code libfoo.so -> libfoo.so.1} links). Pkg never rewrites an installed
 * package or artifact, so sharing inodes with the old bundle is safe.
 */
final class DepotSeeder {

  private DepotSeeder() {}

  /**
   * Copies each of {@code relativeDirs} (e.g. {@code packages/CSV/AbCdE}, {@code artifacts})
   * that exists under {@code from} to the same place under {@code to}; existing targets are left
   * alone. {@link TreeCopy.Mode#COPY} where the new files must not share inodes with the old
   * bundle (their modes are changed afterwards, --group).
   */
  public static TreeCopy.Result seed(Path from, Path to, Collection<String> relativeDirs, TreeCopy.Mode mode)
      throws IOException {
    long linked = 0;
    long copied = 0;
    for (String rel : relativeDirs) {
      Path src = from.resolve(rel);
      Path dest = to.resolve(rel);
      if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS) || Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      TreeCopy.Result r = TreeCopy.copy(src, dest, mode);
      linked += r.linked();
      copied += r.copied();
    }
    return new TreeCopy.Result(linked, copied);
  }
}
