package dev.siege.bundle.scan;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds text files in a bundle that name the bundle's build-time absolute path (DESIGN.md step 8):
 * a package's {@code deps/deps.jl} written by its {@code build.jl}, Conda.jl's {@code deps.jl} and
 * the like break once the bundle moves (JULIA-FACTS §2, §6). Symbolic links whose target names the
 * path are reported too (line 0).
 *
 * <p>Files are streamed line by line; a file with a NUL byte in its first 8 KiB is binary and
 * skipped (as git decides), as is a file larger than the size limit. A match counts only where the
 * path ends (the next character cannot continue a file name), so {@code /b/bundle} does not match
 * {@code /b/bundle2}.
 */
public final class RelocatabilityScanner {
  public static final long DEFAULT_MAX_TEXT_BYTES = 16L << 20;
  public static final String CODE = "relocatability-absolute-path";
  private static final int SNIFF_BYTES = 8192;
  private static final int EXCERPT_CONTEXT = 80;

  private final long maxTextBytes;

  public RelocatabilityScanner() {
    this(DEFAULT_MAX_TEXT_BYTES);
  }

  /** @param maxTextBytes larger files are skipped as not text */
  public RelocatabilityScanner(long maxTextBytes) {
    if (maxTextBytes <= 0) {
      throw new IllegalArgumentException("maxTextBytes must be positive, was " + maxTextBytes);
    }
    this.maxTextBytes = maxTextBytes;
  }

  /**
   * Scans every file below {@code root} for any of {@code buildPaths} and reports each finding as
   * a warning diagnostic (file relative to {@code root}).
   *
   * @param buildPaths absolute paths the bundle had at build time (e.g. the build directory and
   *     its real path); a trailing {@code /} is ignored
   * @param exclude relative names (or directory prefixes) not to scan, e.g. {@code siege-bundle.toml}
   */
  public ScanReport scan(Path root, Collection<String> buildPaths, Set<String> exclude, SiegeListener listener)
      throws SiegeException {
    List<byte[]> needles = needles(buildPaths);
    List<RelocationFinding> findings = new ArrayList<>();
    long[] counts = new long[3];
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              String name = Sha256Sums.relativeName(root, file);
              if (excluded(name, exclude)) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isSymbolicLink()) {
                byte[] target = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
                for (byte[] needle : needles) {
                  int at = find(target, target.length, needle);
                  if (at >= 0) {
                    findings.add(new RelocationFinding(name, 0, "-> " + excerpt(target, target.length, at, needle)));
                    break;
                  }
                }
              } else if (attrs.isRegularFile()) {
                if (attrs.size() > maxTextBytes) {
                  counts[2]++;
                } else if (scanFile(file, name, needles, findings)) {
                  counts[0]++;
                } else {
                  counts[1]++;
                }
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new SiegeException("cannot scan the bundle: " + e.getMessage(), null, root, 0, e);
    }
    findings.sort(Comparator.comparing(RelocationFinding::file).thenComparingInt(RelocationFinding::line));
    for (RelocationFinding f : findings) {
      listener.on(
          new SiegeEvent.DiagnosticReported(
              Diagnostic.warning(
                  CODE,
                  root.getFileSystem().getPath(f.file()),
                  f.line(),
                  (f.line() == 0 ? "symbolic link points into" : "names")
                      + " the bundle's build-time path: "
                      + f.excerpt(),
                  "the package wrote an absolute path at build time (JULIA-FACTS §6); the bundle is built in a"
                      + " temporary directory, so that path exists nowhere afterwards: check that the package works"
                      + " without it, or replace the package (Artifacts and RelocatableFolders.jl relocate)")));
    }
    return new ScanReport(findings, counts[0], counts[1], counts[2]);
  }

  /** Scans one file; false (and no findings) if it turned out to be binary. */
  private static boolean scanFile(Path file, String name, List<byte[]> needles, List<RelocationFinding> out)
      throws IOException {
    List<RelocationFinding> found = new ArrayList<>();
    byte[] chunk = new byte[64 * 1024];
    byte[] line = new byte[256];
    int lineLength = 0;
    int lineNumber = 1;
    long position = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (position < SNIFF_BYTES) {
          for (int i = 0; i < n && position + i < SNIFF_BYTES; i++) {
            if (chunk[i] == 0) {
              return false;
            }
          }
        }
        position += n;
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line = append(line, lineLength, chunk, start, i - start);
            lineLength += i - start;
            check(line, lineLength, lineNumber++, name, needles, found);
            lineLength = 0;
            start = i + 1;
          }
        }
        line = append(line, lineLength, chunk, start, n - start);
        lineLength += n - start;
      }
    }
    if (lineLength > 0) {
      check(line, lineLength, lineNumber, name, needles, found);
    }
    out.addAll(found);
    return true;
  }

  private static void check(
      byte[] line, int length, int lineNumber, String name, List<byte[]> needles, List<RelocationFinding> out) {
    for (byte[] needle : needles) {
      int at = find(line, length, needle);
      if (at >= 0) {
        out.add(new RelocationFinding(name, lineNumber, excerpt(line, length, at, needle)));
        return;
      }
    }
  }

  /** Index of the first occurrence of {@code needle} that is a whole path prefix, or -1. */
  static int find(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      boolean startsClean = i == 0 || !isNameChar(hay[i - 1]);
      boolean endsClean = i + needle.length == length || !isNameChar(hay[i + needle.length]);
      if (startsClean && endsClean) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isNameChar(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b == '.' || b == '_' || b == '-' || b < 0;
  }

  private static String excerpt(byte[] line, int length, int at, byte[] needle) {
    int from = Math.max(0, at - EXCERPT_CONTEXT);
    int to = Math.min(length, at + needle.length + EXCERPT_CONTEXT);
    String text = new String(line, from, to - from, StandardCharsets.UTF_8).strip();
    return (from > 0 ? "..." : "") + text + (to < length ? "..." : "");
  }

  private static byte[] append(byte[] line, int length, byte[] src, int from, int count) {
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(src, from, line, length, count);
    return line;
  }

  private static boolean excluded(String name, Set<String> exclude) {
    for (String e : exclude) {
      if (name.equals(e) || name.startsWith(e.endsWith("/") ? e : e + "/")) {
        return true;
      }
    }
    return false;
  }

  private static List<byte[]> needles(Collection<String> buildPaths) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String p : buildPaths) {
      String s = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
      if (!s.startsWith("/") || s.equals("/")) {
        throw new IllegalArgumentException("build path must be absolute and not /, was \"" + p + "\"");
      }
      distinct.add(s);
    }
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException("no build path to scan for");
    }
    return distinct.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
