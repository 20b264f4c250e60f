package dev.siege.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * Writes files, directories and links below one root with explicit modes (so the result does not
 * depend on the umask) and counts what it wrote.
 */
final class FakeTree {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path root;
  private final boolean posix;
  int files;
  int symlinks;
  int directories;
  long bytes;

  FakeTree(Path root) {
    this.root = root;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  Path root() {
    return root;
  }

  /** Creates {@code rel} and its missing parents as 0755 directories. */
  Path dir(String rel) throws IOException {
    Path p = root.resolve(rel);
    mkdirs(p);
    return p;
  }

  private void mkdirs(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (p.getParent() != null) {
      mkdirs(p.getParent());
    }
    Files.createDirectory(p);
    directories++;
    mode(p, DIR);
  }

  void text(String rel, String content) throws IOException {
    Path p = parentOf(rel);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    Files.write(p, data);
    mode(p, FILE);
    files++;
    bytes += data.length;
  }

  void binary(String rel, long size, boolean executable, SplittableRandom random) throws IOException {
    Path p = parentOf(rel);
    FakeContent.writeBinary(p, size, random);
    mode(p, executable ? EXEC : FILE);
    files++;
    bytes += size;
  }

  /** A copy at {@code rel} of the file at {@code fromRel}, mode included (a link dereferenced). */
  void copyOf(String rel, String fromRel) throws IOException {
    Path p = parentOf(rel);
    Path from = root.resolve(fromRel);
    Files.copy(from, p, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    files++;
    bytes += Files.size(p);
  }

  /** A symbolic link at {@code rel} whose target is the relative path {@code target}. */
  void link(String rel, String target) throws IOException {
    Path p = parentOf(rel);
    Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
    symlinks++;
  }

  private Path parentOf(String rel) throws IOException {
    Path p = root.resolve(rel);
    mkdirs(p.getParent());
    return p;
  }

  private void mode(Path p, Set<PosixFilePermission> perms) throws IOException {
    if (posix) {
      Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(perms);
    }
  }
}
