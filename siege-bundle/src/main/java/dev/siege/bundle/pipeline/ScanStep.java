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

/**
 * Reports text files of the bundle that hold the path it was built in, or the builder's home
 * directory or user name (JULIA-FACTS §2, §6): none of them exists where the bundle runs, and the
 * last two tell who built it.
 */
final class ScanStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    Path staging = state.plan.staging();
    List<String> homes = new ArrayList<>();
    String home = System.getProperty("user.home", "");
    if (home.startsWith("/") && !home.equals("/")) {
      withRealPath(Path.of(home), homes);
    }
    String user = System.getProperty("user.name", "");
    ScanReport report = new RelocatabilityScanner().scan(staging, withRealPath(staging, new ArrayList<>()), homes,
        user.isBlank() ? List.of() : List.of(user), Set.of(BundleLayout.METADATA), state.listener);
    if (!report.isRelocatable()) {
      long files = report.findings().stream().map(f -> f.file()).distinct().count();
      state.warn(files + " file(s) of the bundle name the path it was built in (" + staging + "), the builder's home"
          + " directory or user name, none of which exists where the bundle runs; code reading those paths will fail"
          + " wherever the bundle runs (JULIA-FACTS §2, §6)");
    }
  }

  /** Adds {@code path} and, when it differs, its real path to {@code paths}. */
  private static List<String> withRealPath(Path path, List<String> paths) {
    paths.add(path.toString());
    try {
      String real = path.toRealPath().toString();
      if (!paths.contains(real)) {
        paths.add(real);
      }
    } catch (IOException e) {
      // The path as given is still searched.
    }
    return paths;
  }
}
