package dev.siege.bundle.pipeline;

import dev.siege.bundle.depot.DepotPruner;
import dev.siege.bundle.depot.PackageDir;
import dev.siege.bundle.depot.PruneReport;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.env.Environment;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.env.PackageNames;
import dev.siege.core.plan.BuildStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prunes the depot to what ships and checks every manifest package is in it (JULIA-FACTS §3). */
final class PruneStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    List<PackageDir> expected = packageDirs(state.staged);
    Path depotDev = state.bundle.depot().resolve("dev").toAbsolutePath().normalize();
    boolean devUsed = state.staged.entries().stream()
        .filter(ManifestEntry::isDeveloped)
        .anyMatch(e -> state.bundle.env().resolve(e.path().get()).toAbsolutePath().normalize().startsWith(depotDev));
    Map<String, String> names = new HashMap<>();
    state.staged.entries().forEach(e -> names.put(e.uuid().toString().toLowerCase(Locale.ROOT), e.name()));
    PruneReport report = new DepotPruner(expected, devUsed, names).prune(state.bundle.depot(), state.listener);
    if (report.hasErrors()) {
      Diagnostic first = report.findings().stream().filter(Diagnostic::isError).findFirst().get();
      throw new SiegeException("the depot is incomplete after instantiate: " + first.message(),
          "look at the instantiate log in " + state.plan.logs(), first.file(), first.line(), null);
    }
    state.packageDirs = expected;
  }

  /**
   * The package directories {@code env}'s manifest expects in the depot (JULIA-FACTS §3 slugs).
   *
   * @throws IllegalArgumentException for a name that is not a package name (the environment
   *     checks refuse those before any step runs)
   */
  static List<PackageDir> packageDirs(Environment env) {
    List<PackageDir> dirs = new ArrayList<>();
    for (ManifestEntry e : env.entries()) {
      if (e.gitTreeSha1().isPresent() && e.path().isEmpty()) {
        dirs.add(new PackageDir(PackageNames.requireValid(e.name()), DepotPaths.versionSlug(e.uuid(), e.gitTreeSha1().get(), DepotPaths.SLUG_LENGTH)));
      }
    }
    return dirs;
  }
}
