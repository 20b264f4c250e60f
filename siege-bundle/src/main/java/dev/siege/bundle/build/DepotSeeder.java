package dev.siege.bundle.build;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;

/**
 * Seeds a new depot from the previous bundle's, so that a rebuild fetches nothing already
 * downloaded (DESIGN.md). Files are hard-linked where the file system allows (same device) and
 * copied otherwise; symbolic links are recreated with their targets unchanged (artifacts are
 * full of relative {@code libfoo.so -> libfoo.so.1} links). Pkg never rewrites an installed
 * package or artifact, so sharing inodes with the old bundle is safe.
 */
public final class DepotSeeder {

  /** How many files were linked and copied. */
  public record Result(long linked, long copied) {}

  private DepotSeeder() {}

  /**
   * Copies each of {@code relativeDirs} (e.g. {@code packages/CSV/AbCdE}, {@code artifacts})
   * that exists under {@code from} to the same place under {@code to}; existing targets are
   * left alone.
   */
  public static Result seed(Path from, Path to, Collection<String> relativeDirs) throws IOException {
    long[] counts = new long[2];
    for (String rel : relativeDirs) {
      Path src = from.resolve(rel);
      if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS) || Files.exists(to.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(
          src,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
              Files.createDirectories(target(dir));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Path dest = target(file);
              if (attrs.isSymbolicLink()) {
                Files.createSymbolicLink(dest, dest.getFileSystem().getPath(Files.readSymbolicLink(file).toString()));
              } else if (attrs.isRegularFile()) {
                try {
                  Files.createLink(dest, file);
                  counts[0]++;
                } catch (UnsupportedOperationException | FileSystemException e) {
                  Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES);
                  counts[1]++;
                }
              }
              return FileVisitResult.CONTINUE;
            }

            private Path target(Path p) {
              Path dest = to;
              for (Path part : from.relativize(p)) {
                dest = dest.resolve(part.toString());
              }
              return dest;
            }
          });
    }
    return new Result(counts[0], counts[1]);
  }
}
