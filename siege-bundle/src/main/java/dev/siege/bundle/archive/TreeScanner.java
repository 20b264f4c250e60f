package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.FileNames;
import dev.siege.core.SiegeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The cheap metadata walk before archiving: every entry below a directory in archive order
 * (depth first, each directory's children sorted by name, so a parent always precedes its
 * children), with modes, sizes and link targets, and the total number of content bytes (the
 * progress total). Refuses what a tar of a bundle must not hold: special files, and symlinks whose
 * target leaves the directory.
 */
final class TreeScanner {
  /** Symlinks followed while resolving one link target, as Linux's own limit (ELOOP). */
  private static final int MAX_LINK_HOPS = 40;

  private final Path root;
  private final boolean posix;
  private final Sink sink;
  private long fileBytes;

  /** Receives each entry as the walk finds it, in archive order. */
  @FunctionalInterface
  interface Sink {
    /** Takes one entry; an InterruptedIOException (or an interrupt) stops the walk. */
    void accept(TreeEntry entry) throws IOException;
  }

  private TreeScanner(Path root, Sink sink) {
    this.root = root;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.sink = sink;
  }

  /** The entries below {@code root} (which comes first, as {@code ""}) and their total file size. */
  static ScannedTree scan(Path root) throws SiegeException, IOException {
    List<TreeEntry> entries = new ArrayList<>();
    long fileBytes = walk(root, entries::add);
    return new ScannedTree(entries, fileBytes);
  }

  /**
   * Hands every entry below {@code root} to {@code sink} in archive order, as {@link #scan} lists
   * them; returns their total file size. Stops with an {@link InterruptedIOException} when the
   * calling thread is interrupted.
   */
  static long walk(Path root, Sink sink) throws SiegeException, IOException {
    TreeScanner scanner = new TreeScanner(root, sink);
    scanner.visit(root, "");
    return scanner.fileBytes;
  }

  /** The result of a walk: entries in archive order and the sum of the regular files' sizes. */
  record ScannedTree(List<TreeEntry> entries, long fileBytes) {
    ScannedTree {
      entries = List.copyOf(entries);
    }
  }

  private void visit(Path path, String relative) throws SiegeException, IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("the walk of " + root + " was interrupted");
    }
    // The root itself may be reached through a symlink (e.g. build -> build.2024-01-01).
    LinkOption[] options = relative.isEmpty() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    BasicFileAttributes attrs =
        posix
            ? Files.readAttributes(path, PosixFileAttributes.class, options)
            : Files.readAttributes(path, BasicFileAttributes.class, options);
    if (attrs.isSymbolicLink()) {
      String target = Files.readSymbolicLink(path).toString();
      if (loops(relative)) {
        throw new SiegeException(
            "symlink loop: " + relative + " -> " + target + " never reaches a file",
            "remove the link or point it at a file of the bundle",
            path,
            0,
            null);
      }
      if (!staysInside(relative, target)) {
        throw new SiegeException(
            "symlink points outside the bundle: " + relative + " -> " + target,
            "an archive must be self-contained: replace the link by a relative link inside the"
                + " bundle or by the file itself",
            path,
            0,
            null);
      }
      sink.accept(new TreeEntry(relative, TreeEntry.Kind.SYMLINK, mode(attrs, 0777), 0, target, path));
    } else if (attrs.isDirectory()) {
      sink.accept(new TreeEntry(relative, TreeEntry.Kind.DIRECTORY, mode(attrs, 0755), 0, null, path));
      for (String child : sortedChildren(path)) {
        visit(path.resolve(child), relative.isEmpty() ? child : relative + "/" + child);
      }
    } else if (attrs.isRegularFile()) {
      sink.accept(new TreeEntry(relative, TreeEntry.Kind.FILE, mode(attrs, 0644), attrs.size(), null, path));
      fileBytes += attrs.size();
    } else {
      throw new SiegeException(
          "cannot archive a special file (fifo, socket or device): " + relative,
          "remove it from the directory; a bundle holds only files, directories and symlinks",
          path,
          0,
          null);
    }
  }

  private static List<String> sortedChildren(Path dir) throws IOException, SiegeException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        // Only the listed Path holds the name's bytes; its string may not name the file again.
        if (!FileNames.representable(child)) {
          throw new SiegeException(
              FileNames.problem() + ": " + FileNames.bytes(child),
              "a bundle's file names must be UTF-8, as tar entries and SHA256SUMS hold them",
              null,
              0,
              null);
        }
        names.add(child.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }

  private int mode(BasicFileAttributes attrs, int fallback) {
    if (!(attrs instanceof PosixFileAttributes p)) {
      return fallback;
    }
    return bits(p.permissions());
  }

  /** Permission bits in the usual octal layout (owner rwx, group rwx, others rwx). */
  static int bits(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      // PosixFilePermission is declared in the order OWNER_READ ... OTHERS_EXECUTE: bit 8 down to 0.
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }

  /** Whether resolving the link at {@code relative} meets more links in a row than Linux follows. */
  private boolean loops(String relative) {
    try {
      root.resolve(relative).toRealPath();
      return false;
    } catch (java.nio.file.FileSystemException e) {
      return String.valueOf(e.getReason()).toLowerCase(java.util.Locale.ROOT).contains("symbolic links");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether the symlink at {@code relative} with {@code target} resolves inside the root, following
   * the links it passes through the way the kernel would after extraction (a lexical check alone
   * accepts {@code a/up/../x} where {@code up -> ..}). A component that does not exist is taken
   * literally, so a dangling link is judged by its path.
   */
  boolean staysInside(String relative, String target) throws IOException {
    Path targetPath = root.getFileSystem().getPath(target);
    if (target.isEmpty() || targetPath.isAbsolute()) {
      return false;
    }
    Deque<String> resolved = new ArrayDeque<>(List.of(relative.split("/")));
    resolved.removeLast(); // the link's own name: its target is relative to its directory
    Deque<String> pending = new ArrayDeque<>();
    targetPath.forEach(part -> pending.addLast(part.toString()));
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          return false;
        }
        resolved.removeLast();
        continue;
      }
      resolved.addLast(part);
      Path here = root.resolve(String.join("/", resolved));
      if (Files.isSymbolicLink(here)) {
        if (++hops > MAX_LINK_HOPS) {
          return false;
        }
        Path next = Files.readSymbolicLink(here);
        if (next.isAbsolute()) {
          return false;
        }
        resolved.removeLast();
        List<String> parts = new ArrayList<>();
        next.forEach(p -> parts.add(p.toString()));
        for (int i = parts.size() - 1; i >= 0; i--) {
          pending.addFirst(parts.get(i));
        }
      }
    }
    return true;
  }
}
