package dev.siege.testkit;

import dev.siege.core.version.Version;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the fake Julia ({@link FakeJulia}) claims to be and how it answers: version, platform,
 * sysimage size, which JLLs have lazy artifacts, which packages leave an absolute path in their
 * {@code deps/deps.jl}, and how the smoke test ends. Immutable; change it with the {@code with*}
 * methods.
 *
 * @param version what {@code julia --version} reports, e.g. {@code 1.10.4}
 * @param arch {@code Sys.ARCH}, also the platform whose artifacts are installed
 * @param os {@code linux}, {@code macos}, ...
 * @param libc {@code glibc}, {@code musl} or empty
 * @param cpuName {@code Sys.CPU_NAME}
 * @param bindir {@code Sys.BINDIR}
 * @param wordSize {@code Sys.WORD_SIZE}
 * @param triplet the host triplet, or empty to derive it from the other fields
 * @param sysimageBytes size of the sysimage file the SYSIMAGE purpose writes
 * @param lazyJlls JLL packages whose artifacts are marked {@code lazy = true} (JULIA-FACTS §5)
 * @param depsJlWithAbsolutePath packages whose {@code deps/deps.jl} the INSTANTIATE purpose
 *     writes with the depot's absolute path in it, as a {@code build.jl} would (JULIA-FACTS §6)
 * @param smokeTest how the SMOKE_TEST purpose ends
 * @param smokeTestChecksEnvironment whether SMOKE_TEST checks what Julia depends on when it loads
 *     packages ({@code -J} file, {@code JULIA_PKG_OFFLINE}, {@code JULIA_PROJECT}, every package
 *     and artifact present in some depot); on for the process-level fake, which is started by the
 *     bundle launcher, off for {@link FakeJuliaRunner}, where no launcher runs
 * @param hookJlls JLLs that choose their artifacts with {@code .pkg/select_artifacts.jl} and
 *     {@code .pkg/platform_augmentation.jl}, as BinaryBuilder generates them for CUDA-dependent
 *     JLLs: one lazy artifact per CUDA version for each platform, the build machine choosing
 *     {@code cuda = "none"} (it has no GPU; JULIA-FACTS §8)
 * @param scratchPackages packages that make a scratch space, {@code
 *     scratchspaces/<uuid>/<key>} in DEPOT_PATH[1], whenever they are loaded (Scratch.jl,
 *     JULIA-FACTS §3): by a precompile of the project and in PackageCompiler's build
 */
public record FakeJuliaSettings(
    String version,
    String arch,
    String os,
    String libc,
    String cpuName,
    String bindir,
    int wordSize,
    String triplet,
    long sysimageBytes,
    Set<String> lazyJlls,
    Set<String> depsJlWithAbsolutePath,
    SmokeTest smokeTest,
    boolean smokeTestChecksEnvironment,
    Set<String> hookJlls,
    Set<String> scratchPackages) {

  /** The version every fake reports unless told otherwise. */
  public static final String DEFAULT_VERSION = "1.10.4";

  /**
   * JLLs whose artifacts are lazy by default: the examples of JULIA-FACTS §5 (they download in
   * {@code __init__} when missing).
   */
  public static final Set<String> DEFAULT_LAZY_JLLS = Set.of("MKL_jll", "IntelOpenMP_jll", "micromamba_jll");

  /** How the SMOKE_TEST purpose ends. */
  public enum SmokeTest {
    /** Every package loads. */
    PASS,
    /** The first package fails to load, as {@code smoke_test.jl} reports it (exit 1). */
    FAIL,
    /**
     * Loading the first package prints {@code Downloading artifact: ...}, which {@code
     * smoke_test.jl} turns into a failure (exit 1; JULIA-FACTS §5, §6).
     */
    DOWNLOAD
  }

  public FakeJuliaSettings {
    Version.parse(Objects.requireNonNull(version, "version"));
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(libc, "libc");
    Objects.requireNonNull(cpuName, "cpuName");
    Objects.requireNonNull(bindir, "bindir");
    Objects.requireNonNull(triplet, "triplet");
    if (wordSize != 32 && wordSize != 64) {
      throw new IllegalArgumentException("wordSize must be 32 or 64, was " + wordSize);
    }
    if (sysimageBytes < 1) {
      throw new IllegalArgumentException("sysimageBytes must be positive, was " + sysimageBytes);
    }
    lazyJlls = Set.copyOf(lazyJlls);
    depsJlWithAbsolutePath = Set.copyOf(depsJlWithAbsolutePath);
    Objects.requireNonNull(smokeTest, "smokeTest");
    hookJlls = Set.copyOf(hookJlls);
    scratchPackages = Set.copyOf(scratchPackages);
  }

  /** Julia 1.10.4 on x86_64 Linux with glibc, a 300 KiB sysimage, smoke tests that pass. */
  public static FakeJuliaSettings defaults() {
    return new FakeJuliaSettings(DEFAULT_VERSION, "x86_64", "linux", "glibc", "skylake",
        "/opt/julia-" + DEFAULT_VERSION + "/bin", 64, "", 300L << 10, DEFAULT_LAZY_JLLS, Set.of(),
        SmokeTest.PASS, false, DEFAULT_HOOK_JLLS, Set.of());
  }

  /**
   * JLLs that choose their artifacts with hooks by default: CUDA_Runtime_jll, whose
   * .pkg/platform_augmentation.jl sets the {@code cuda} tag from its {@code version} preference or
   * the machine's driver (JuliaBinaryWrappers/CUDA_Runtime_jll.jl, commit 04fd74af).
   */
  public static final Set<String> DEFAULT_HOOK_JLLS = Set.of("CUDA_Runtime_jll");

  /**
   * Settings from {@code SIEGE_FAKE_*} variables (see {@link FakeJuliaMain} for the list), on
   * top of {@link #defaults()}; checks of the smoke test's environment are on.
   *
   * @throws IllegalArgumentException for a malformed value
   */
  public static FakeJuliaSettings fromEnvironment(Map<String, String> env) {
    FakeJuliaSettings s = defaults().withSmokeTestChecksEnvironment(true);
    String version = env.get("SIEGE_FAKE_JULIA_VERSION");
    if (present(version)) {
      s = s.withVersion(version);
    }
    s = s.withPlatform(
        env.getOrDefault("SIEGE_FAKE_ARCH", s.arch),
        env.getOrDefault("SIEGE_FAKE_OS", s.os),
        env.getOrDefault("SIEGE_FAKE_LIBC", s.libc));
    if (present(env.get("SIEGE_FAKE_CPU_NAME"))) {
      s = s.withCpuName(env.get("SIEGE_FAKE_CPU_NAME"));
    }
    if (present(env.get("SIEGE_FAKE_BINDIR"))) {
      s = s.withBindir(env.get("SIEGE_FAKE_BINDIR"));
    }
    if (present(env.get("SIEGE_FAKE_TRIPLET"))) {
      s = s.withTriplet(env.get("SIEGE_FAKE_TRIPLET"));
    }
    if (present(env.get("SIEGE_FAKE_SYSIMAGE_BYTES"))) {
      s = s.withSysimageBytes(Long.parseLong(env.get("SIEGE_FAKE_SYSIMAGE_BYTES").strip()));
    }
    if (env.containsKey("SIEGE_FAKE_LAZY_JLLS")) {
      s = s.withLazyJlls(names(env.get("SIEGE_FAKE_LAZY_JLLS")));
    }
    if (present(env.get("SIEGE_FAKE_DEPS_JL"))) {
      s = s.withAbsolutePathInDepsJl(names(env.get("SIEGE_FAKE_DEPS_JL")));
    }
    if (present(env.get("SIEGE_FAKE_SMOKE_TEST"))) {
      s = s.withSmokeTest(SmokeTest.valueOf(env.get("SIEGE_FAKE_SMOKE_TEST").strip().toUpperCase(Locale.ROOT)));
    }
    return s;
  }

  /** The host triplet: {@link #triplet} when given, else derived like {@code triplet(HostPlatform())}. */
  public String hostTriplet() {
    if (!triplet.isEmpty()) {
      return triplet;
    }
    String system = switch (os) {
      case "linux" -> "linux-" + ("musl".equals(libc) ? "musl" : "gnu");
      case "macos" -> "apple-darwin";
      case "windows" -> "w64-mingw32";
      default -> os;
    };
    return arch + "-" + system + "-libgfortran5-cxx11-libstdcxx30-julia_version+" + version;
  }

  /** The {@code v1.X} directory name of compile caches for this version (JULIA-FACTS §3). */
  String compiledDir() {
    Version v = Version.parse(version);
    return "v" + v.major() + "." + v.minor();
  }

  /** A new version; the default BINDIR follows it. */
  public FakeJuliaSettings withVersion(String newVersion) {
    String newBindir = bindir.equals("/opt/julia-" + version + "/bin") ? "/opt/julia-" + newVersion + "/bin" : bindir;
    return new FakeJuliaSettings(newVersion, arch, os, libc, cpuName, newBindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withPlatform(String newArch, String newOs, String newLibc) {
    return new FakeJuliaSettings(version, newArch, newOs, newLibc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withCpuName(String newCpuName) {
    return new FakeJuliaSettings(version, arch, os, libc, newCpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withBindir(String newBindir) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, newBindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withTriplet(String newTriplet) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, newTriplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withSysimageBytes(long bytes) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, bytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withLazyJlls(Set<String> jlls) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        jlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  /** Packages whose {@code deps/deps.jl} INSTANTIATE writes with the depot's absolute path. */
  public FakeJuliaSettings withAbsolutePathInDepsJl(Set<String> packages) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, packages, smokeTest, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withSmokeTest(SmokeTest outcome) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, outcome, smokeTestChecksEnvironment, hookJlls, scratchPackages);
  }

  public FakeJuliaSettings withSmokeTestChecksEnvironment(boolean checks) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, checks, hookJlls, scratchPackages);
  }

  /** JLLs whose artifacts a {@code .pkg/select_artifacts.jl} hook chooses (see the record). */
  public FakeJuliaSettings withHookJlls(Set<String> jlls) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, jlls, scratchPackages);
  }

  /** Packages that make a scratch space in DEPOT_PATH[1] when loaded (see the record). */
  public FakeJuliaSettings withScratchPackages(Set<String> packages) {
    return new FakeJuliaSettings(version, arch, os, libc, cpuName, bindir, wordSize, triplet, sysimageBytes,
        lazyJlls, depsJlWithAbsolutePath, smokeTest, smokeTestChecksEnvironment, hookJlls, packages);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /** A comma-separated list of names; blanks dropped. */
  static Set<String> names(String list) {
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty()).forEach(names::add);
    return names;
  }
}
