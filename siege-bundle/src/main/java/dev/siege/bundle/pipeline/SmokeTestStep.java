package dev.siege.bundle.pipeline;

import dev.siege.bundle.depot.PackageDir;
import dev.siege.core.SiegeException;
import dev.siege.core.env.ArtifactsFile;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.FileTrees;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.JuliaRun;
import dev.siege.core.plan.NetworkIsolation;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.julia.JuliaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the smoke test the plan describes: the staged bundle is moved to the plan's other path
 * (a rename, then back), its launcher loads every direct dependency offline and off the network
 * (the plan's wrapper or proxy variables, {@link NetworkIsolation}), with the empty user depot and
 * HOME the plan names. It fails when
 *
 * <ul>
 *   <li>the script fails, or anything printed contains "Downloading";
 *   <li>anything but {@code compiled/} and {@code logs/} appears in the user depot: a package made
 *       it while loading (a scratch space, an artifact, a registry, Conda), and on the secure
 *       machine it would make it again, downloading if it downloads here (JULIA-FACTS §3, §8);
 *   <li>anything in the moved bundle changed: entries, types, sizes, modification and change
 *       times, modes and link targets are compared before and after (contents are not hashed: a
 *       bundle can hold several GB).
 * </ul>
 */
final class SmokeTestStep implements PipelineStep {
  /** What Julia itself writes into the primary depot while loading packages (JULIA-FACTS §3). */
  private static final Set<String> EXPECTED_IN_USER_DEPOT = Set.of("compiled", "logs");
  private static final int SHOWN = 10;

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    JuliaRun run = step.requireJulia();
    Path staging = state.plan.staging();
    // Only the files the build owns beside the output are ever deleted, whatever a plan says.
    Path moved = state.plan.outputFiles().moved();
    Path scratch = state.plan.outputFiles().smokeScratch();
    if (!run.workDir().equals(moved)) {
      throw new IllegalArgumentException("the smoke test must run in " + moved + ", the plan says " + run.workDir());
    }
    try {
      FileTrees.delete(moved);
      FileTrees.delete(scratch);
      for (String variable : List.of("SIEGE_USER_DEPOT", "HOME")) {
        if (run.setEnv().containsKey(variable)) {
          Files.createDirectories(Path.of(run.setEnv().get(variable)));
        }
      }
      Files.move(staging, moved, StandardCopyOption.ATOMIC_MOVE);
      state.info(isolation(run));
      TreeSnapshot before = TreeSnapshot.of(moved);
      List<String> downloads = new ArrayList<>();
      SiegeListener watch = event -> {
        if (event instanceof SiegeEvent.JuliaOutput o && o.line().contains("Downloading")) {
          synchronized (downloads) {
            downloads.add(o.line().strip());
          }
        }
        state.listener.on(event);
      };
      JuliaException failure = null;
      try {
        JuliaRuns.run(run, state, watch);
      } catch (JuliaException e) {
        failure = e;
      }
      synchronized (downloads) {
        if (!downloads.isEmpty()) {
          // JULIA-FACTS §5, §6: offline, a lazy artifact that was not installed ahead of time
          // is fetched on first load; on the secure system that fails.
          throw new SiegeException("the bundle tried to download when loaded offline: " + downloads.get(0),
              "a lazy artifact was not installed at build time" + tagHint(state.plan.target())
                  + "; the smoke test log is in " + state.plan.logs(), failure);
        }
      }
      List<String> created = userDepotEntries(run, state, moved);
      List<String> changed = before.changesTo(TreeSnapshot.of(moved));
      warnAboutHome(run, state);
      if (failure != null) {
        // Julia's own error says most; what it left behind helps to find the package.
        if (!created.isEmpty()) {
          state.warn("before it failed, the smoke test created in the empty user depot: " + shown(created));
        }
        if (!changed.isEmpty()) {
          state.warn("before it failed, the smoke test changed the bundle: " + shown(changed));
        }
        throw failure;
      }
      if (!created.isEmpty()) {
        throw new SiegeException("loading the bundle offline created entries in the empty user depot: " + shown(created),
            "a package makes these when it loads (a Scratch.jl space, Conda, DataDeps, an artifact, a registry); on the"
                + " secure machine it would make them again, and fail where that needs the network: install what it needs"
                + " at build time, or load it differently; the smoke test log is in " + state.plan.logs());
      }
      if (!changed.isEmpty()) {
        throw new SiegeException("loading the bundle offline changed the bundle: " + shown(changed),
            "a package writes into its own files when it loads; a shared install is read-only, so that fails on the"
                + " secure machine (compared: entries, types, sizes, modification and change times, modes and link"
                + " targets); the smoke test log is in " + state.plan.logs());
      }
    } catch (IOException e) {
      throw BuildState.io("move or list the bundle for the smoke test", e);
    } finally {
      moveBack(moved, staging);
      FileTrees.deleteQuietly(scratch);
    }
  }

  /** The build output's line on how the smoke test is kept off the network, from the plan. */
  static String isolation(JuliaRun run) {
    if (!run.wrapper().isEmpty()) {
      return "smoke test without network: a network namespace with only a loopback (" + String.join(" ", run.wrapper())
          + " ...)";
    }
    String proxy = run.setEnv().get("http_proxy");
    if (proxy != null && NetworkIsolation.Kind.PROXY.id().equals(run.parameters().get("network_isolation"))) {
      return "smoke test without network namespace (unshare --net is missing or not allowed here): proxy variables point"
          + " at the closed port " + proxy + "; HTTP clients that honour them fail, a package opening sockets itself"
          + " is not stopped";
    }
    return "smoke test with the network up: the plan isolates nothing";
  }

  /**
   * What appeared in the user depot, which started empty, other than {@code compiled/} and
   * {@code logs/}: each as {@code top/child} (or {@code top} for a file or an empty directory),
   * with the package that made it where the name tells.
   */
  private static List<String> userDepotEntries(JuliaRun run, BuildState state, Path moved) throws IOException {
    String depotVariable = run.setEnv().get("SIEGE_USER_DEPOT");
    if (depotVariable == null) {
      return List.of();
    }
    Path depot = Path.of(depotVariable);
    List<String> found = new ArrayList<>();
    for (Path top : sorted(depot)) {
      String name = top.getFileName().toString();
      if (EXPECTED_IN_USER_DEPOT.contains(name) && Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> children = Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS) ? sorted(top) : List.of();
      if (children.isEmpty()) {
        found.add(name + madeBy(name, null, state, moved));
      }
      for (Path child : children) {
        String childName = child.getFileName().toString();
        found.add(name + "/" + childName + madeBy(name, childName, state, moved));
      }
    }
    return found;
  }

  /** " (package X)" when the entry's name says which package made it (JULIA-FACTS §3). */
  private static String madeBy(String top, String child, BuildState state, Path moved) {
    Optional<String> who = Optional.empty();
    if (top.equals("conda")) {
      who = Optional.of("Conda.jl");
    } else if (child != null && top.equals("scratchspaces")) {
      who = packageWithUuid(child, state); // Scratch.jl: scratchspaces/<uuid>/<key>
    } else if (child != null && top.equals("packages")) {
      who = Optional.of(child);
    } else if (child != null && top.equals("artifacts")) {
      who = packageBindingArtifact(child, state, moved);
    } else if (child != null && top.equals("registries")) {
      return " (the registry " + child + ", installed by Pkg)";
    }
    return who.map(p -> " (package " + p + ")").orElse("");
  }

  private static Optional<String> packageWithUuid(String uuid, BuildState state) {
    if (state.staged == null) {
      return Optional.empty();
    }
    return state.staged.entries().stream()
        .filter(e -> e.uuid().toString().equalsIgnoreCase(uuid))
        .map(ManifestEntry::name)
        .findFirst();
  }

  /** The shipped package whose Artifacts.toml binds {@code treeSha1}, if any (JULIA-FACTS §5). */
  private static Optional<String> packageBindingArtifact(String treeSha1, BuildState state, Path moved) {
    Path depot = BundleLayout.at(moved).depot();
    for (PackageDir dir : state.packageDirs) {
      try {
        Optional<ArtifactsFile> file = ArtifactsFile.load(depot.resolve(dir.relativePath()));
        if (file.isPresent() && file.get().bindings().stream().anyMatch(b -> b.gitTreeSha1().equals(treeSha1))) {
          return Optional.of(dir.name());
        }
      } catch (SiegeException e) {
        // An unreadable Artifacts.toml names no package; the entry is still reported.
      }
    }
    return Optional.empty();
  }

  /** HOME started empty; what a package leaves there is worth knowing, but not wrong. */
  private static void warnAboutHome(JuliaRun run, BuildState state) throws IOException {
    String home = run.setEnv().get("HOME");
    if (home == null) {
      return;
    }
    List<String> names = sorted(Path.of(home)).stream().map(p -> p.getFileName().toString()).toList();
    if (!names.isEmpty()) {
      state.warn("loading the bundle wrote into the empty HOME of the smoke test: " + shown(names)
          + "; on the secure machine that goes into the user's home directory");
    }
  }

  private static List<Path> sorted(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static String shown(List<String> items) {
    String first = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
    return items.size() > SHOWN ? first + " and " + (items.size() - SHOWN) + " more" : first;
  }

  private static void moveBack(Path moved, Path staging) throws SiegeException {
    if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS) && !Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.move(moved, staging, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw BuildState.io("move the bundle back after the smoke test", e);
      }
    }
  }

  /**
   * The artifacts installed follow the bundle's platform tags, but loading here selects by what
   * the package itself decides (its preferences): a tag given without the matching preference
   * makes loading ask for a variant that was not installed.
   */
  private static String tagHint(TargetPlatform target) {
    List<String> given = target.tags().keySet().stream().filter(k -> !TargetPlatform.RESERVED.contains(k)).toList();
    return given.isEmpty() ? "" : ", or the platform tag " + String.join(", ", given) + " chose a variant that"
        + " loading here does not select: set the package's preference too (--preference PKG.KEY=VALUE, or --cuda"
        + " for CUDA)";
  }
}
