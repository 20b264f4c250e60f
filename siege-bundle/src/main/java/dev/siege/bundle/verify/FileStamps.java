package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.RegularFiles;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.layout.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers, per file, the sha256 it had and the file's identity when it was hashed: size,
 * modification and status-change times, inode. A file whose identity is unchanged still has that
 * content: any write changes its ctime, and a replacement changes its inode. This lets {@code
 * siege build} confirm an up-to-date bundle without reading every byte of it again; {@code siege
 * verify} never uses it and always hashes.
 *
 * <p>A file changed within a second before it was stamped is hashed again anyway: within one
 * tick of the file system's clock a rewrite can leave every attribute as it was.
 *
 * <p>Kept beside the bundle, not in it, so it never ships. Where the file system has no unix
 * attributes (inode, ctime), nothing is remembered and every file is hashed.
 */
public final class FileStamps {
  private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ctime,ino";

  /**
   * The first line of a stamp file. A file without it, or of another version, is ignored as a
   * whole: every file is hashed again, and the next write replaces it.
   */
  static final String VERSION_LINE = "# siege stamps 1";

  /**
   * A stamp file larger than this is ignored (every file hashed) rather than read: about 700,000
   * files' stamps, twice what SHA256SUMS may hold ({@link Sha256Sums#MAX_BYTES}), as a stamp line
   * is about twice as long.
   */
  static final int MAX_BYTES = 2 * Sha256Sums.MAX_BYTES;

  /** A file's identity. */
  record Stamp(long size, long mtimeNanos, long ctimeNanos, long inode) {
    /**
     * Whether both describe the same file state. Compared by hand: a record's own equals goes
     * through method handles, whose start-up (interpreted, then compiled) cost more than the
     * comparison itself over the 20,000 files of a bundle.
     */
    boolean sameAs(Stamp o) {
      return size == o.size && mtimeNanos == o.mtimeNanos && ctimeNanos == o.ctimeNanos && inode == o.inode;
    }
  }

  /**
   * @param stampedAtNanos wall-clock time the digest was remembered: a file whose ctime is that
   *     close to it could still be rewritten within the same coarse clock tick without its ctime
   *     changing ("racily clean", as git calls it), so it is hashed again
   */
  private record Entry(Stamp stamp, String sha256, long stampedAtNanos) {}

  /** Files changed less than this before being stamped are not trusted (covers 1 s timestamps). */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, Entry> entries;

  private FileStamps(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * Stamps every file listed in {@code sums} (relative to {@code root}) with its listed digest:
   * right after a build computed them, when nothing has touched the files since.
   */
  public static FileStamps of(Path root, Map<String, String> sums) {
    FileStamps stamps = empty();
    sums.forEach((name, sha) -> stamps.put(name, root.resolve(name), sha));
    return stamps;
  }

  public static FileStamps empty() {
    return new FileStamps(new HashMap<>());
  }

  /** The stamp file for a bundle at {@code bundle}: {@code .<name>.siege-stamps} beside it. */
  public static Path fileFor(Path bundle) {
    return OutputFiles.of(bundle).stamps();
  }

  /**
   * Reads a stamp file; a missing, damaged or unknown-version one, or anything but a regular file,
   * is simply empty (everything gets hashed).
   */
  public static FileStamps read(Path file) {
    Map<String, Entry> entries = new HashMap<>();
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return empty();
      }
      List<String> lines = new String(RegularFiles.read(file, MAX_BYTES), StandardCharsets.UTF_8).lines().toList();
      if (lines.isEmpty() || !lines.get(0).equals(VERSION_LINE)) {
        return empty();
      }
      long[] numbers = new long[5];
      lines:
      for (String line : lines.subList(1, lines.size())) {
        // size, mtime, ctime, inode, stamped-at, sha256, name: tab-separated (the name may hold
        // tabs). Parsed by hand: String.split was most of the time spent reading 20,000 lines.
        int from = 0;
        for (int i = 0; i < numbers.length; i++) {
          int tab = line.indexOf('\t', from);
          if (tab < 0) {
            continue lines; // too few fields: that line is ignored
          }
          numbers[i] = Long.parseLong(line, from, tab, 10);
          from = tab + 1;
        }
        int tab = line.indexOf('\t', from);
        if (tab >= 0) {
          entries.put(line.substring(tab + 1), new Entry(new Stamp(numbers[0], numbers[1], numbers[2], numbers[3]),
              line.substring(from, tab), numbers[4]));
        }
      }
    } catch (SiegeException | RuntimeException e) {
      return empty();
    }
    return new FileStamps(entries);
  }

  /** The remembered digest of {@code name} if {@code file} is unchanged since. */
  public Optional<String> digest(String name, Path file) {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (e.stamp().ctimeNanos() > e.stampedAtNanos() - RACY_NANOS) {
      return Optional.empty();
    }
    Optional<Stamp> now = stamp(file);
    return now.isPresent() && now.get().sameAs(e.stamp()) ? Optional.of(e.sha256()) : Optional.empty();
  }

  /** Remembers that {@code file} (called {@code name}) has {@code sha256} now. */
  public void put(String name, Path file, String sha256) {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    stamp(file).ifPresent(s -> entries.put(name, new Entry(s, sha256, now)));
  }

  /** Writes the stamps (temporary file and rename); failing to write only costs hashing later. */
  public void write(Path file) {
    StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
    new TreeMap<>(entries).forEach((name, e) -> {
      if (name.indexOf('\n') < 0) {
        Stamp s = e.stamp();
        sb.append(s.size()).append('\t').append(s.mtimeNanos()).append('\t').append(s.ctimeNanos()).append('\t')
            .append(s.inode()).append('\t').append(e.stampedAtNanos()).append('\t').append(e.sha256()).append('\t')
            .append(name).append('\n');
      }
    });
    try {
      AtomicFiles.writeString(file, sb);
    } catch (IOException e) {
      // Only costs hashing at the next check.
    }
  }

  static Optional<Stamp> stamp(Path file) {
    try {
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(new Stamp(((Number) a.get("size")).longValue(), nanos(a.get("lastModifiedTime")),
          nanos(a.get("ctime")), ((Number) a.get("ino")).longValue()));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException
        | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }
}
