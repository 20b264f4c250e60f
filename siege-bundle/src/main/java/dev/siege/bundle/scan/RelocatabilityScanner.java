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
 * Finds text files in a bundle that name the bundle's build-time absolute path (DESIGN.md step 8),
 * or the builder's home directory or user name, none of which exists on the secure system:
 * a package's {@code deps/deps.jl} written by its {@code build.jl}, Conda.jl's {@code deps.jl} and
 * the like break once the bundle moves (JULIA-FACTS §2, §6). Symbolic links whose target names the
 * path are reported too (line 0).
 *
 * <p>Files are streamed line by line; a file with a NUL byte in its first 8 KiB is binary and
 * skipped (as git decides), as is a file larger than the size limit. A match counts only where the
 * path ends (the next character cannot continue a file name), so {@code /b/bundle} does not match
 * {@code /b/bundle2}. A user name counts only where it is a path component ({@code /alice}, ending
 * where a name ends) or before {@code @} ({@code alice@host}): as a bare word, {@code root} or
 * {@code build} is everywhere in code.
 */
public final class RelocatabilityScanner {
  public static final long DEFAULT_MAX_TEXT_BYTES = 16L << 20;
  public static final String CODE = "relocatability-absolute-path";
  static final String BUILD_PATH = "the bundle's build-time path";
  static final String HOME = "the builder's home directory";
  static final String USER = "the builder's user name";
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
    return scan(root, buildPaths, List.of(), List.of(), exclude, listener);
  }

  /**
   * As {@link #scan(Path, Collection, Set, SiegeListener)}, also reporting files that name one of
   * {@code homes} (absolute paths, e.g. {@code $HOME} and its real path) or {@code userNames}.
   */
  public ScanReport scan(Path root, Collection<String> buildPaths, Collection<String> homes,
      Collection<String> userNames, Set<String> exclude, SiegeListener listener) throws SiegeException {
    List<Needle> needles = needles(buildPaths, homes, userNames);
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
                for (Needle needle : needles) {
                  int at = needle.find(target, target.length);
                  if (at >= 0) {
                    findings.add(new RelocationFinding(name, 0, "-> " + excerpt(target, target.length, at, needle.bytes()),
                        needle.what()));
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
                  (f.line() == 0 ? "symbolic link points into" : "names") + " " + f.what() + ": " + f.excerpt(),
                  f.what().equals(BUILD_PATH)
                      ? "the package wrote an absolute path at build time (JULIA-FACTS §6); the bundle is built in a"
                          + " temporary directory, so that path exists nowhere afterwards: check that the package works"
                          + " without it, or replace the package (Artifacts and RelocatableFolders.jl relocate)"
                      : "the package recorded where it was built (JULIA-FACTS §6): that path does not exist on the"
                          + " secure system, and it tells who built the bundle; check that the package works without"
                          + " it")));
    }
    return new ScanReport(findings, counts[0], counts[1], counts[2]);
  }

  /** Scans one file; false (and no findings) if it turned out to be binary. */
  private static boolean scanFile(Path file, String name, List<Needle> needles, List<RelocationFinding> out)
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
      byte[] line, int length, int lineNumber, String name, List<Needle> needles, List<RelocationFinding> out) {
    for (Needle needle : needles) {
      int at = needle.find(line, length);
      if (at >= 0) {
        out.add(new RelocationFinding(name, lineNumber, excerpt(line, length, at, needle.bytes()), needle.what()));
        return;
      }
    }
  }

  /**
   * What is searched for: {@code bytes}, where the character before (if {@code cleanStart}) and
   * after (if {@code cleanEnd}) cannot continue a file name.
   */
  private record Needle(byte[] bytes, boolean cleanStart, boolean cleanEnd, String what) {
    int find(byte[] hay, int length) {
      return RelocatabilityScanner.find(hay, length, bytes, cleanStart, cleanEnd);
    }
  }

  /** Index of the first occurrence of {@code needle} that is a whole path prefix, or -1. */
  static int find(byte[] hay, int length, byte[] needle) {
    return find(hay, length, needle, true, true);
  }

  private static int find(byte[] hay, int length, byte[] needle, boolean cleanStart, boolean cleanEnd) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      boolean startsClean = !cleanStart || i == 0 || !isNameChar(hay[i - 1]);
      boolean endsClean = !cleanEnd || i + needle.length == length || !isNameChar(hay[i + needle.length]);
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

  private static List<Needle> needles(Collection<String> buildPaths, Collection<String> homes,
      Collection<String> userNames) {
    if (buildPaths.isEmpty()) {
      throw new IllegalArgumentException("no build path to scan for");
    }
    List<Needle> needles = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    // Build paths first: the staging directory usually lies in the home directory, and is the
    // more precise finding.
    for (String p : buildPaths) {
      String s = absolute(p);
      if (seen.add(s)) {
        needles.add(new Needle(s.getBytes(StandardCharsets.UTF_8), true, true, BUILD_PATH));
      }
    }
    for (String p : homes) {
      String s = absolute(p);
      if (seen.add(s)) {
        needles.add(new Needle(s.getBytes(StandardCharsets.UTF_8), true, true, HOME));
      }
    }
    for (String user : userNames) {
      if (user.length() >= 2 && user.indexOf('/') < 0 && seen.add("user:" + user)) {
        needles.add(new Needle(("/" + user).getBytes(StandardCharsets.UTF_8), false, true, USER));
        needles.add(new Needle((user + "@").getBytes(StandardCharsets.UTF_8), true, false, USER));
      }
    }
    return needles;
  }

  private static String absolute(String p) {
    String s = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    if (!s.startsWith("/") || s.equals("/")) {
      throw new IllegalArgumentException("build path must be absolute and not /, was \"" + p + "\"");
    }
    return s;
  }
}
