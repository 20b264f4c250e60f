package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.plan.BuildStep;

/** The work of one kind of plan step; {@link StepsRunner} calls it for each step the plan lists. */
interface PipelineStep {

  /**
   * Does what {@code step} says, in {@code state}'s staging directory.
   *
   * @throws SiegeException when the step fails; the staging directory is then discarded
   */
  void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException;
}
