package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.plan.BuildStep;

/**
 * Runs the target check the plan describes for a bundle for another platform ({@code
 * target_check.jl} with the build's Julia on the staged bundle): it loads nothing, and fails when
 * the depot lacks a manifest package or an artifact the target selects. It says in the build's
 * output that it is not a smoke test.
 */
final class TargetCheckStep implements PipelineStep {
  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    state.info("no smoke test: the bundle is for " + state.plan.target().triplet() + ", whose Julia cannot run here;"
        + " checking instead that the depot holds every package and every artifact that platform selects");
    JuliaRuns.run(step.requireJulia(), state);
  }
}
