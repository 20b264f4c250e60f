package dev.siege.bundle.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A self-extracting bundle, {@code NAME.run}: a POSIX sh script of exactly {@value #HEADER_BYTES}
 * bytes, the archive, then a trailer of {@value #TRAILER_BYTES} bytes holding the archive's
 * sha256 (a trailer, so the whole file is written in one pass, split or not). Run with {@code sh
 * NAME.run [--target DIR] [--check]}, the script checks the payload against that sha256 before
 * anything else, unpacks it into a temporary directory beside the target, checks every file
 * against the bundle's {@code SHA256SUMS}, renames it into place (never over an existing
 * directory), runs {@code bin/julia --version} and says where the bundle is. It needs sh,
 * coreutils, tar and gzip or zstd.
 */
public final class SelfExtractor {
  /** The script's size: the payload starts right after it. */
  public static final int HEADER_BYTES = 8192;

  /** The trailer's size: {@code \nsiege-payload-sha256 <hex>}, spaces, {@code \n}. */
  public static final int TRAILER_BYTES = 128;

  /** The second line of every header, by which {@code siege verify} recognizes the file. */
  public static final String MARKER = "# siege self-extracting bundle 1";

  static final String TRAILER_LABEL = "siege-payload-sha256 ";

  private final ArchiveFormat format;
  private final String top;

  SelfExtractor(ArchiveFormat format, String top) {
    this.format = format;
    this.top = top;
  }

  /** {@code NAME.run} for an output named {@code NAME.tar.gz} (or .tgz, .tar.zst, .tzst, other). */
  public static Path runFile(Path output) {
    String name = output.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".tar.gz", ".tgz", ".tar.zst", ".tzst", ".run"}) {
      if (lower.endsWith(ext) && lower.length() > ext.length()) {
        name = name.substring(0, name.length() - ext.length());
        break;
      }
    }
    return output.resolveSibling(name + ".run");
  }

  void writeHeader(OutputStream out) throws IOException {
    out.write(header());
  }

  void writeTrailer(OutputStream out, String sha256) throws IOException {
    out.write(trailer(sha256));
  }

  static byte[] trailer(String sha256) {
    StringBuilder sb = new StringBuilder("\n").append(TRAILER_LABEL).append(sha256);
    while (sb.length() < TRAILER_BYTES - 1) {
      sb.append(' ');
    }
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The header: the script, padded with comment lines to {@value #HEADER_BYTES} bytes. */
  byte[] header() {
    String script =
        template()
            .replace("@TOP@", shellQuote(top))
            .replace("@FORMAT@", format == ArchiveFormat.TAR_ZST ? "zstd" : "gzip")
            .replace("@HEADER@", Integer.toString(HEADER_BYTES))
            .replace("@TRAILER@", Integer.toString(TRAILER_BYTES));
    byte[] text = script.getBytes(StandardCharsets.UTF_8);
    if (text.length > HEADER_BYTES - 2) {
      throw new IllegalStateException("self-extracting header too long: " + text.length + " bytes");
    }
    byte[] header = Arrays.copyOf(text, HEADER_BYTES);
    for (int i = text.length; i < HEADER_BYTES; i++) {
      header[i] = (byte) ((i - text.length) % 64 == 63 || i == HEADER_BYTES - 1 ? '\n' : '#');
    }
    return header;
  }

  private static String template() {
    try (InputStream in = SelfExtractor.class.getResourceAsStream("self-extract.sh")) {
      if (in == null) {
        throw new IllegalStateException("self-extract.sh missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 'text'} for sh, with {@code '} written {@code '\''}. */
  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
