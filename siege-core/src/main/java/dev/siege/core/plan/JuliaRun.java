package dev.siege.core.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Julia process of a build, completely decided by the plan: the binary (Julia itself, or the
 * bundle's launcher for the smoke test), the script, its parameters, every variable set and
 * removed, the working directory and the log. The pipeline runs exactly this; {@code siege plan}
 * prints exactly this.
 *
 * @param executable the program started: a {@code julia} binary or the bundle's launcher
 * @param setEnv variables set for the process
 * @param unsetEnv variables removed from the process's environment
 * @param parameters values written to the script's TOML parameter file: String, Boolean, Long or
 *     List of String
 * @param workDir the process's working directory
 * @param log where the process's whole output is saved
 * @param wrapper the command placed before {@code executable}, which it runs (e.g. {@code
 *     /usr/bin/unshare --net --} for the smoke test's network isolation); empty for none
 */
public record JuliaRun(
    Path executable,
    JuliaScript script,
    Map<String, String> setEnv,
    List<String> unsetEnv,
    Map<String, Object> parameters,
    Path workDir,
    Path log,
    List<String> wrapper) {

  public JuliaRun {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(script, "script");
    setEnv = Map.copyOf(setEnv);
    unsetEnv = List.copyOf(unsetEnv);
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(log, "log");
    wrapper = List.copyOf(wrapper);
  }

  /** A run started directly, without a wrapper. */
  public JuliaRun(Path executable, JuliaScript script, Map<String, String> setEnv, List<String> unsetEnv,
      Map<String, Object> parameters, Path workDir, Path log) {
    this(executable, script, setEnv, unsetEnv, parameters, workDir, log, List.of());
  }
}
