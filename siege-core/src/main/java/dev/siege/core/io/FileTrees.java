package dev.siege.core.io;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes directory trees, including the read-only ones Pkg makes of installed packages and
 * that unpacked Julia installations contain. A symbolic link is removed, never followed.
 */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code path} and everything below it; nothing happens when it does not exist. */
  public static void delete(Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      makeDirectoriesWritable(path);
      // ALLOW_INSECURE: file systems without SecureDirectoryStream (macOS) are refused otherwise.
      MoreFiles.deleteRecursively(path, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** As {@link #delete}, for clean-up after a failure: what cannot be deleted is left. */
  public static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      delete(path);
    } catch (IOException | RuntimeException e) {
      // Leftovers of temporary directories are harmless; the caller's own failure matters more.
    }
  }

  /** Owner write and execute on directories are what deleting their entries needs. */
  private static void makeDirectoriesWritable(Path root) throws IOException {
    if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
          if (perms.add(PosixFilePermission.OWNER_WRITE) | perms.add(PosixFilePermission.OWNER_EXECUTE)) {
            Files.setPosixFilePermissions(p, perms);
          }
        }
      }
    }
  }
}
