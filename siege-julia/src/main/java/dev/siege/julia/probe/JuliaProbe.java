package dev.siege.julia.probe;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.julia.Purpose;
import dev.siege.julia.install.UserCache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds {@link JuliaInfo} for a Julia binary: the version from {@code julia --version} (cheap,
 * JULIA-FACTS §7) and the rest from one short run of {@code probe.jl}. Results are cached per
 * binary (path, size, mtime), so a second build does not start Julia just to ask again.
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
   */
  public JuliaInfo probe(Path executable, JuliaRunner runner, SiegeListener listener)
      throws SiegeException, InterruptedException {
    ProbeCache.Key key = null;
    if (cache != null) {
      try {
        key = ProbeCache.Key.of(executable);
        Optional<JuliaInfo> cached = cache.get(key, executable);
        if (cached.isPresent()) {
          return cached.get();
        }
      } catch (IOException e) {
        key = null; // cannot stat the binary: the runner will report why it cannot start it
      }
    }
    JuliaInfo info = ask(executable, runner, listener);
    if (cache != null && key != null) {
      try {
        cache.put(key, info);
      } catch (IOException e) {
        // A cache that cannot be written only costs a probe next time.
      }
    }
    return info;
  }

  private JuliaInfo ask(Path executable, JuliaRunner runner, SiegeListener listener)
      throws SiegeException, InterruptedException {
    JuliaResult versionRun = runner.run(call(Purpose.VERSION), listener);
    Version version =
        VersionOutput.parse(versionRun.stdout())
            .orElseThrow(() -> new SiegeException(
                "could not read the Julia version from `" + executable + " --version`: expected \"julia version X.Y.Z\", got "
                    + (versionRun.stdout().isEmpty() ? "no output" : "\"" + versionRun.stdout().get(0) + "\""),
                "check that " + executable + " is a Julia binary"));
    Map<String, String> r = runner.run(call(Purpose.PROBE), listener).results();
    try {
      return new JuliaInfo(
          executable,
          version,
          required(r, "arch"),
          required(r, "os"),
          r.getOrDefault("libc", ""),
          required(r, "cpu_name"),
          Path.of(required(r, "bindir")),
          Integer.parseInt(required(r, "word_size")),
          required(r, "triplet"));
    } catch (IllegalArgumentException e) {
      throw new SiegeException("the Julia probe of " + executable + " reported something unexpected: " + e.getMessage(),
          "run `" + executable + " --version` by hand to check that it works", e);
    }
  }

  private static String required(Map<String, String> results, String key) {
    String value = results.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no \"" + key + "\" result");
    }
    return value;
  }

  private JuliaCall call(Purpose purpose) {
    // JULIA-FACTS §3: a stray LD_LIBRARY_PATH can hang or crash Julia; JULIA_LOAD_PATH and
    // JULIA_PROJECT are irrelevant to a probe and must not make it fail.
    EnvChanges env = EnvChanges.builder()
        .unset("JULIA_LOAD_PATH").unset("LD_LIBRARY_PATH").unset("JULIA_PROJECT").build();
    return new JuliaCall(purpose, Map.of(), List.of(), env, workDir, TIMEOUT, null);
  }
}
