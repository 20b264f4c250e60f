package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.Sha256Sums;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where the bytes of an archive go: one file, or parts of at most a given size ({@code
 * NAME.part-001}, {@code NAME.part-002}, ...), which {@code cat NAME.part-* > NAME} joins again.
 * Everything is written under temporary names beside the target and renamed only by {@link
 * #commit()}; {@link #abort()} deletes them, so a failure leaves no partial output and an existing
 * one untouched. The checksum file {@code NAME.sha256} lists, in {@code sha256sum -c} format, each
 * part (when split) and the whole.
 */
final class ArchiveOutput extends OutputStream {
  /** Parts are numbered with three digits, so that a shell glob lists them in order. */
  static final int MAX_PARTS = 999;

  private static final Pattern PART_NUMBER = Pattern.compile("\\d{3,9}");

  private final Path target;
  private final long partBytes; // 0: one file
  private final String unique = "." + UUID.randomUUID().toString().substring(0, 8) + ".part";
  private final MessageDigest whole = Sha256Sums.newDigest();
  private final MessageDigest partDigest = Sha256Sums.newDigest();
  private final List<Path> temps = new ArrayList<>();
  private final List<String> partSums = new ArrayList<>();
  private OutputStream current;
  private int count;
  private long inPart;
  private long total;
  private String sha256;

  private ArchiveOutput(Path target, long partBytes) {
    this.target = target;
    this.partBytes = partBytes;
  }

  /** One file at {@code target}. */
  static ArchiveOutput single(Path target) throws IOException {
    ArchiveOutput out = new ArchiveOutput(target, 0);
    out.open();
    return out;
  }

  /** Parts of {@code partBytes} bytes (the last one smaller) named {@code target.part-NNN}. */
  static ArchiveOutput split(Path target, long partBytes) throws IOException {
    if (partBytes < 1) {
      throw new IllegalArgumentException("part size must be at least 1 byte, was " + partBytes);
    }
    ArchiveOutput out = new ArchiveOutput(target, partBytes);
    out.open();
    return out;
  }

  /** The name of part {@code n} (from 1) of {@code target}. */
  static Path part(Path target, int n) {
    return target.resolveSibling(target.getFileName() + String.format(".part-%03d", n));
  }

  /** {@code NAME.sha256} beside {@code target}. */
  static Path checksumFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".sha256");
  }

  private boolean splits() {
    return partBytes > 0;
  }

  private void open() throws IOException {
    if (splits() && count == MAX_PARTS) {
      throw new IOException(
          "the archive would need more than " + MAX_PARTS + " parts of " + partBytes + " bytes: choose a larger part size");
    }
    Path final_ = splits() ? part(target, count + 1) : target;
    Path temp = final_.resolveSibling("." + final_.getFileName() + unique);
    temps.add(temp);
    count++;
    current = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    inPart = 0;
  }

  private void closePart() throws IOException {
    current.close();
    current = null;
    if (splits()) {
      partSums.add(HexFormat.of().formatHex(partDigest.digest()));
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (current == null) {
      throw new IOException("archive output closed");
    }
    while (len > 0) {
      if (splits() && inPart == partBytes) {
        closePart();
        open();
      }
      int n = splits() ? (int) Math.min(len, partBytes - inPart) : len;
      current.write(b, off, n);
      whole.update(b, off, n);
      if (splits()) {
        partDigest.update(b, off, n);
      }
      inPart += n;
      total += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (current != null) {
      current.flush();
    }
  }

  /** Ends the last file (the compressor closes its output: this is where that lands). */
  @Override
  public void close() throws IOException {
    if (current != null) {
      closePart();
      sha256 = HexFormat.of().formatHex(whole.digest());
    }
  }

  /** The sha256 of all bytes written; after {@link #close()}. */
  String sha256() {
    if (sha256 == null) {
      throw new IllegalStateException("not closed yet");
    }
    return sha256;
  }

  long bytes() {
    return total;
  }

  /** The files written: the archive, or its parts in order. After {@link #commit()}. */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(splits() ? part(target, i + 1) : target);
    }
    return files;
  }

  /**
   * Writes {@code NAME.sha256}, renames every temporary file to its name, and (when split)
   * deletes parts of an earlier split with a higher number, which {@code cat NAME.part-*} would
   * otherwise join too; returns the parts deleted.
   */
  List<Path> commit() throws IOException {
    close();
    StringBuilder sums = new StringBuilder();
    List<Path> files = files();
    if (splits()) {
      for (int i = 0; i < files.size(); i++) {
        sums.append(Sha256Sums.formatLine(files.get(i).getFileName().toString(), partSums.get(i)));
      }
    }
    sums.append(Sha256Sums.formatLine(target.getFileName().toString(), sha256));
    Path sumsFile = checksumFile(target);
    Path sumsTemp = sumsFile.resolveSibling("." + sumsFile.getFileName() + unique);
    temps.add(sumsTemp);
    Files.writeString(sumsTemp, sums, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    for (int i = 0; i < files.size(); i++) {
      Files.move(temps.get(i), files.get(i), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(sumsTemp, sumsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    temps.clear();
    return splits() ? deleteStaleParts(files.size()) : List.of();
  }

  private List<Path> deleteStaleParts(int count) throws IOException {
    List<Path> stale = new ArrayList<>();
    String prefix = target.getFileName() + ".part-";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.toAbsolutePath().getParent(), prefix + "*")) {
      for (Path p : siblings) {
        String name = p.getFileName().toString();
        if (PART_NUMBER.matcher(name.substring(prefix.length())).matches()) {
          int n = Integer.parseInt(name.substring(prefix.length()));
          if (n > count && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            stale.add(p);
          }
        }
      }
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
    return stale;
  }

  /** Closes and deletes whatever was written. */
  void abort() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // deleted next
      }
      current = null;
    }
    for (Path p : temps) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // unique dot-name: harmless
      }
    }
    temps.clear();
  }
}
