package dev.siege.julia.provision;

import dev.siege.julia.provision.TarGzUnpacker.UnsafeEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a {@code .zip} (the official Windows Julia, made by {@code 7z a <name>.zip
 * julia-<version>}: one top directory, as in the tarball; JuliaCI/julia-buildkite {@code
 * utilities/upload_julia.sh} and {@code build_envs.sh}, main). The tree is for Windows, so
 * anything Windows could not hold or that could land outside the target is refused: absolute
 * names, {@code ..}, backslashes, drive letters and {@code :}, symbolic links, two entries whose
 * names differ only in case (one file on Windows), a file where a directory is. A hostile archive
 * is bounded: at most {@link #MAX_ENTRIES} entries (counted from the end record before the
 * central directory is read) and {@link #MAX_BYTES} unpacked bytes (counted as written, not as
 * declared). Entries are read through the central directory, as Windows' own unzip does.
 */
public final class ZipUnpacker {

  /** The official Windows Julia has some ten thousand files; far more is not Julia. */
  static final long MAX_ENTRIES = 200_000;

  /** The official Windows Julia unpacks to about a gigabyte; far more is not Julia. */
  static final long MAX_BYTES = 16L << 30;

  private final long maxEntries;
  private final long maxBytes;

  ZipUnpacker(long maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * Unpacks {@code zip} into {@code target} (created; must not exist or be empty), with the
   * default bounds. Files get the Unix mode the archive records, else 0644 (0755 for {@code
   * .exe}, {@code .dll}, {@code .bat}, {@code .cmd}); directories 0755.
   *
   * @throws UnsafeEntryException for an entry that is refused (the message names it)
   * @throws IOException when the file is not a readable zip or cannot be written
   */
  public static void unpack(Path zip, Path target) throws IOException {
    new ZipUnpacker(MAX_ENTRIES, MAX_BYTES).unpackInto(zip, target);
  }

  void unpackInto(Path zip, Path target) throws IOException {
    long declared = declaredEntries(zip);
    if (declared > maxEntries) {
      throw new UnsafeEntryException("the archive declares " + declared + " entries, more than the " + maxEntries
          + " an official Julia could have");
    }
    Files.createDirectories(target);
    Path root = target.toRealPath();
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntries());
      if (entries.size() > maxEntries) {
        throw new UnsafeEntryException("the archive has " + entries.size() + " entries, more than the " + maxEntries
            + " an official Julia could have");
      }
      Map<String, String> seen = new HashMap<>();
      long written = 0;
      for (ZipArchiveEntry entry : entries) {
        String name = entry.getName();
        Path dest = destination(root, name);
        String key = root.relativize(dest).toString().toLowerCase(Locale.ROOT);
        String earlier = seen.putIfAbsent(key, name);
        if (earlier != null && !(entry.isDirectory() && Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS))) {
          throw new UnsafeEntryException("two entries name the same file on Windows: " + earlier + " and " + name);
        }
        if (entry.isUnixSymlink()) {
          throw new UnsafeEntryException("symbolic link entry (the Windows Julia has none): " + name);
        }
        if (!file.canReadEntryData(entry)) {
          throw new UnsafeEntryException("entry with an encryption or compression method that cannot be read: " + name);
        }
        if (entry.isDirectory()) {
          if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("directory entry where a file is: " + name);
          }
          Files.createDirectories(dest);
          continue;
        }
        Path parent = dest.getParent();
        for (Path p = parent; p != null && !p.equals(root); p = p.getParent()) {
          if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("entry below a file: " + name);
          }
        }
        Files.createDirectories(parent);
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
          throw new UnsafeEntryException("file entry where a directory is: " + name);
        }
        try (InputStream in = file.getInputStream(entry);
            OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          byte[] buf = new byte[64 * 1024];
          int n;
          while ((n = in.read(buf)) >= 0) {
            written += n;
            if (written > maxBytes) {
              throw new UnsafeEntryException("the archive unpacks to more than " + maxBytes
                  + " bytes, more than an official Julia could (at " + name + ")");
            }
            out.write(buf, 0, n);
          }
        }
        setMode(dest, mode(entry));
      }
    }
  }

  private static int mode(ZipArchiveEntry entry) {
    int unix = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & 0777 : 0;
    if (unix != 0) {
      return unix | 0600;
    }
    String lower = entry.getName().toLowerCase(Locale.ROOT);
    return lower.endsWith(".exe") || lower.endsWith(".dll") || lower.endsWith(".bat") || lower.endsWith(".cmd")
        ? 0755 : 0644;
  }

  private static void setMode(Path path, int mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view != null) {
      view.setPermissions(TarGzUnpacker.permissions(mode));
    }
  }

  private static Path destination(Path root, String name) throws UnsafeEntryException {
    if (name.isEmpty() || name.contains("\0")) {
      throw new UnsafeEntryException("entry with an empty or invalid name");
    }
    if (name.startsWith("/")) {
      throw new UnsafeEntryException("absolute entry name: " + name);
    }
    if (name.contains("\\") || name.contains(":")) {
      throw new UnsafeEntryException("entry name with a backslash, drive letter or colon: " + name);
    }
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new UnsafeEntryException("entry escapes the target directory: " + name);
      }
    }
    Path dest;
    try {
      dest = root.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new UnsafeEntryException("invalid entry name: " + name);
    }
    if (!dest.startsWith(root) || dest.equals(root)) {
      throw new UnsafeEntryException("entry escapes the target directory: " + name);
    }
    return dest;
  }

  /**
   * The entry count of the end of central directory record (zip64 when the classic one says
   * 0xFFFF), read before the central directory itself, so that an archive declaring millions of
   * entries is refused before they are loaded. -1 when the record is not found (then the zip
   * library reports what is wrong).
   */
  static long declaredEntries(Path zip) throws IOException {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = ch.size();
      int tail = (int) Math.min(size, 22 + 0xFFFF);
      ByteBuffer buf = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(buf, size - tail);
      for (int i = tail - 22; i >= 0; i--) {
        if (buf.getInt(i) == 0x06054b50) {
          int count = Short.toUnsignedInt(buf.getShort(i + 10));
          if (count != 0xFFFF || i < 20 || buf.getInt(i - 20) != 0x07064b50) {
            return count;
          }
          long zip64End = buf.getLong(i - 20 + 8);
          if (zip64End < 0 || zip64End > size - 56) {
            return Long.MAX_VALUE;
          }
          ByteBuffer rec = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
          ch.read(rec, zip64End);
          return rec.getInt(0) == 0x06064b50 ? rec.getLong(32) : Long.MAX_VALUE;
        }
      }
      return -1;
    }
  }
}
