package dev.siege.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code [compat]} specifier with Pkg's semantics (Pkg {@code src/Versions.jl}
 * {@code semver_spec}; JULIA-FACTS §4): caret by default ({@code "1.2"} is {@code ^1.2}), tilde
 * {@code ~}, equality {@code =}, inequalities {@code >=}/{@code ≥}/{@code <}, inclusive hyphen
 * ranges {@code "1.2 - 4.5"} (spaces required) and comma-separated unions.
 *
 * <p>As in Pkg, membership looks only at major, minor and patch: pre-release and build parts of
 * a version are ignored ({@code 1.11.0-DEV} satisfies {@code "1.11"}).
 *
 * @param text the specifier as written
 * @param ranges the union of ranges it denotes, in the order written
 */
public record VersionSpec(String text, List<VersionSpec.Range> ranges) {

  // Pkg's ver_regs, translated: the version part takes no pre-release or build suffix.
  private static final String VERSION = "v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?";
  private static final Pattern SEMVER = Pattern.compile("^([~^]?)" + VERSION + "$");
  private static final Pattern INEQUALITY =
      Pattern.compile("^((?:≥\\s*)|(?:>=\\s*)|(?:=\\s*)|(?:<\\s*))v?" + VERSION + "$");
  private static final Pattern HYPHEN =
      Pattern.compile("^\\s*" + VERSION + "\\s*?\\s-\\s\\s*?" + VERSION + "\\s*$");
  private static final long MAX_PART = 0xFFFF_FFFFL; // VersionBound stores UInt32

  public VersionSpec {
    Objects.requireNonNull(text, "text");
    ranges = List.copyOf(ranges);
  }

  /**
   * Parses a {@code [compat]} value.
   *
   * @throws IllegalArgumentException with Pkg's reason when the text is not a valid specifier
   */
  public static VersionSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Range> ranges = new ArrayList<>();
    for (String part : text.strip().split(",", -1)) {
      ranges.add(parseOne(part.strip(), text));
    }
    return new VersionSpec(text, ranges);
  }

  /** Like {@link #parse} but empty instead of throwing. */
  public static Optional<VersionSpec> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether some range of this specifier contains {@code v} (Pkg's {@code v in spec}). */
  public boolean contains(Version v) {
    for (Range r : ranges) {
      if (r.contains(v)) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  private static Range parseOne(String s, String whole) {
    Matcher m = SEMVER.matcher(s);
    if (m.matches()) {
      return semver(m.group(1), bound(m, 2, whole), whole);
    }
    m = INEQUALITY.matcher(s);
    if (m.matches()) {
      return inequality(m.group(1).strip(), bound(m, 2, whole), whole);
    }
    m = HYPHEN.matcher(s);
    if (m.matches()) {
      return new Range(bound(m, 1, whole), bound(m, 4, whole));
    }
    throw new IllegalArgumentException("invalid version specifier: \"" + whole + "\"");
  }

  private static Bound bound(Matcher m, int first, String whole) {
    long[] parts = new long[3];
    int n = 0;
    for (int i = 0; i < 3 && m.group(first + i) != null; i++, n++) {
      try {
        parts[i] = Long.parseLong(m.group(first + i));
      } catch (NumberFormatException e) {
        parts[i] = MAX_PART + 1;
      }
      if (parts[i] > MAX_PART) {
        throw new IllegalArgumentException("invalid version specifier: \"" + whole + "\"");
      }
    }
    return new Bound(n, parts[0], parts[1], parts[2]);
  }

  private static Range semver(String type, Bound b, String whole) {
    if (b.significance() == 3 && b.isZero()) {
      throw new IllegalArgumentException("invalid version: \"0.0.0\" in \"" + whole + "\"");
    }
    Bound lower = new Bound(3, b.major(), b.minor(), b.patch());
    if (!type.equals("~")) { // caret: the leftmost non-zero part is fixed
      if (b.major() != 0) return new Range(lower, new Bound(1, b.major(), 0, 0));
      if (b.minor() != 0) return new Range(lower, new Bound(2, 0, b.minor(), 0));
      return switch (b.significance()) {
        case 1 -> new Range(lower, new Bound(1, 0, 0, 0));
        case 2 -> new Range(lower, new Bound(2, 0, 0, 0));
        default -> new Range(lower, new Bound(3, 0, 0, b.patch()));
      };
    }
    return b.significance() == 1
        ? new Range(lower, new Bound(1, b.major(), 0, 0))
        : new Range(lower, new Bound(2, b.major(), b.minor(), 0));
  }

  private static Range inequality(String op, Bound b, String whole) {
    Bound v = new Bound(3, b.major(), b.minor(), b.patch());
    if (b.significance() == 3 && b.isZero()) {
      throw new IllegalArgumentException("invalid version: \"0.0.0\" in \"" + whole + "\"");
    }
    switch (op) {
      case "=":
        return new Range(v, v);
      case ">=":
      case "≥":
        return new Range(v, Bound.UNBOUNDED);
      default: // "<": everything strictly below v at three-part precision
        if (v.isZero()) {
          throw new IllegalArgumentException("no version is below 0 in \"" + whole + "\"");
        }
        Bound upper;
        if (v.patch() != 0) {
          upper = new Bound(3, v.major(), v.minor(), v.patch() - 1);
        } else if (v.minor() != 0) {
          upper = new Bound(2, v.major(), v.minor() - 1, 0);
        } else {
          upper = new Bound(1, v.major() - 1, 0, 0);
        }
        return new Range(new Bound(3, 0, 0, 0), upper);
    }
  }

  /**
   * Pkg's {@code VersionBound}: the first {@code significance} parts of a version (0 = unbounded).
   * Parts past the significance are zero.
   */
  public record Bound(int significance, long major, long minor, long patch) {
    static final Bound UNBOUNDED = new Bound(0, 0, 0, 0);

    public Bound {
      if (significance < 0 || significance > 3) {
        throw new IllegalArgumentException("significance must be 0..3, was " + significance);
      }
    }

    boolean isZero() {
      return major == 0 && minor == 0 && patch == 0;
    }

    private int compareTo(Version v) {
      int c = Long.compare(major, v.major());
      if (c != 0 || significance == 1) return c;
      c = Long.compare(minor, v.minor());
      if (c != 0 || significance == 2) return c;
      return Long.compare(patch, v.patch());
    }

    /** Pkg's {@code b ≲ v} for a lower bound. */
    boolean allowsFromBelow(Version v) {
      return significance == 0 || compareTo(v) <= 0;
    }

    /** Pkg's {@code v ≲ b} for an upper bound. */
    boolean allowsFromAbove(Version v) {
      return significance == 0 || compareTo(v) >= 0;
    }

    @Override
    public String toString() {
      return switch (significance) {
        case 0 -> "*";
        case 1 -> Long.toString(major);
        case 2 -> major + "." + minor;
        default -> major + "." + minor + "." + patch;
      };
    }
  }

  /** Pkg's {@code VersionRange}: inclusive bounds compared at their own significance. */
  public record Range(Bound lower, Bound upper) {
    public Range {
      Objects.requireNonNull(lower, "lower");
      Objects.requireNonNull(upper, "upper");
    }

    public boolean contains(Version v) {
      return lower.allowsFromBelow(v) && upper.allowsFromAbove(v);
    }

    @Override
    public String toString() {
      return lower + " - " + upper;
    }
  }
}
