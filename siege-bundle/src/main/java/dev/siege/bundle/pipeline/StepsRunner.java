package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.StepId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Walks a plan's steps in order and hands each to the class that does that kind of step, so
 * that what runs is exactly what the plan lists (jib's {@code StepsRunner}). Probe and check
 * ran while the plan was made; a skipped step is reported with its reason.
 */
final class StepsRunner {
  private final Map<StepId, PipelineStep> steps = new EnumMap<>(StepId.class);

  StepsRunner() {
    steps.put(StepId.TARGET_JULIA, new TargetJuliaStep());
    steps.put(StepId.TOOLS, new ToolsStep());
    steps.put(StepId.REGISTRIES, new RegistriesStep());
    steps.put(StepId.INSTANTIATE, new InstantiateStep());
    steps.put(StepId.SYSIMAGE, new SysimageStep());
    steps.put(StepId.PRUNE, new PruneStep());
    steps.put(StepId.LAYOUT, new LayoutStep());
    steps.put(StepId.SCAN, new ScanStep());
    steps.put(StepId.SMOKE_TEST, new SmokeTestStep());
    steps.put(StepId.TARGET_CHECK, new TargetCheckStep());
    steps.put(StepId.REVIEW, new ReviewStep());
    steps.put(StepId.CHECKSUMS, new ChecksumsStep());
  }

  /** Runs every step of {@code state}'s plan that is not done during planning. */
  void run(BuildState state) throws SiegeException, InterruptedException {
    for (BuildStep step : state.plan.steps()) {
      if (step.id().duringPlanning()) {
        continue;
      }
      PipelineStep impl = steps.get(step.id());
      if (impl == null) {
        throw new IllegalStateException("no implementation for plan step " + step.id().id());
      }
      if (!step.runs()) {
        Steps.skip(step.id(), step.skipReason().get(), state.listener);
        continue;
      }
      Steps.run(step.id(), state.listener, () -> {
        impl.run(step, state);
        return null;
      });
    }
  }
}
