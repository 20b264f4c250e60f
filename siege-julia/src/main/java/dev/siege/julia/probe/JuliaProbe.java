package dev.siege.julia.probe;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.plan.ToolVersions;
import dev.siege.julia.install.ExecutableCheck;
import dev.siege.julia.install.JuliaLayout;
import dev.siege.julia.install.UserCache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds {@link JuliaInfo} for a Julia binary: the version from {@code julia --version} (cheap,
 * JULIA-FACTS §7) and the rest from one short run of {@code probe.jl}. Results are cached per
 * binary (real path, size, mtime), so a second build does not start Julia just to ask again.
 */
public final class JuliaProbe {

  /** Long enough for a cold sysimage load on a slow shared build server. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final ProbeCache cache;
  private final Path workDir;

  /**
   * @param cacheDir where probe results are remembered (e.g. {@code ~/.cache/siege/probe}), or
   *     null to probe every time
   * @param workDir the working directory for the probe processes
   */
  public JuliaProbe(Path cacheDir, Path workDir) {
    this.cache = cacheDir == null ? null : new ProbeCache(cacheDir);
    this.workDir = Objects.requireNonNull(workDir, "workDir");
  }

  /** {@code ~/.cache/siege/probe} (or under {@code $XDG_CACHE_HOME}). */
  public static Path defaultCacheDir(Map<String, String> env) {
    return UserCache.root(env).resolve("probe");
  }

  /**
   * Probes {@code executable} through {@code runner} (which must start that binary), or answers
   * from the cache when the binary is unchanged.
   *
   * <p>A Julia older than 1.6 is refused right after {@code julia --version}, before any script
   * runs. When {@code executable} is juliaup's launcher ({@link JuliaLayout#isJuliaupLauncher}),
   * the result names the real binary the probe found behind it ({@code joinpath(Sys.BINDIR,
   * Base.julia_exename())}), and the cache keys on that binary: the launcher itself is never
   * answered from the cache, since {@code juliaup default} changes what it starts.
   */
  public JuliaInfo probe(Path executable, JuliaRunner runner, SiegeListener listener)
      throws SiegeException, InterruptedException {
    boolean launcher = JuliaLayout.isJuliaupLauncher(executable);
    if (cache != null && !launcher) {
      try {
        Optional<JuliaInfo> cached = cache.get(ProbeCache.Key.of(executable), executable);
        if (cached.isPresent()) {
          requireSupported(cached.get().version(), executable);
          return cached.get();
        }
      } catch (IOException e) {
        // cannot stat the binary: the runner will report why it cannot start it
      }
    }
    JuliaInfo info = ask(executable, runner, listener, launcher);
    if (cache != null) {
      try {
        cache.put(ProbeCache.Key.of(info.executable()), info);
      } catch (IOException e) {
        // A cache that cannot be written only costs a probe next time.
      }
    }
    return info;
  }

  /**
   * Refuses a Julia no PackageCompiler 2 supports (JULIA-FACTS §1, "Julia compat"): its scripts
   * would fail in confusing ways (probe.jl's {@code import TOML} says "Package TOML not found" on
   * 1.5).
   */
  static void requireSupported(Version version, Path executable) throws SiegeException {
    if (ToolVersions.packageCompilerFor(version).isEmpty()) {
      throw new SiegeException(
          "Julia " + version + " (" + executable + ") is not supported: SIEGE needs Julia 1.6 or later"
              + " (PackageCompiler " + ToolVersions.PACKAGE_COMPILER_LEGACY + " for Julia 1.6-1.9, "
              + ToolVersions.PACKAGE_COMPILER_CURRENT + " for Julia 1.10 and later)",
          "pass {option:JULIA} PATH with Julia 1.6 or later, or {option:JULIA_VERSION} X.Y.Z to download an official one");
    }
  }

  private JuliaInfo ask(Path executable, JuliaRunner runner, SiegeListener listener, boolean launcher)
      throws SiegeException, InterruptedException {
    JuliaResult versionRun = runner.run(call(JuliaScript.VERSION), listener);
    Version version =
        VersionOutput.parse(versionRun.stdout())
            .orElseThrow(() -> new SiegeException(
                "could not read the Julia version from `" + executable + " --version`: expected \"julia version X.Y.Z\", got "
                    + (versionRun.stdout().isEmpty() ? "no output" : "\"" + versionRun.stdout().get(0) + "\""),
                "check that " + executable + " is a Julia binary"));
    requireSupported(version, executable);
    Map<String, String> r = runner.run(call(JuliaScript.PROBE), listener).results();
    JuliaInfo info;
    try {
      String probed = r.get("julia_version");
      if (probed != null && !Version.parse(probed).equals(version)) {
        throw new SiegeException("`" + executable + " --version` said " + version + " but the Julia that ran the probe is "
            + probed + (launcher ? " (did juliaup's default channel change meanwhile?)" : ""),
            "run the build again; to be sure which Julia builds, pass {option:JULIA} with the path of a julia binary");
      }
      Path bindir = Path.of(required(r, "bindir"));
      int depots = Integer.parseInt(r.getOrDefault("bundled_depots", "-1"));
      List<Path> bundled = new ArrayList<>();
      for (int i = 1; i <= depots; i++) {
        bundled.add(Path.of(required(r, "bundled_depot." + i)));
      }
      info = new JuliaInfo(
          executable,
          version,
          required(r, "arch"),
          required(r, "os"),
          r.getOrDefault("libc", ""),
          required(r, "cpu_name"),
          bindir,
          Integer.parseInt(required(r, "word_size")),
          required(r, "triplet"),
          r.getOrDefault("commit", ""),
          depots < 0 ? JuliaInfo.defaultBundledDepots(bindir) : bundled,
          JuliaLayout.isOfficialLayout(bindir));
    } catch (IllegalArgumentException e) {
      throw new SiegeException("the Julia probe of " + executable + " reported something unexpected: " + e.getMessage(),
          "run `" + executable + " --version` by hand to check that it works", e);
    }
    return launcher ? info.withExecutable(realBinary(executable, r)) : info;
  }

  /** The binary behind juliaup's launcher, as the probe reported it; it must be one. */
  private static Path realBinary(Path launcher, Map<String, String> results) throws SiegeException {
    String reported = results.get("executable");
    Path real = reported == null ? null : Path.of(reported).toAbsolutePath().normalize();
    if (real == null || ExecutableCheck.check(real).isPresent() || JuliaLayout.isJuliaupLauncher(real)) {
      throw new SiegeException(
          launcher + " is juliaup's launcher, and the Julia binary behind it could not be found"
              + (reported == null ? "" : " (the probe reported " + reported + ")"),
          "pass {option:JULIA} with the path of the Julia binary itself (`juliaup status` lists the installed versions)");
    }
    return real;
  }

  private static String required(Map<String, String> results, String key) {
    String value = results.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no \"" + key + "\" result");
    }
    return value;
  }

  private JuliaCall call(JuliaScript purpose) {
    // JULIA-FACTS §3: a stray LD_LIBRARY_PATH can hang or crash Julia; JULIA_LOAD_PATH and
    // JULIA_PROJECT are irrelevant to a probe and must not make it fail.
    EnvChanges env = EnvChanges.builder()
        .unset("JULIA_LOAD_PATH").unset("LD_LIBRARY_PATH").unset("JULIA_PROJECT").build();
    return new JuliaCall(purpose, Map.of(), List.of(), env, workDir, TIMEOUT, null);
  }
}
