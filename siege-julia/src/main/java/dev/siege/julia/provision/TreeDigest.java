package dev.siege.julia.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One sha256 over an unpacked tree: every path (sorted, relative), its type, its permission
 * bits, a link's target and a file's content hash. Taken right after unpacking an official Julia
 * and checked before the cached tree is used again, so a file changed, added, removed, made
 * executable or re-linked in the cache after the download is noticed instead of shipped.
 */
final class TreeDigest {

  private TreeDigest() {}

  /** The digest of the tree under {@code root} (lower-case hex); symbolic links are never followed. */
  static String of(Path root) throws IOException {
    // Sorted by name (String order: the same on every machine); each name keeps its own Path, so
    // a name that does not round-trip through a String is still read.
    java.util.SortedMap<String, Path> all = new java.util.TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(p -> all.put(root.relativize(p).toString().replace('\\', '/'), p));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    MessageDigest tree = sha256();
    MessageDigest file = sha256();
    byte[] buf = new byte[256 * 1024];
    for (var named : all.entrySet()) {
      String name = named.getKey();
      Path p = named.getValue();
      StringBuilder line = new StringBuilder(name).append('\0');
      if (Files.isSymbolicLink(p)) {
        line.append("link ").append(Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        line.append("dir ").append(mode(p));
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        file.reset();
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
          int n;
          while ((n = in.read(buf)) >= 0) {
            file.update(buf, 0, n);
          }
        }
        line.append("file ").append(mode(p)).append(' ').append(HexFormat.of().formatHex(file.digest()));
      } else {
        line.append("other"); // a FIFO or device: never unpacked, so any one is a change
      }
      tree.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(tree.digest());
  }

  /** The permission bits as octal, or {@code -} where the file system has none (Windows). */
  private static String mode(Path p) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Files.isExecutable(p) ? "x" : "-";
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    int mode = 0;
    for (PosixFilePermission perm : perms) {
      mode |= 1 << (8 - perm.ordinal());
    }
    return Integer.toOctalString(mode);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
