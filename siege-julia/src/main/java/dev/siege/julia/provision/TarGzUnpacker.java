package dev.siege.julia.provision;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a {@code .tar.gz} (the official Julia tarball) keeping symbolic links and exec bits:
 * Julia's {@code lib/} is full of {@code libfoo.so -> libfoo.so.1.2.3} links (STYLE.md
 * pitfalls). Refuses any entry that would land outside the target: {@code ..} names, absolute
 * names, links pointing out, and entries written through a symbolic link.
 */
public final class TarGzUnpacker {

  private TarGzUnpacker() {}

  /** Thrown for an archive entry that would escape the target or is of an unsupported kind. */
  public static final class UnsafeEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafeEntryException(String message) {
      super(message);
    }
  }

  /**
   * Unpacks {@code tarGz} into {@code target}, which is created and must not exist yet or be
   * empty. Directories keep their modes but stay owner-writable, so the tree can be moved and
   * deleted.
   */
  public static void unpack(Path tarGz, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toRealPath();
    Map<Path, Integer> dirModes = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(tarGz);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(raw)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path dest = destination(root, entry.getName());
        if (dest.equals(root)) {
          continue; // "./"
        }
        ensureNoLinkOnTheWay(root, dest.getParent(), entry.getName());
        Files.createDirectories(dest.getParent());
        if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice()) {
          // Checked first: the tar library counts any entry of an unknown kind as a file, and an
          // official Julia holds only directories, files and links.
          throw new UnsafeEntryException("unsupported entry type (" + (entry.isFIFO() ? "fifo" : "device") + "): "
              + entry.getName());
        }
        if (entry.isDirectory()) {
          if (Files.isSymbolicLink(dest)) {
            throw new UnsafeEntryException("directory entry replaces a symbolic link: " + entry.getName());
          }
          Files.createDirectories(dest);
          dirModes.put(dest, entry.getMode());
        } else if (entry.isSymbolicLink()) {
          String link = entry.getLinkName();
          Path linkTarget = Path.of(link);
          if (linkTarget.isAbsolute() || !dest.getParent().resolve(linkTarget).normalize().startsWith(root)) {
            throw new UnsafeEntryException("symbolic link points outside the archive: " + entry.getName() + " -> " + link);
          }
          Files.deleteIfExists(dest);
          Files.createSymbolicLink(dest, linkTarget);
        } else if (entry.isLink()) {
          Path source = destination(root, entry.getLinkName());
          ensureNoLinkOnTheWay(root, source.getParent(), entry.getLinkName());
          if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("hard link to a missing file: " + entry.getName() + " -> " + entry.getLinkName());
          }
          Files.deleteIfExists(dest);
          try {
            Files.createLink(dest, source);
          } catch (UnsupportedOperationException | IOException e) {
            Files.copy(source, dest, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } else if (entry.isFile() && isPlainFileType(entry)) {
          if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("file entry replaces a directory: " + entry.getName());
          }
          Files.deleteIfExists(dest);
          Files.copy(tar, dest);
          setMode(dest, entry.getMode());
        } else {
          throw new UnsafeEntryException("unsupported entry type (device, fifo, ...): " + entry.getName());
        }
      }
    }
    List<Path> dirs = new ArrayList<>(dirModes.keySet());
    for (int i = dirs.size() - 1; i >= 0; i--) {
      setMode(dirs.get(i), dirModes.get(dirs.get(i)) | 0700);
    }
  }

  /** A regular file's type flag ({@code 0}, the old NUL, or {@code 7} contiguous); anything else is refused. */
  private static boolean isPlainFileType(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
  }

  private static Path destination(Path root, String name) throws UnsafeEntryException {
    if (name.startsWith("/") || name.contains("\0")) {
      throw new UnsafeEntryException("absolute entry name: " + name);
    }
    Path dest;
    try {
      dest = root.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new UnsafeEntryException("invalid entry name: " + name);
    }
    if (!dest.startsWith(root)) {
      throw new UnsafeEntryException("entry escapes the target directory: " + name);
    }
    return dest;
  }

  /** Refuses to create or write anything below a symbolic link (it could point anywhere). */
  private static void ensureNoLinkOnTheWay(Path root, Path dir, String name) throws UnsafeEntryException {
    for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new UnsafeEntryException("entry goes through a symbolic link: " + name);
      }
    }
  }

  private static void setMode(Path path, int mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view != null) {
      view.setPermissions(permissions(mode));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
