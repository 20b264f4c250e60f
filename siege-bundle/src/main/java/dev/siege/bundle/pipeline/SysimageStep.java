package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.plan.BuildStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the sysimage with PackageCompiler (JULIA-FACTS §1) and checks it was written. */
final class SysimageStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    JuliaRuns.run(step.requireJulia(), state);
    Path sysimage = state.bundle.sysimage();
    try {
      if (!Files.isRegularFile(sysimage) || Files.size(sysimage) == 0) {
        throw new SiegeException("PackageCompiler finished but wrote no sysimage at " + sysimage,
            "look at the sysimage log in " + state.plan.logs());
      }
      state.sysimageBytes = Files.size(sysimage);
    } catch (IOException e) {
      throw BuildState.io("read the sysimage", e);
    }
  }
}
