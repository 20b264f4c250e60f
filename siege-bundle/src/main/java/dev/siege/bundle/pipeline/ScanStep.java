package dev.siege.bundle.pipeline;

import dev.siege.bundle.scan.RelocatabilityScanner;
import dev.siege.bundle.scan.ScanReport;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reports text files of the bundle that hold the path it was built in (JULIA-FACTS §2, §6). */
final class ScanStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    Path staging = state.plan.staging();
    List<String> paths = new ArrayList<>();
    paths.add(staging.toString());
    try {
      String real = staging.toRealPath().toString();
      if (!paths.contains(real)) {
        paths.add(real);
      }
    } catch (IOException e) {
      // The staging path as given is still searched.
    }
    ScanReport report = new RelocatabilityScanner().scan(staging, paths, Set.of(BundleLayout.METADATA), state.listener);
    if (!report.isRelocatable()) {
      long files = report.findings().stream().map(f -> f.file()).distinct().count();
      state.warn(files + " file(s) of the bundle contain the path it was built in (" + staging + "), which no longer"
          + " exists once the bundle is in place; code reading those paths will fail wherever the bundle runs"
          + " (JULIA-FACTS §2, §6)");
    }
  }
}
