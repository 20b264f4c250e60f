package dev.siege.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link BuildPlan}: what it reads and writes and, for steps that run Julia, the
 * script, its parameters and the complete environment changes, so an auditor can review
 * exactly what will run.
 *
 * @param script the Julia script's file name, empty for steps SIEGE does itself
 * @param setEnv variables set for the Julia process
 * @param unsetEnv variables removed from the Julia process's environment
 * @param parameters values written to the script's TOML parameter file: String, Boolean, Long
 *     or List of String
 * @param skipReason why the step will not run (e.g. no sysimage requested), empty if it runs
 */
public record BuildStep(
    StepId id,
    Optional<String> script,
    Map<String, String> setEnv,
    List<String> unsetEnv,
    Map<String, Object> parameters,
    List<String> inputs,
    List<String> outputs,
    Optional<String> skipReason) {

  public BuildStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(script, "script");
    setEnv = Map.copyOf(setEnv);
    unsetEnv = List.copyOf(unsetEnv);
    parameters = Map.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(skipReason, "skipReason");
  }

  /** A step SIEGE performs itself, without Julia. */
  public static BuildStep internal(StepId id, List<String> inputs, List<String> outputs) {
    return new BuildStep(id, Optional.empty(), Map.of(), List.of(), Map.of(), inputs, outputs, Optional.empty());
  }

  public BuildStep skipped(String reason) {
    return new BuildStep(id, script, setEnv, unsetEnv, parameters, inputs, outputs, Optional.of(reason));
  }

  public boolean runs() {
    return skipReason.isEmpty();
  }

  public boolean runsJulia() {
    return script.isPresent();
  }
}
