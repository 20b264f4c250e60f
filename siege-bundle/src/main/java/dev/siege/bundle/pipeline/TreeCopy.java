package dev.siege.bundle.pipeline;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a directory tree keeping symbolic links as links (targets unchanged) and file modes;
 * with {@link Mode#LINK_OR_COPY}, regular files are hard-linked where the file system allows.
 */
final class TreeCopy {

  /** How regular files are carried over. */
  public enum Mode {
    COPY,
    LINK_OR_COPY
  }

  /** How many files were hard-linked and copied. */
  public record Result(long linked, long copied) {}

  private TreeCopy() {}

  /** Copies {@code source} to {@code target}; {@code .git} directories are left out. */
  public static Result copy(Path source, Path target, Mode mode) throws IOException {
    long[] counts = new long[2];
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(source) && dir.getFileName().toString().equals(".git")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(target(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Path dest = target(file);
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(dest, dest.getFileSystem().getPath(Files.readSymbolicLink(file).toString()));
            } else if (attrs.isRegularFile()) {
              if (mode == Mode.LINK_OR_COPY && link(dest, file)) {
                counts[0]++;
              } else {
                Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                counts[1]++;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          private Path target(Path p) {
            Path dest = target;
            for (Path part : source.relativize(p)) {
              dest = dest.resolve(part.toString());
            }
            return dest;
          }
        });
    return new Result(counts[0], counts[1]);
  }

  private static boolean link(Path dest, Path file) throws IOException {
    try {
      Files.createLink(dest, file);
      return true;
    } catch (UnsupportedOperationException | FileSystemException e) {
      return false;
    }
  }
}
