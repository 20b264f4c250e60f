package dev.siege.julia;

import dev.siege.core.plan.JuliaScript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Julia process SIEGE wants to run: why, with which parameters (written to a TOML file the
 * script reads with Julia's TOML stdlib, never spliced into code), the complete environment
 * changes, where, for how long at most, and where its whole output is logged.
 *
 * @param parameters values for the script's parameter file: {@code String}, {@code Boolean},
 *     {@code Long}/{@code Integer}, or {@code List<String>}; ignored for {@link JuliaScript#VERSION}
 * @param juliaOptions options placed before the script (e.g. {@code --startup-file=no}, {@code
 *     -J sysimage.so})
 * @param workDir the working directory of the process
 * @param logFile where the whole output is saved, or null for no log
 * @param wrapper a command placed before Julia that runs it (e.g. {@code /usr/bin/unshare --net
 *     --}, the smoke test's network isolation); its first element is an absolute path; empty for none
 */
public record JuliaCall(
    JuliaScript script,
    Map<String, Object> parameters,
    List<String> juliaOptions,
    EnvChanges env,
    Path workDir,
    Duration timeout,
    Path logFile,
    List<String> wrapper) {

  public JuliaCall {
    Objects.requireNonNull(script, "script");
    parameters = Map.copyOf(parameters);
    juliaOptions = List.copyOf(juliaOptions);
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    wrapper = List.copyOf(wrapper);
    if (!wrapper.isEmpty() && !Path.of(wrapper.get(0)).isAbsolute()) {
      throw new IllegalArgumentException("a wrapper starts with an absolute path, not " + wrapper.get(0));
    }
  }

  /** A call that starts Julia directly. */
  public JuliaCall(JuliaScript script, Map<String, Object> parameters, List<String> juliaOptions, EnvChanges env,
      Path workDir, Duration timeout, Path logFile) {
    this(script, parameters, juliaOptions, env, workDir, timeout, logFile, List.of());
  }
}
