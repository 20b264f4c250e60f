package dev.siege.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Julia {@code VersionNumber}: {@code major.minor.patch[-prerelease][+build]}. Parsing and
 * ordering follow Julia's {@code base/version.jl}: a pre-release sorts before its release, and
 * (unlike SemVer) a build suffix sorts after it; numeric identifiers compare as numbers and sort
 * before alphanumeric ones; a lone trailing {@code -} ({@code 1.2.3-}, the lowest pre-release) or
 * {@code +} ({@code 0.4.2+}, seen in 2018 manifests) is an empty identifier that sorts first.
 *
 * @param prerelease dot-separated identifiers after {@code -}, empty when none
 * @param build dot-separated identifiers after {@code +}, empty when none
 */
public record Version(int major, int minor, int patch, List<String> prerelease, List<String> build)
    implements Comparable<Version> {

  // Julia's VERSION_REGEX (flags "ix"): the pre-release is either "-ident(.ident)*" or starts
  // with a letter right after the numbers ("1.0rc1"); a lone "-" or "+" is allowed at the end.
  private static final String IDENTS = "(?:[0-9a-z-]+\\.)*[0-9a-z-]+";
  private static final Pattern FORMAT =
      Pattern.compile(
          "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?"
              + "(?:(-)|([a-z][0-9a-z-]*(?:\\.[0-9a-z-]+)*|-"
              + IDENTS
              + ")?(?:(\\+)|(?:\\+("
              + IDENTS
              + "))?))",
          Pattern.CASE_INSENSITIVE);

  public Version {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version parts must be >= 0");
    }
    prerelease = List.copyOf(prerelease);
    build = List.copyOf(build);
  }

  public static Version of(int major, int minor, int patch) {
    return new Version(major, minor, patch, List.of(), List.of());
  }

  /**
   * Parses a version as Julia's {@code VersionNumber(::String)} does ({@code "1"}, {@code "1.2"},
   * {@code "1.10.4"}, {@code "1.12.0-rc1"}, {@code "1.11.0+1"}, {@code "0.4.2+"}, {@code
   * "1.0rc1"}, optional leading {@code v}). Numeric identifiers are stored without leading zeros,
   * as Julia stores them as integers. Surrounding whitespace is ignored (Julia would reject it).
   *
   * @throws IllegalArgumentException if the text is not a version
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a version number: \"" + text + "\"");
    }
    try {
      String pre = m.group(5);
      if (pre != null && pre.startsWith("-")) {
        pre = pre.substring(1);
      }
      return new Version(
          Integer.parseInt(m.group(1)),
          m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          pre != null ? split(pre) : m.group(4) != null ? List.of("") : List.of(),
          m.group(7) != null ? split(m.group(7)) : m.group(6) != null ? List.of("") : List.of());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version number too large: \"" + text + "\"", e);
    }
  }

  /** Whether {@link #parse} would accept {@code text}. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String ident : s.split("\\.", -1)) {
      out.add(isNumeric(ident) ? stripZeros(ident) : ident);
    }
    return out;
  }

  private static String stripZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
    return digits.substring(i);
  }

  public boolean isPrerelease() {
    return !prerelease.isEmpty();
  }

  /** The same version without pre-release and build parts. */
  public Version release() {
    return of(major, minor, patch);
  }

  /** Whether this and {@code other} share major and minor (Julia's manifest compatibility test). */
  public boolean sameMinor(Version other) {
    return major == other.major && minor == other.minor;
  }

  @Override
  public int compareTo(Version o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    if (c != 0) return c;
    // An empty pre-release sorts after any pre-release; an empty build before any build.
    c = compareIdentifiers(prerelease, o.prerelease, true);
    if (c != 0) return c;
    return compareIdentifiers(build, o.build, false);
  }

  private static int compareIdentifiers(List<String> a, List<String> b, boolean emptyIsGreatest) {
    if (a.isEmpty() || b.isEmpty()) {
      if (a.isEmpty() && b.isEmpty()) return 0;
      int emptyFirst = a.isEmpty() ? 1 : -1;
      return emptyIsGreatest ? emptyFirst : -emptyFirst;
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  // Julia's ident_cmp: integers by value; an integer beats "" but loses to any other string.
  private static int compareIdentifier(String a, String b) {
    boolean an = isNumeric(a);
    boolean bn = isNumeric(b);
    if (an && bn) {
      String x = stripZeros(a);
      String y = stripZeros(b);
      int c = Integer.compare(x.length(), y.length());
      return c != 0 ? c : x.compareTo(y);
    }
    if (an) return b.isEmpty() ? 1 : -1;
    if (bn) return a.isEmpty() ? -1 : 1;
    return a.compareTo(b);
  }

  private static boolean isNumeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
    if (!prerelease.isEmpty()) sb.append('-').append(String.join(".", prerelease));
    if (!build.isEmpty()) sb.append('+').append(String.join(".", build));
    return sb.toString();
  }
}
