package dev.siege.bundle.permissions;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Makes a bundle a shared install for one group: every entry gets the group (symbolic links
 * themselves, not their targets); directories get {@code g+rx}, files {@code g+r}, and {@code g+x}
 * where the owner may execute (so the launcher runs for the group); nothing stays world- or
 * group-writable, so no user can alter what the others run. Owner bits and others' read/execute
 * bits are left as they are.
 */
public final class GroupPermissions {
  private static final int SETGID = 02000;

  private GroupPermissions() {}

  /**
   * Applies {@code access} to {@code root} and everything below it.
   *
   * @throws SiegeException if the group does not exist, or a group or mode cannot be changed (the
   *     owner must be a member of the group, or root)
   */
  public static PermissionsReport apply(Path root, GroupAccess access, SiegeListener listener) throws SiegeException {
    GroupPrincipal group;
    try {
      group = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(access.group());
    } catch (UserPrincipalNotFoundException e) {
      throw new SiegeException("no such group: " + access.group(), "name an existing group (see getent group)", e);
    } catch (IOException | UnsupportedOperationException e) {
      throw new SiegeException("cannot look up group " + access.group() + ": " + e.getMessage(), null, root, 0, e);
    }
    long[] counts = new long[5];
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
              counts[1]++;
              update(dir, group, true, access.setgidDirectories(), counts);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              if (attrs.isSymbolicLink()) {
                counts[2]++;
                // A link has no mode of its own on Linux: only its group changes (lchown).
                setGroup(file, group, counts);
              } else if (attrs.isRegularFile()) {
                counts[0]++;
                update(file, group, false, false, counts);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new SiegeException(
          "cannot give group " + access.group() + " access: " + e.getMessage(),
          "run as the bundle's owner, who must be a member of the group, or as root",
          root,
          0,
          e);
    }
    PermissionsReport report = new PermissionsReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
    listener.on(
        new SiegeEvent.Message(
            SiegeEvent.Level.INFO,
            String.format(
                Locale.ROOT,
                "shared with group %s: %d files, %d directories (%d modes, %d groups changed)",
                access.group(),
                report.files(),
                report.directories(),
                report.modesChanged(),
                report.groupsChanged())));
    return report;
  }

  /** The mode an entry gets: see the class comment. */
  static Set<PosixFilePermission> sharedMode(Set<PosixFilePermission> current, boolean directory) {
    Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
    mode.addAll(current);
    mode.remove(PosixFilePermission.OTHERS_WRITE);
    mode.remove(PosixFilePermission.GROUP_WRITE);
    mode.add(PosixFilePermission.GROUP_READ);
    if (directory || current.contains(PosixFilePermission.OWNER_EXECUTE)) {
      mode.add(PosixFilePermission.GROUP_EXECUTE);
    }
    return mode;
  }

  private static void update(Path p, GroupPrincipal group, boolean directory, boolean setgid, long[] counts)
      throws IOException {
    setGroup(p, group, counts);
    PosixFileAttributeView view = view(p);
    Set<PosixFilePermission> current = view.readAttributes().permissions();
    Set<PosixFilePermission> wanted = sharedMode(current, directory);
    if (!wanted.equals(current)) {
      view.setPermissions(wanted);
      counts[3]++;
    }
    if (setgid) {
      // NIO permissions have no setgid bit; the "unix" view's mode has (Linux, macOS).
      try {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & SETGID) == 0) {
          Files.setAttribute(p, "unix:mode", (mode | SETGID) & 07777, LinkOption.NOFOLLOW_LINKS);
          if (wanted.equals(current)) {
            counts[3]++;
          }
        }
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        throw new IOException("this file system cannot set the setgid bit", e);
      }
    }
  }

  private static void setGroup(Path p, GroupPrincipal group, long[] counts) throws IOException {
    PosixFileAttributeView view = view(p);
    PosixFileAttributes attrs = view.readAttributes();
    if (!group.equals(attrs.group())) {
      view.setGroup(group);
      counts[4]++;
    }
  }

  private static PosixFileAttributeView view(Path p) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new IOException("the file system has no POSIX permissions");
    }
    return view;
  }
}
