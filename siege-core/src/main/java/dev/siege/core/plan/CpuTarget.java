package dev.siege.core.plan;

import dev.siege.core.env.PackageNames;
import dev.siege.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cpu_target} passed to {@code create_sysimage}. PackageCompiler's default for
 * sysimages is {@code "native"} (JULIA-FACTS §1), which only runs on CPUs like the build
 * server's and fails elsewhere with "Unable to find compatible target in system image"; SIEGE
 * defaults to {@link #portable()}, so the image runs on the secure system's CPU.
 *
 * <p>Two names are resolved per platform and Julia version by {@link #resolve}:
 *
 * <ul>
 *   <li>{@code portable}: on x86_64 (and i686, powerpc64le) the multi-target string
 *       PackageCompiler uses for apps ({@code default_app_cpu_target()}, §1); on aarch64 the
 *       official binaries' list instead, since PackageCompiler's {@code "generic"} is much slower
 *       on modern ARM CPUs (§8); on armv7l the official list too (PackageCompiler's arm branch
 *       never matches, §8).
 *   <li>{@code official}: the {@code JULIA_CPU_TARGET} the official binary of that Julia version
 *       was built with (JuliaCI/julia-buildkite {@code utilities/build_envs.sh}, §1, §8).
 * </ul>
 *
 * <p>Any other spec must be a target string Julia accepts (§3 {@code JULIA_CPU_TARGET}), checked
 * here as julia's src/processor.cpp {@code parse_cmdline} (master) parses it, because a mistake
 * otherwise shows only after minutes of sysimage building, and because the string also reaches
 * the launcher's environment: {@code ;}-separated targets, each a CPU name followed by
 * {@code ,}-separated features; a feature is a name with an optional {@code +}/{@code -}, or one
 * of the special features {@code clone_all}, {@code -clone_all}, {@code opt_size}, {@code
 * min_size} (never both, never negated) and {@code base(N)} (N the 0-based index of an earlier
 * target that has {@code clone_all}). CPU and feature names are LLVM's ({@code julia -C help}):
 * letters, digits, {@code .}, {@code _} and {@code -}; which names this Julia's LLVM knows is left
 * to Julia.
 */
public record CpuTarget(String spec) {

  /** {@code default_app_cpu_target()} of PackageCompiler v2.4.0 per {@code Sys.ARCH} (§1). */
  private static final Map<String, String> PACKAGECOMPILER_APP =
      Map.of(
          "x86_64", "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)",
          "i686", "pentium4;sandybridge,-xsaveopt,clone_all",
          "powerpc64le", "pwr8");

  /*
   * The official binaries' JULIA_CPU_TARGET, from the history of JuliaCI/julia-buildkite
   * utilities/build_envs.sh. Its branches release-julia-1.6-old, -1.8-old and -1.9-old (frozen
   * 2022-12 to 2023-04) hold the older lists; commit fe8b26e (#341, 2024-03-08) added
   * x86-64-v4 and the longer aarch64 list, and is in every branch from release-julia-1.10-old
   * on; b8414d8 (#357, 2024-06-09) gave macOS on aarch64 its own list; 3e412d4 (#308,
   * 2023-06-20) dropped the sandybridge clone on i686; b17ecf8 (#540, 2026-05-30) added
   * -rand,-fpac to neoverse-512tvb on release-1.10 to release-1.13. Assumed here: the older lists
   * for Julia 1.6-1.9 and the current lists for 1.10 and later, whatever the patch version
   * (early 1.10 patch releases were built before fe8b26e with the older lists; the newer list
   * only adds clones, and Julia 1.10's official builds accept every name in it).
   */
  private static final Map<String, String> OFFICIAL_BEFORE_1_10 =
      Map.of(
          "x86_64", "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)",
          "i686", "pentium4;sandybridge,-xsaveopt,clone_all",
          "armv7l", "armv7-a;armv7-a,neon;armv7-a,neon,vfp4",
          "aarch64", "generic;cortex-a57;thunderx2t99;carmel",
          "powerpc64le", "pwr8");

  private static final Map<String, String> OFFICIAL =
      Map.of(
          "x86_64", "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1);x86-64-v4,-rdrnd,base(1)",
          "i686", "pentium4",
          "armv7l", "armv7-a;armv7-a,neon;armv7-a,neon,vfp4",
          "aarch64", "generic;cortex-a57;thunderx2t99;carmel,clone_all;apple-m1,base(3);neoverse-512tvb,-rand,-fpac,base(3)",
          "powerpc64le", "pwr8");

  /** build_envs.sh: macOS on aarch64 targets only Apple CPUs (b8414d8). */
  private static final String OFFICIAL_MACOS_AARCH64 = "generic;apple-m1,clone_all";

  /** Marker spec resolved per platform by {@link #resolve}. */
  public static final String PORTABLE_SPEC = "portable";

  /** Marker spec for the official binary's target list, resolved per platform and version by {@link #resolve}. */
  public static final String OFFICIAL_SPEC = "official";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  // processor.cpp get_clone_base: "base(" digits ")" and nothing else.
  private static final Pattern BASE = Pattern.compile("base\\((\\d+)\\)");

  /**
   * @throws IllegalArgumentException if {@code spec} is blank or not a target string Julia
   *     accepts, with a message saying which part is wrong
   */
  public CpuTarget {
    Objects.requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("cpu target must not be blank");
    }
    if (!spec.equals(PORTABLE_SPEC) && !spec.equals(OFFICIAL_SPEC)) {
      validate(spec);
    }
  }

  /** The portable multi-target string for whatever architecture Julia reports. */
  public static CpuTarget portable() {
    return new CpuTarget(PORTABLE_SPEC);
  }

  /** The target list of the official Julia binary of the version the build uses. */
  public static CpuTarget official() {
    return new CpuTarget(OFFICIAL_SPEC);
  }

  /** Only the build server's CPU (and newer CPUs with the same features). */
  public static CpuTarget nativeCpu() {
    return new CpuTarget("native");
  }

  /**
   * A target given by the user: {@code portable}, {@code official}, {@code native} or a Julia
   * target string.
   *
   * @throws IllegalArgumentException if it is not one, saying which part is wrong
   */
  public static CpuTarget of(String spec) {
    return new CpuTarget(spec.strip());
  }

  public boolean isPortable() {
    return spec.equals(PORTABLE_SPEC);
  }

  public boolean isOfficial() {
    return spec.equals(OFFICIAL_SPEC);
  }

  public boolean isNative() {
    return spec.equals("native");
  }

  /**
   * The string to pass as {@code cpu_target} for a Julia of {@code version} on {@code arch}
   * ({@code Sys.ARCH}) and {@code os} ({@code linux}, {@code macos}, ...).
   *
   * @throws IllegalArgumentException if the target is portable or official and SIEGE knows no
   *     string for {@code arch}
   */
  public String resolve(String arch, String os, Version version) {
    if (!isPortable() && !isOfficial()) {
      return spec;
    }
    String s;
    if (isPortable() && PACKAGECOMPILER_APP.containsKey(arch)) {
      s = PACKAGECOMPILER_APP.get(arch);
    } else if (version.major() == 1 && version.minor() < 10) {
      s = OFFICIAL_BEFORE_1_10.get(arch);
    } else {
      s = arch.equals("aarch64") && os.equals("macos") ? OFFICIAL_MACOS_AARCH64 : OFFICIAL.get(arch);
    }
    if (s == null) {
      throw new IllegalArgumentException(
          "no " + spec + " CPU target is known for architecture " + arch + "; pass {option:CPU_TARGET}");
    }
    return s;
  }

  @Override
  public String toString() {
    return spec;
  }

  /** One target of the string, as far as the checks need it. */
  private record Parsed(boolean cloneAll) {}

  private static void validate(String spec) {
    String[] targets = spec.split(";", -1);
    List<Parsed> done = new ArrayList<>();
    for (int t = 0; t < targets.length; t++) {
      String where = targets.length > 1 ? "target " + (t + 1) + " (" + PackageNames.quote(targets[t]) + ")" : "the target";
      String[] fields = targets[t].split(",", -1);
      String cpu = fields[0];
      if (cpu.isEmpty()) {
        throw invalid(spec, where + " has an empty CPU name"
            + (targets[t].isEmpty() ? " (two ';' in a row, or one at either end)" : ""));
      }
      requireName(spec, where, "CPU name", cpu);
      if (cpu.equals("help")) {
        throw invalid(spec, "\"help\" makes Julia list the CPU names (julia -C help); it is not a target");
      }
      boolean cloneAll = false;
      boolean optSize = false;
      boolean minSize = false;
      for (int f = 1; f < fields.length; f++) {
        String feature = fields[f];
        boolean disable = feature.startsWith("-");
        String name = feature.startsWith("-") || feature.startsWith("+") ? feature.substring(1) : feature;
        Matcher base = BASE.matcher(name);
        switch (name) {
          case "clone_all" -> cloneAll = !disable;
          case "opt_size", "min_size" -> {
            if (disable) {
              throw invalid(spec, where + " disables " + name + ", which can only be enabled");
            }
            if (name.equals("opt_size") ? minSize : optSize) {
              throw invalid(spec, where + " has both opt_size and min_size");
            }
            optSize |= name.equals("opt_size");
            minSize |= name.equals("min_size");
          }
          case "help" -> throw invalid(
              spec, "\"help\" makes Julia list the CPU features (julia -C help); it is not a feature");
          default -> {
            if (base.matches()) {
              if (disable) {
                throw invalid(spec, where + " disables " + name + "; a base index can only be set");
              }
              int index = parseIndex(base.group(1));
              if (index >= done.size()) {
                throw invalid(spec, where + " has " + name + ", but base(N) must name an earlier target"
                    + " (0 is the first)" + (t > 0 ? ", here 0 to " + (t - 1) : "; the first target has none"));
              }
              if (!done.get(index).cloneAll()) {
                throw invalid(spec, where + " has " + name + ", but target " + (index + 1)
                    + " it names is not clone_all");
              }
            } else {
              requireName(spec, where, "feature", name);
            }
          }
        }
      }
      done.add(new Parsed(cloneAll));
    }
  }

  private static int parseIndex(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static void requireName(String spec, String where, String what, String name) {
    if (name.isEmpty()) {
      throw invalid(spec, where + " has an empty " + what + " (a ',' too many?)");
    }
    if (!NAME.matcher(name).matches()) {
      throw invalid(spec, where + " has the " + what + " " + PackageNames.quote(name)
          + ", which is not a name (letters, digits, '.', '_' and '-'; a feature may start with '+' or '-')");
    }
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException("invalid CPU target " + PackageNames.quote(spec) + ": " + problem);
  }
}
