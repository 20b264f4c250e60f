package dev.siege.bundle.checksum;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.siege.core.SiegeException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@code SHA256SUMS} file in the format of GNU coreutils' {@code sha256sum}, so that {@code
 * sha256sum -c SHA256SUMS} inside the bundle is all the secure side needs (DESIGN.md step 10).
 * Names containing a backslash or a newline are escaped the way coreutils does (a leading
 * {@code \} on the line, {@code \\} and {@code \n} in the name).
 *
 * @param entries relative path (with {@code /} separators) to lower-case hex digest, sorted
 */
public record Sha256Sums(SortedMap<String, String> entries) {

  /**
   * The largest SHA256SUMS read: a real one lists ~20,000 files in a few MB; a 3 GB one (or a link
   * to {@code /dev/zero}) is refused before it fills the memory.
   */
  public static final int MAX_BYTES = 64 << 20;

  /** The largest {@code ARCHIVE.sha256} read: one line in a real one. */
  public static final int MAX_ARCHIVE_SUM_BYTES = 64 << 10;

  public Sha256Sums {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    entries.forEach(
        (name, hex) -> {
          Objects.requireNonNull(name, "name");
          if (!isLowerHex(hex)) {
            throw new IllegalArgumentException("not a lower-case sha256 digest for " + name + ": " + hex);
          }
        });
  }

  public static Sha256Sums of(Map<String, String> entries) {
    return new Sha256Sums(new TreeMap<>(entries));
  }

  /** A fresh SHA-256 digest, for hashing bytes as they stream past. */
  public static java.security.MessageDigest newDigest() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Lower-case hex sha256 of a file's content, streamed. */
  public static String hash(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }

  /**
   * Hashes every regular file below {@code root} (symbolic links are not followed or listed; the
   * file they point at is listed under its own name), leaving out {@code exclude} names.
   */
  public static Sha256Sums compute(Path root, List<String> exclude) throws IOException {
    SortedMap<String, String> sums = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            requireRepresentable(file);
            if (attrs.isRegularFile()) {
              String name = relativeName(root, file);
              if (!exclude.contains(name)) {
                sums.put(name, hash(file));
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Sha256Sums(sums);
  }

  /** Throws when {@code file}'s name is not one SIEGE can handle (see {@link FileNames}). */
  static void requireRepresentable(Path file) throws IOException {
    if (!FileNames.representable(file)) {
      throw new java.nio.file.FileSystemException(FileNames.bytes(file), null, FileNames.problem());
    }
  }

  /** {@code file} relative to {@code root}, with {@code /} separators whatever the file system. */
  public static String relativeName(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) sb.append('/');
      sb.append(part.toString());
    }
    return sb.toString();
  }

  /**
   * Reads a SHA256SUMS file of at most {@link #MAX_BYTES}; a malformed line, a file that is not a
   * regular file (a fifo would block forever) or one over the limit is an error naming it.
   */
  public static Sha256Sums read(Path file) throws SiegeException {
    return read(file, MAX_BYTES);
  }

  /** Reads a file in SHA256SUMS format of at most {@code limit} bytes (see {@link #read(Path)}). */
  public static Sha256Sums read(Path file, int limit) throws SiegeException {
    return parse(RegularFiles.read(file, limit), file);
  }

  /** Parses a SHA256SUMS file's bytes (e.g. an archive entry); {@code file} names them in errors. */
  public static Sha256Sums parse(byte[] content, Path file) throws SiegeException {
    List<String> lines;
    try {
      lines = List.of(decode(content).split("\n", -1));
    } catch (CharacterCodingException e) {
      throw new SiegeException("checksum file is not valid UTF-8", "rebuild the bundle", file, 0, e);
    }
    SortedMap<String, String> sums = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() && i == lines.size() - 1) {
        break;
      }
      int hex = line.startsWith("\\") ? 1 : 0;
      if (!isLine(line, hex)) {
        throw new SiegeException(
            "not a sha256sum line: \"" + abbreviate(line) + "\"",
            "the file must be in 'sha256sum' format: <64 hex digits>, two spaces, the file name",
            file,
            i + 1,
            null);
      }
      String listed = line.substring(hex + 66);
      String name = hex == 0 ? listed : unescape(listed);
      if (sums.put(name, line.substring(hex, hex + 64).toLowerCase(java.util.Locale.ROOT)) != null) {
        throw new SiegeException("file listed twice: " + name, null, file, i + 1, null);
      }
    }
    return new Sha256Sums(sums);
  }

  /**
   * Whether {@code line} is {@code <64 hex digits><space><space or *><name>} from {@code start}:
   * what the pattern {@code \\?[0-9a-fA-F]{64} [ *].+} accepts (a name of at least one character,
   * none of them a line terminator), checked without a regular expression, which cost more than
   * the rest of reading a 20,000-line file.
   */
  private static boolean isLine(String line, int start) {
    if (line.length() < start + 67 || line.charAt(start + 64) != ' ') {
      return false;
    }
    char mode = line.charAt(start + 65);
    if (mode != ' ' && mode != '*') {
      return false;
    }
    for (int i = start; i < start + 64; i++) {
      char c = line.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    for (int i = start + 66; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false; // '.' matches no line terminator
      }
    }
    return true;
  }

  /** Whether {@code hex} is a lower-case sha256 digest: 64 of {@code 0-9a-f}. */
  private static boolean isLowerHex(String hex) {
    if (hex == null || hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Writes the file in coreutils text format, sorted by name. */
  public void write(Path file) throws IOException {
    Files.writeString(file, format(), StandardCharsets.UTF_8);
  }

  /** The file's content: one {@code <hex>  <name>} line per entry. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    entries.forEach((name, hex) -> sb.append(formatLine(name, hex)));
    return sb.toString();
  }

  /** One line (with its newline) for {@code name}, escaped as coreutils escapes it. */
  public static String formatLine(String name, String hex) {
    boolean escape = name.indexOf('\\') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0;
    if (!escape) {
      return hex + "  " + name + "\n";
    }
    String escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    return "\\" + hex + "  " + escaped + "\n";
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .decode(java.nio.ByteBuffer.wrap(bytes))
        .toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

}
