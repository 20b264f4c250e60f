package dev.siege.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link BuildPlan}: what it reads and writes and, for steps that run Julia, the
 * complete {@link JuliaRun}, so an auditor can review exactly what will run.
 *
 * @param julia the Julia process the step runs, empty for steps SIEGE does itself
 * @param skipReason why the step will not run (e.g. no sysimage requested), empty if it runs
 */
public record BuildStep(
    StepId id,
    Optional<JuliaRun> julia,
    List<String> inputs,
    List<String> outputs,
    Optional<String> skipReason) {

  public BuildStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(julia, "julia");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(skipReason, "skipReason");
  }

  /** A step SIEGE performs itself, without Julia. */
  public static BuildStep internal(StepId id, List<String> inputs, List<String> outputs) {
    return new BuildStep(id, Optional.empty(), inputs, outputs, Optional.empty());
  }

  /** A step that runs one Julia process. */
  public static BuildStep running(StepId id, JuliaRun julia, List<String> inputs, List<String> outputs) {
    return new BuildStep(id, Optional.of(julia), inputs, outputs, Optional.empty());
  }

  public BuildStep skipped(String reason) {
    return new BuildStep(id, julia, inputs, outputs, Optional.of(reason));
  }

  public boolean runs() {
    return skipReason.isEmpty();
  }

  public boolean runsJulia() {
    return julia.isPresent();
  }

  /** The script's file name, empty for steps without Julia. */
  public Optional<String> script() {
    return julia.map(j -> j.script().fileName());
  }

  /** The parameters of the step's Julia process, empty for steps without Julia. */
  public Map<String, Object> parameters() {
    return julia.map(JuliaRun::parameters).orElse(Map.of());
  }

  /** Variables the step's Julia process gets, empty for steps without Julia. */
  public Map<String, String> setEnv() {
    return julia.map(JuliaRun::setEnv).orElse(Map.of());
  }

  /** Variables removed from the step's Julia process, empty for steps without Julia. */
  public List<String> unsetEnv() {
    return julia.map(JuliaRun::unsetEnv).orElse(List.of());
  }

  /** The Julia run of a step that has one; a step without Julia is a programming error here. */
  public JuliaRun requireJulia() {
    return julia.orElseThrow(() -> new IllegalStateException("step " + id.id() + " runs no Julia"));
  }
}
