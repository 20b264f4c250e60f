package dev.siege.core.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform a bundle is for, as Julia's {@code Base.BinaryPlatforms.Platform} describes one:
 * arch, OS, libc, call ABI and further tags (the compiler ABI tags {@code libgfortran_version},
 * {@code cxxstring_abi}, {@code libstdcxx_version}, {@code os_version}, {@code julia_version},
 * and any other, such as {@code cuda}). {@link #parse} reads a triplet and {@link #triplet()}
 * writes one as {@code parse(Platform, s)} and {@code triplet(p)} do (julia base/binaryplatforms.jl,
 * master: {@code triplet_regex}, {@code add_tag!}, {@code validate_tags}, {@code triplet}). A
 * value class: no I/O, nothing about a machine.
 *
 * @param arch normalised as Julia does ({@code amd64} is {@code x86_64}, {@code arm64} is {@code aarch64})
 * @param os {@code linux}, {@code macos}, {@code windows}, {@code freebsd}, {@code openbsd}
 * @param libc {@code glibc} or {@code musl} on Linux, empty elsewhere
 * @param callAbi {@code eabihf}/{@code eabi} on 32-bit ARM Linux, empty elsewhere
 * @param tags every other tag, lower case, keys sorted
 */
public record TargetPlatform(String arch, String os, String libc, String callAbi, Map<String, String> tags) {

  /** Tags Julia reserves (the Platform docstring); {@link #withTag} refuses to set them but for the ABI ones. */
  public static final Set<String> RESERVED = Set.of("arch", "os", "os_version", "libc", "call_abi",
      "libgfortran_version", "libstdcxx_version", "cxxstring_abi", "julia_version");

  /**
   * The arches of a Windows bundle: those Julia's {@code validate_tags} accepts for Windows
   * (base/binaryplatforms.jl, master: x86_64, i686, armv7l, aarch64) less armv7l. Julia's Windows
   * binaries are x86_64 and i686 builds (JuliaLang/julia README.windows.md), which ARM64 Windows
   * also runs (emulated); nothing runs a bundle on 32-bit ARM Windows, and {@code bin\julia.cmd}
   * knows no such machine. {@code WindowsLauncher} checks against this same list.
   */
  public static final List<String> WINDOWS_ARCHES = List.of("x86_64", "i686", "aarch64");

  private static final Map<String, String> ARCH = new LinkedHashMap<>();
  static {
    // base/binaryplatforms.jl arch_mapping
    ARCH.put("x86_64", "(?:x86_|amd)64");
    ARCH.put("i686", "i\\d86");
    ARCH.put("aarch64", "(?:aarch64|arm64)");
    ARCH.put("armv7l", "arm(?:v7l)?");
    ARCH.put("armv6l", "armv6l");
    ARCH.put("powerpc64le", "p(?:ower)?pc64le");
    ARCH.put("riscv64", "(?:rv64|riscv64)");
  }

  private static final Pattern TRIPLET = Pattern.compile("^(?<arch>[^-]+)"
      + "(?<os>-apple-darwin(?<darwin>[\\d.]*)|-(?:[^-]*-)?freebsd(?<freebsd>[\\d.]*)|-(?:[^-]*-)?openbsd[\\d.]*"
      + "|-w64-mingw32|-(?:[^-]*-)?linux)"
      + "(?<libc>-gnu|-musl)?(?<abi>eabihf|eabi)?"
      + "(?:-libgfortran(?<gf>[345])|-gcc(?<gcc>[478]))?"
      + "(?<cxx>-cxx03|-cxx11)?"
      + "(?:-libstdcxx(?<stdcxx>\\d+))?"
      + "(?<tags>(?:-[^-+]+\\+[^-+]+)*)$");

  /**
   * Reserved keys that are fields of the triplet, not {@code -key+value} tags, and how to write
   * each instead ({@code julia_version} is a tag: {@code -julia_version+1.10.4}).
   */
  private static final Map<String, String> IN_TRIPLET = Map.of(
      "arch", "first, such as aarch64-linux-gnu",
      "os", "as the OS part, such as x86_64-linux-gnu, x86_64-w64-mingw32 or aarch64-apple-darwin",
      "libc", "as -gnu or -musl after linux, such as x86_64-linux-musl",
      "call_abi", "glued to the libc of 32-bit ARM Linux, such as armv7l-linux-gnueabihf",
      "os_version", "in the OS part, such as x86_64-apple-darwin14 or x86_64-unknown-freebsd13.2",
      "libgfortran_version", "as -libgfortran3, -libgfortran4 or -libgfortran5 after the libc",
      "libstdcxx_version", "as -libstdcxxNN (3.4.NN) after the libc",
      "cxxstring_abi", "as -cxx03 or -cxx11 after the libc");

  private static final Pattern VERSION = Pattern.compile("(?:0|[1-9][0-9]*)(?:\\.(?:0|[1-9][0-9]*)){0,2}");

  /** Characters add_tag! refuses in a tag name or value ({@code nonos}). */
  private static final Pattern NONO = Pattern.compile("[+\\- /<>:\"'\\\\|?*]");

  public TargetPlatform {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(libc, "libc");
    Objects.requireNonNull(callAbi, "callAbi");
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /**
   * Reads a triplet such as {@code aarch64-linux-gnu}, {@code x86_64-w64-mingw32}, {@code
   * aarch64-apple-darwin}, {@code x86_64-linux-gnu-libgfortran5-cxx11-cuda+12.6}, and checks it as
   * {@code validate_tags} does (a known arch and OS, a libc only on Linux, a call ABI only on
   * 32-bit ARM Linux).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static TargetPlatform parse(String triplet) {
    Objects.requireNonNull(triplet, "triplet");
    String s = triplet.strip();
    Matcher m = TRIPLET.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("\"" + shown(triplet) + "\" is not a platform triplet: expected ARCH-OS[-LIBC][-TAG+VALUE...]"
          + " such as x86_64-linux-gnu, aarch64-linux-gnu, x86_64-linux-musl, x86_64-w64-mingw32 or aarch64-apple-darwin");
    }
    String arch = normaliseArch(m.group("arch"))
        .orElseThrow(() -> new IllegalArgumentException("unknown architecture \"" + shown(m.group("arch")) + "\" in \"" + shown(triplet)
            + "\": Julia knows " + String.join(", ", ARCH.keySet())));
    String osPart = m.group("os");
    String os = osPart.startsWith("-apple-darwin") ? "macos"
        : osPart.equals("-w64-mingw32") ? "windows"
        : osPart.contains("freebsd") ? "freebsd"
        : osPart.contains("openbsd") ? "openbsd"
        : "linux";
    String libc = m.group("libc") == null ? "" : m.group("libc").equals("-gnu") ? "glibc" : "musl";
    String abi = m.group("abi") == null ? "" : m.group("abi");
    Map<String, String> tags = new TreeMap<>();
    String gf = m.group("gf") != null ? m.group("gf") : m.group("gcc") != null ? gccToGfortran(m.group("gcc")) : null;
    if (gf != null) {
      tags.put("libgfortran_version", gf + ".0.0");
    }
    if (m.group("cxx") != null) {
      tags.put("cxxstring_abi", m.group("cxx").substring(1));
    }
    if (m.group("stdcxx") != null) {
      tags.put("libstdcxx_version", "3.4." + Integer.parseInt(m.group("stdcxx")));
    }
    String osVersion = m.group("darwin") != null ? m.group("darwin") : m.group("freebsd");
    if (osVersion != null && !osVersion.isEmpty()) {
      tags.put("os_version", osVersion);
    }
    Map<String, String> extra = new TreeMap<>();
    for (String field : m.group("tags").split("-")) {
      if (field.isEmpty()) {
        continue;
      }
      int plus = field.indexOf('+');
      String key = field.substring(0, plus).toLowerCase(Locale.ROOT);
      // parse(Platform, s) merges these over the fields it read (`merge!(tags, Dict(split_tags(
      // m["tags"])))`, then sets os_version last): -libc+musl would make Julia's platform musl
      // while the triplet says glibc, -os+windows or -arch+aarch64 throw "Cannot double-pass key",
      // -os_version+14 is dropped. Each has its own place in the triplet.
      if (IN_TRIPLET.containsKey(key)) {
        throw new IllegalArgumentException("\"-" + key + "+...\" in \"" + shown(triplet) + "\": " + key
            + " is part of the triplet itself, not a -key+value tag; write it " + IN_TRIPLET.get(key));
      }
      if (extra.containsKey(key)) {
        throw new IllegalArgumentException("the tag " + key + " is given twice in \"" + shown(triplet) + "\"");
      }
      extra.put(key, field.substring(plus + 1).toLowerCase(Locale.ROOT));
    }
    // Platform(): Linux without a libc is glibc; 32-bit ARM Linux without a call ABI is eabihf.
    if (os.equals("linux") && libc.isEmpty()) {
      libc = "glibc";
    }
    if (os.equals("linux") && (arch.equals("armv7l") || arch.equals("armv6l")) && abi.isEmpty()) {
      abi = "eabihf";
    }
    TargetPlatform p = new TargetPlatform(arch, os, libc, abi, tags);
    p.validate(triplet);
    return p.withTags(extra);
  }

  private static String gccToGfortran(String gcc) {
    return switch (gcc) {
      case "4" -> "3";
      case "7" -> "4";
      default -> "5";
    };
  }

  private static Optional<String> normaliseArch(String given) {
    String lower = given.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : ARCH.entrySet()) {
      if (lower.matches(e.getValue())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** {@code validate_tags} (base/binaryplatforms.jl): combinations Julia refuses when strict. */
  private void validate(String given) {
    String where = " in \"" + shown(given) + "\"";
    if (os.equals("windows") && !WINDOWS_ARCHES.contains(arch)) {
      String why = arch.equals("armv7l")
          ? "Julia's platform names allow armv7l Windows, but there is no Julia for it to run a bundle"
          : "Julia has no " + arch + " Windows platform";
      throw new IllegalArgumentException(why + where + ": a Windows bundle is for " + String.join(", ", WINDOWS_ARCHES));
    }
    if (os.equals("macos") && !List.of("x86_64", "aarch64").contains(arch)) {
      throw new IllegalArgumentException("Julia has no " + arch + " macOS platform" + where);
    }
    if (!os.equals("linux") && !libc.isEmpty()) {
      throw new IllegalArgumentException("a libc (" + libc + ") is only part of a Linux platform" + where);
    }
    boolean arm32Linux = os.equals("linux") && (arch.equals("armv7l") || arch.equals("armv6l"));
    if (!arm32Linux && !callAbi.isEmpty()) {
      throw new IllegalArgumentException("a call ABI (" + callAbi + ") is only part of a 32-bit ARM Linux platform" + where);
    }
  }

  /**
   * This platform with tag {@code key} set to {@code value}, checked as {@code add_tag!} checks
   * (no {@code + - / < > : " ' \ | ? *} or space; lower-cased). {@code arch}, {@code os}, {@code
   * libc} and {@code call_abi} are part of the triplet, not tags.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public TargetPlatform withTag(String key, String value) {
    String k = Objects.requireNonNull(key, "key").strip().toLowerCase(Locale.ROOT);
    String v = Objects.requireNonNull(value, "value").strip().toLowerCase(Locale.ROOT);
    if (k.isEmpty() || v.isEmpty()) {
      throw new IllegalArgumentException("a platform tag needs a name and a value, such as cuda=12.6");
    }
    if (NONO.matcher(k).find() || NONO.matcher(v).find()) {
      throw new IllegalArgumentException("platform tag " + shown(key + "=" + value)
          + ": Julia allows no + - / < > : \" ' \\ | ? * or space in a tag's name or value");
    }
    if (List.of("arch", "os", "libc", "call_abi").contains(k)) {
      throw new IllegalArgumentException("platform tag " + k + " is part of the triplet: give it in the platform, such as"
          + " aarch64-linux-gnu");
    }
    checkReserved(k, v);
    Map<String, String> t = new TreeMap<>(tags);
    t.put(k, v);
    return new TargetPlatform(arch, os, libc, callAbi, t);
  }

  /**
   * The reserved tags' values as Julia's {@code validate_tags} and {@code triplet} need them
   * (base/binaryplatforms.jl): {@code libgfortran_version} a version whose major is 3, 4 or 5
   * (the triplet writes {@code -libgfortranN}, which parse reads only for those),
   * {@code libstdcxx_version} 3.4.N ({@code -libstdcxxN}), {@code cxxstring_abi} cxx03 or cxx11,
   * {@code os_version} a version and only on macOS and FreeBSD (the only triplets that carry
   * it: {@code os_str}), {@code julia_version} a version (whether it is the build Julia's is the
   * plan's to check).
   */
  private void checkReserved(String k, String v) {
    String bad = "platform tag " + shown(k + "=" + v) + ": ";
    switch (k) {
      case "libgfortran_version" -> {
        if (!VERSION.matcher(v).matches() || !List.of("3", "4", "5").contains(major(v))) {
          throw new IllegalArgumentException(bad + "Julia knows libgfortran 3, 4 and 5 (such as 5.0.0)");
        }
      }
      case "libstdcxx_version" -> {
        if (!VERSION.matcher(v).matches() || !v.matches("3\\.4\\.[0-9]+")) {
          throw new IllegalArgumentException(bad + "a libstdc++ version is 3.4.N, such as 3.4.30");
        }
      }
      case "cxxstring_abi" -> {
        if (!v.equals("cxx03") && !v.equals("cxx11")) {
          throw new IllegalArgumentException(bad + "the C++ string ABI is cxx03 or cxx11");
        }
      }
      case "os_version" -> {
        if (!os.equals("macos") && !os.equals("freebsd")) {
          throw new IllegalArgumentException(bad + "Julia writes an OS version only into macOS and FreeBSD triplets,"
              + " so for " + os + " the hooks Pkg runs would never see it");
        }
        if (!VERSION.matcher(v).matches()) {
          throw new IllegalArgumentException(bad + "an OS version is a version number, such as 14");
        }
      }
      case "julia_version" -> {
        if (!VERSION.matcher(v).matches()) {
          throw new IllegalArgumentException(bad + "a Julia version is a version number, such as 1.10.4");
        }
      }
      default -> { }
    }
  }

  /** {@code given} for a message: at most 100 characters, longer ones cut and their length said. */
  public static String shown(String given) {
    return given.length() <= 100 ? given : given.substring(0, 100) + "... (" + given.length() + " characters)";
  }

  /** This platform with every tag of {@code more} set ({@link #withTag}). */
  public TargetPlatform withTags(Map<String, String> more) {
    TargetPlatform p = this;
    for (Map.Entry<String, String> e : more.entrySet()) {
      p = p.withTag(e.getKey(), e.getValue());
    }
    return p;
  }

  /** Arch, OS, libc and call ABI only: the platform without any tag. */
  public TargetPlatform base() {
    return new TargetPlatform(arch, os, libc, callAbi, Map.of());
  }

  /**
   * Whether a Julia on {@code other} runs what is built for this one and the other way round:
   * the same arch, OS, libc and call ABI. Tags do not count (a {@code cuda} tag chooses artifacts,
   * not the Julia binary); a CPU model is not part of a platform at all.
   */
  public boolean sameBase(TargetPlatform other) {
    return arch.equals(other.arch) && os.equals(other.os) && libc.equals(other.libc) && callAbi.equals(other.callAbi);
  }

  /**
   * The triplet as Julia's {@code triplet(p)} writes it: arch, OS (with {@code os_version}), libc,
   * call ABI, then {@code -libgfortranN}, {@code -cxx11}, {@code -libstdcxxNN}, then every other
   * tag as {@code -key+value}. Julia writes those in the order of its tag Dict; here they are
   * sorted by name, which {@code parse} reads back the same.
   */
  public String triplet() {
    StringBuilder sb = new StringBuilder(arch);
    String osVersion = tags.get("os_version");
    switch (os) {
      case "linux" -> sb.append("-linux");
      case "macos" -> sb.append("-apple-darwin").append(osVersion == null ? "" : major(osVersion));
      case "windows" -> sb.append("-w64-mingw32");
      case "freebsd" -> sb.append("-unknown-freebsd").append(osVersion == null ? "" : majorMinor(osVersion));
      case "openbsd" -> sb.append("-unknown-openbsd");
      default -> sb.append("-unknown");
    }
    if (!libc.isEmpty()) {
      sb.append(libc.equals("glibc") ? "-gnu" : "-" + libc);
    }
    sb.append(callAbi);
    if (tags.containsKey("libgfortran_version")) {
      sb.append("-libgfortran").append(major(tags.get("libgfortran_version")));
    }
    if (tags.containsKey("cxxstring_abi")) {
      sb.append('-').append(tags.get("cxxstring_abi"));
    }
    if (tags.containsKey("libstdcxx_version")) {
      String[] parts = tags.get("libstdcxx_version").split("\\.");
      sb.append("-libstdcxx").append(parts.length > 2 ? parts[2] : "0");
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!Set.of("libgfortran_version", "libstdcxx_version", "cxxstring_abi", "os_version").contains(e.getKey())) {
        sb.append('-').append(e.getKey()).append('+').append(e.getValue());
      }
    }
    return sb.toString();
  }

  /** The triplet without tags, e.g. {@code aarch64-linux-gnu}. */
  public String baseTriplet() {
    return base().triplet();
  }

  private static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  private static String majorMinor(String version) {
    String[] parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0] + ".0";
  }

  @Override
  public String toString() {
    return triplet();
  }
}
