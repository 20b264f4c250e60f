package dev.siege.bundle.windows;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What in a bundle tree cannot exist on Windows (or breaks there), found before the bundle ships.
 *
 * <p>Symbolic links: Windows creates them only with a privilege or developer mode, so an
 * unpacking {@code tar} fails on them, and Pkg itself copies them on Windows: it unpacks with
 * {@code Tar.extract(..., copy_symlinks = copy_symlinks())} (JuliaLang/Pkg.jl
 * {@code src/PlatformEngines.jl}, master), {@code copy_symlinks()} is {@code nothing} unless
 * {@code BINARYPROVIDER_COPYDEREF} is set, and Tar.jl's {@code extract} then copies when
 * {@code !can_symlink(dir)} (JuliaLang/Tar.jl {@code src/Tar.jl}). A Windows bundle should hold
 * copies, not links.
 */
public final class WindowsNames {
  /** A typical root a user unpacks to, e.g. {@code C:\Users\<name>\Downloads\<bundle>\}: 60. */
  public static final int TYPICAL_ROOT_LENGTH = 60;
  /** Windows' MAX_PATH without long-path support, the terminating NUL included: paths reach 259. */
  public static final int MAX_PATH = 260;

  /**
   * Device names, with or without an extension, in any case, per Microsoft's naming documentation
   * ("Naming Files, Paths, and Namespaces"): CON, PRN, AUX, NUL, COM and LPT followed by a digit
   * 1-9 or by the superscript digits \u00b9 \u00b2 \u00b3, which Windows also takes for
   * devices; COM0 and LPT0 are devices on newer Windows, and a bundle must open on any.
   */
  private static final Set<String> RESERVED = Set.of(
      "CON", "PRN", "AUX", "NUL",
      "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
      "COM\u00b9", "COM\u00b2", "COM\u00b3",
      "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
      "LPT\u00b9", "LPT\u00b2", "LPT\u00b3");
  private static final Pattern BAD_CHARS = Pattern.compile("[<>:\"\\\\|?*\\x00-\\x1f]");

  private WindowsNames() {}

  /** What is wrong with one path, relative to the bundle root with {@code /} separators. */
  public record Problem(String path, Kind kind, String detail) {}

  /** The kinds of problem; {@link #LONG_PATH} is a warning (long paths can be enabled). */
  public enum Kind { CASE_CLASH, RESERVED_NAME, BAD_CHARACTER, TRAILING_DOT_OR_SPACE, SYMLINK, LONG_PATH }

  /** Every problem under {@code bundleDir}, in walk order; links are reported, not followed. */
  public static List<Problem> problems(Path bundleDir) throws IOException {
    List<Problem> found = new ArrayList<>();
    Map<Path, Map<String, String>> seen = new HashMap<>();
    Files.walkFileTree(bundleDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(bundleDir)) {
          check(dir, attrs);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        check(file, attrs);
        return FileVisitResult.CONTINUE;
      }

      private void check(Path p, BasicFileAttributes attrs) {
        String rel = bundleDir.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String other = seen.computeIfAbsent(p.getParent(), k -> new HashMap<>()).putIfAbsent(lower, name);
        if (other != null) {
          found.add(new Problem(rel, Kind.CASE_CLASH, "differs only in case from " + other));
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(stem)) {
          found.add(new Problem(rel, Kind.RESERVED_NAME, stem + " is a device name on Windows, with any extension"));
        }
        if (BAD_CHARS.matcher(name).find()) {
          found.add(new Problem(rel, Kind.BAD_CHARACTER, "has one of < > : \" \\ | ? * or a control character"));
        }
        if (name.endsWith(".") || name.endsWith(" ")) {
          found.add(new Problem(rel, Kind.TRAILING_DOT_OR_SPACE, "Windows drops a trailing dot or space"));
        }
        if (attrs.isSymbolicLink()) {
          found.add(new Problem(rel, Kind.SYMLINK, "a symbolic link, which Windows tar cannot create without privilege"));
        }
        int length = TYPICAL_ROOT_LENGTH + rel.length();
        if (length >= MAX_PATH) {
          found.add(new Problem(rel, Kind.LONG_PATH,
              length + " characters under a " + TYPICAL_ROOT_LENGTH + "-character root, over MAX_PATH (" + MAX_PATH + ")"));
        }
      }
    });
    return found;
  }
}
