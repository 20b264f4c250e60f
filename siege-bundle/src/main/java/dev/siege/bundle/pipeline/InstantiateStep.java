package dev.siege.bundle.pipeline;

import dev.siege.bundle.depot.PackageDir;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildStep;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the environment files into the bundle, seeds its depot from the previous bundle (so
 * nothing is downloaded twice), then runs Julia to install the project and its artifacts.
 */
final class InstantiateStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    Environment env = state.plan.environment();
    EnvironmentFiles.copy(env, state.bundle.env(), state.plan.options().vendorDev(), state.listener);
    writePreferences(state, env);
    seedFromPreviousBundle(state);
    JuliaRuns.run(step.requireJulia(), state);
    Environment staged = Environment.load(state.bundle.env(), state.plan.julia().version());
    if (staged.manifest().isEmpty()) {
      throw new SiegeException("Julia finished instantiating but the bundle has no Manifest.toml",
          "look at the instantiate log in " + state.plan.logs(), state.bundle.env(), 0, null);
    }
    state.staged = staged;
  }

  /**
   * The preferences asked for, into the shipped environment before Julia runs: a package's
   * {@code .pkg/select_artifacts.jl} hook reads the project's preferences when Pkg runs it
   * (Pkg release-1.8 to release-1.12 {@code collect_artifacts}: {@code inherit_project=true}),
   * so CUDA_Runtime_jll's {@code version} chooses the artifact here as on the secure machine.
   */
  private static void writePreferences(BuildState state, Environment env) throws SiegeException {
    List<dev.siege.core.plan.Preference> prefs = state.plan.options().preferences();
    if (prefs.isEmpty()) {
      return;
    }
    java.util.Map<String, String> uuids = new java.util.HashMap<>();
    env.entries().forEach(e -> uuids.put(e.name(), e.uuid().toString()));
    env.directDeps().forEach((name, uuid) -> uuids.putIfAbsent(name, uuid.toString()));
    try {
      var file = LocalPreferencesFile.write(state.bundle.env(), prefs, uuids);
      state.info("wrote " + prefs.size() + " preference(s) into the shipped " + file.getFileName() + ": "
          + String.join(", ", prefs.stream().map(dev.siege.core.plan.Preference::spec).toList()));
    } catch (IOException e) {
      throw BuildState.io("write the shipped preferences", e);
    }
  }

  /** Whether the previous bundle was built for the platform (and tags) this build is for. */
  private static boolean samePlatform(BundleLayout previous, BuildState state) {
    try {
      dev.siege.bundle.meta.BundleMetadata.Target before =
          dev.siege.bundle.meta.BundleMetadata.read(previous.metadata()).target();
      dev.siege.bundle.meta.BundleMetadata.Target now = LayoutStep.target(state.plan);
      return before.platform().equals(now.platform()) && before.tags().equals(now.tags());
    } catch (SiegeException e) {
      return false; // unreadable metadata: reuse only package sources
    }
  }

  /** Copies the previous bundle's packages and artifacts into the new depot. */
  private static void seedFromPreviousBundle(BuildState state) throws SiegeException, InterruptedException {
    BundleLayout previous = BundleLayout.at(state.plan.output());
    if (!Files.isRegularFile(previous.metadata()) || !Files.isDirectory(previous.depot())) {
      return;
    }
    Environment env = state.plan.environment();
    Environment known = env;
    if (env.manifest().isEmpty()) {
      try {
        known = Environment.load(previous.env());
      } catch (SiegeException e) {
        known = env; // an unreadable old manifest only costs downloads
      }
    }
    List<String> dirs = new ArrayList<>();
    // Artifacts are per platform: a previous bundle for another target (or other tags) would
    // bring what this one does not select. Package sources are the same on every platform.
    if (samePlatform(previous, state)) {
      dirs.add("artifacts");
    }
    try {
      for (PackageDir p : PruneStep.packageDirs(known)) {
        dirs.add(p.relativePath());
      }
    } catch (IllegalArgumentException e) {
      // The previous bundle's manifest names a package no build accepts: reuse only its artifacts.
    }
    try {
      // Copies or reflinks, never hard links: nothing this build does to its depot can reach
      // the previous bundle's files (DepotSeeder).
      TreeCopy.Result r = DepotSeeder.reflinkOrCopy().seed(previous.depot(), state.bundle.depot(), dirs);
      if (r.files() > 0) {
        state.info("reused " + r.files() + " files of the previous bundle (" + r.cloned() + " cloned, " + r.copied()
            + " copied)");
      }
    } catch (IOException e) {
      throw BuildState.io("reuse the previous bundle's depot", e);
    }
  }
}
