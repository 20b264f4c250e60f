package dev.siege.bundle.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Copies a directory tree keeping symbolic links as links (targets unchanged) and file modes.
 * Every regular file is a new copy: nothing written to the target, and no mode changed there,
 * can reach the source (never a hard link; see {@link DepotSeeder}).
 */
final class TreeCopy {

  /** How many files were carried over: {@code cloned} by the file system (reflinks), {@code copied} byte by byte. */
  public record Result(long cloned, long copied) {
    public long files() {
      return cloned + copied;
    }
  }

  private TreeCopy() {}

  /** Copies {@code source} to {@code target}; {@code .git} is left out. */
  public static Result copy(Path source, Path target) throws IOException {
    return copy(source, target, name -> name.equals(".git"));
  }

  /**
   * Copies {@code source} to {@code target}, leaving out every file and directory (with all it
   * holds) whose name {@code leaveOut} accepts; {@code source} itself is always copied.
   */
  public static Result copy(Path source, Path target, Predicate<String> leaveOut) throws IOException {
    long[] copied = new long[1];
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(source) && leaveOut.test(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(target(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (leaveOut.test(file.getFileName().toString())) {
              return FileVisitResult.CONTINUE;
            }
            Path dest = target(file);
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(dest, dest.getFileSystem().getPath(Files.readSymbolicLink(file).toString()));
            } else if (attrs.isRegularFile()) {
              Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
              copied[0]++;
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
    return new Result(0, copied[0]);
  }
}
