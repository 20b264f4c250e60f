package dev.siege.bundle.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a directory tree looks like without reading any file's content: every entry's path, type,
 * size, modification time, change time (where the file system reports it), permission bits and
 * link target. Two snapshots of a tree taken around a process show what the process added,
 * removed or changed in it; hashing a bundle of several GB each time would be too slow, and the
 * change time catches a rewrite that kept the size and reset the modification time.
 */
final class TreeSnapshot {

  /** One entry: {@code type} is {@code d}, {@code f}, {@code l} or {@code o} (anything else). */
  record Stamp(char type, long size, FileTime modified, FileTime changed, String mode, String linkTarget) {}

  private final Map<String, Stamp> entries;

  private TreeSnapshot(Map<String, Stamp> entries) {
    this.entries = entries;
  }

  /** Walks {@code root} without following links; names are relative, with {@code /}. */
  static TreeSnapshot of(Path root) throws IOException {
    boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    boolean unix = root.getFileSystem().supportedFileAttributeViews().contains("unix");
    Map<String, Stamp> entries = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        entries.put(name(root, dir), stamp(dir, attrs, posix, unix));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        entries.put(name(root, file), stamp(file, attrs, posix, unix));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        throw e; // an entry that cannot be read cannot be compared
      }
    });
    return new TreeSnapshot(entries);
  }

  private static String name(Path root, Path p) {
    String relative = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    return relative.isEmpty() ? "." : relative;
  }

  private static Stamp stamp(Path p, BasicFileAttributes attrs, boolean posix, boolean unix) throws IOException {
    char type = attrs.isDirectory() ? 'd' : attrs.isRegularFile() ? 'f' : attrs.isSymbolicLink() ? 'l' : 'o';
    String mode = "";
    if (posix && !attrs.isSymbolicLink()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      mode = PosixFilePermissions.toString(perms);
    }
    FileTime changed = unix ? (FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS) : null;
    String target = attrs.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : null;
    return new Stamp(type, attrs.isRegularFile() ? attrs.size() : 0, attrs.lastModifiedTime(), changed, mode, target);
  }

  /** How {@code later} differs from this snapshot, one line per entry, sorted by name. */
  List<String> changesTo(TreeSnapshot later) {
    TreeSet<String> names = new TreeSet<>(entries.keySet());
    names.addAll(later.entries.keySet());
    // A directory whose times moved because an entry was added or removed in it says nothing new.
    Set<String> parentsOfAddedOrRemoved = new HashSet<>();
    for (String name : names) {
      if (entries.containsKey(name) != later.entries.containsKey(name)) {
        int slash = name.lastIndexOf('/');
        parentsOfAddedOrRemoved.add(slash < 0 ? "." : name.substring(0, slash));
      }
    }
    List<String> changes = new ArrayList<>();
    for (String name : names) {
      Stamp was = entries.get(name);
      Stamp now = later.entries.get(name);
      if (was == null) {
        changes.add(name + " added");
      } else if (now == null) {
        changes.add(name + " removed");
      } else if (!was.equals(now)) {
        String difference = difference(was, now);
        if (difference != null || !parentsOfAddedOrRemoved.contains(name)) {
          changes.add(name + " " + (difference != null ? difference : "changed (an entry was created and removed in it)"));
        }
      }
    }
    return changes;
  }

  /** What changed in an entry; null for a directory whose times alone moved. */
  private static String difference(Stamp was, Stamp now) {
    if (was.type() != now.type()) {
      return "replaced by another kind of file";
    }
    if (!Objects.equals(was.linkTarget(), now.linkTarget())) {
      return "now points to " + now.linkTarget() + " (was " + was.linkTarget() + ")";
    }
    if (was.size() != now.size()) {
      return "changed size (" + was.size() + " -> " + now.size() + " bytes)";
    }
    if (!was.mode().equals(now.mode())) {
      return "changed mode (" + was.mode() + " -> " + now.mode() + ")";
    }
    if (was.type() == 'd') {
      return null; // only its times moved
    }
    return "was rewritten (its modification or change time moved)";
  }
}
