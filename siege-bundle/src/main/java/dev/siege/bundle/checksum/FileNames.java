package dev.siege.bundle.checksum;

import dev.siege.core.SiegeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * File names are bytes; SIEGE handles them as UTF-8 strings (SHA256SUMS, the tree record and tar
 * entries are UTF-8). A name that is not valid UTF-8, or that the JVM cannot decode because its
 * locale is not a UTF-8 one ({@code LC_ALL=C}: Java 17 takes {@code sun.jnu.encoding} from the
 * locale and ignores it on the command line), would be named by a different string than the one
 * listed and then be "missing": such names are refused instead, shown as bytes.
 */
public final class FileNames {
  private FileNames() {}

  /** Whether the string Java decoded for {@code path} names the same file again. */
  public static boolean representable(Path path) {
    try {
      return path.equals(path.getFileSystem().getPath(path.toString()));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** {@code path}'s bytes: printable ASCII as is, every other byte as {@code \xHH}. */
  public static String bytes(Path path) {
    String raw;
    try {
      raw = path.toAbsolutePath().toUri().getRawPath();
    } catch (RuntimeException e) {
      return path.toString();
    }
    StringBuilder sb = new StringBuilder();
    byte[] ascii = raw.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < ascii.length; i++) {
      int b = ascii[i];
      if (b == '%' && i + 2 < ascii.length) {
        b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        i += 2;
      }
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b & 0xff));
      }
    }
    String s = sb.toString();
    return path.getFileSystem().getSeparator().equals("/") && s.endsWith("/") && s.length() > 1
        ? s.substring(0, s.length() - 1)
        : s;
  }

  /** {@code path}'s bytes relative to {@code root} (see {@link #bytes(Path)}). */
  public static String bytes(Path root, Path path) {
    String full = bytes(path);
    String base = bytes(root) + "/";
    return full.startsWith(base) ? full.substring(base.length()) : full;
  }

  /** Why a name cannot be handled, and what to do. */
  public static String problem() {
    String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
    boolean utf8 = jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8");
    return utf8
        ? "file name is not valid UTF-8; a bundle's names must be (rename the file)"
        : "file name cannot be read in this locale (" + jnu + "); run SIEGE in a UTF-8 locale, e.g."
            + " LC_ALL=C.UTF-8 (./siege does)";
  }

  /** The error for a file whose name cannot be handled (see the class comment). */
  public static SiegeException refusal(Path path) {
    return new SiegeException(problem() + ": " + bytes(path), null, null, 0, null);
  }
}
