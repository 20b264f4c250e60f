package dev.siege.bundle.pipeline;

import dev.siege.bundle.launcher.LauncherSettings;
import dev.siege.bundle.launcher.LauncherWriter;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.SiegeVersion;
import dev.siege.core.plan.BuildOptions;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.Preference;
import dev.siege.core.plan.RegistrySource;
import dev.siege.core.plan.StepId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.siege.bundle.windows.WindowsLauncher;
import dev.siege.bundle.windows.WindowsNames;
import dev.siege.julia.provision.JuliaTree;

/**
 * Copies Julia when asked (the build's own, or for another platform the official one for the
 * target), writes the launchers and the metadata, and for a Windows target checks that Windows
 * can hold every path of the bundle.
 */
final class LayoutStep implements PipelineStep {
  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    BuildPlan plan = state.plan;
    boolean hasSysimage = Files.isRegularFile(state.bundle.sysimage());
    try {
      if (state.shippedJulia != null) {
        // The official Julia for the target, from SIEGE's cache: copied with its links and
        // modes, never linked, so nothing done to the bundle reaches the cache.
        TreeCopy.Result r = TreeCopy.copy(state.shippedJulia.root(), state.bundle.julia());
        state.info("included the official Julia " + state.shippedJulia.version() + " for "
            + plan.shippedJulia().map(j -> j.triplet()).orElse("the target") + " (" + r.files() + " files)");
      } else if (plan.options().includeJulia()) {
        Path prefix = plan.julia().bindir().getParent();
        // Copied, not linked: the bundle's files may get other modes (--group), and the user's
        // Julia installation must not change with them.
        TreeCopy.Result r = TreeCopy.copy(prefix, state.bundle.julia());
        state.info("included Julia " + plan.julia().version() + " from " + prefix + " (" + r.files()
            + " files)");
      }
      String cpuTarget = hasSysimage ? plan.step(StepId.SYSIMAGE).parameters().getOrDefault("cpu_target", "").toString() : "";
      writeLaunchers(state, LauncherSettings.forTarget(plan.target(), plan.julia(), plan.julia().commit(), hasSysimage,
          cpuTarget, bundleId(plan)));
      int artifacts = countDirs(state.bundle.depot().resolve("artifacts"));
      BundleMetadata meta = new BundleMetadata(
          BundleMetadata.FORMAT_VERSION,
          SiegeVersion.get(),
          Instant.now(),
          new BundleMetadata.Julia(plan.julia().version(), plan.julia().arch(), plan.julia().os(), plan.julia().libc(),
              plan.julia().triplet(), plan.julia().commit()),
          new BundleMetadata.Sysimage(hasSysimage, cpuTarget,
              hasSysimage ? plan.sysimagePackages() : List.of()),
          options(plan.options()),
          plan.fingerprint().components(),
          plan.fingerprint().hex(),
          BundleMetadata.Contents.measure(plan.staging(), state.packageDirs.size(), artifacts),
          plan.step(StepId.SMOKE_TEST).runs()
              ? String.valueOf(plan.step(StepId.SMOKE_TEST).parameters().getOrDefault("network_isolation", "")) : "",
          InstalledRegistries.of(state.bundle.depot()),
          target(plan, state.shippedJulia));
      meta.write(state.bundle.metadata());
      state.contents = meta.contents();
      if (plan.target().os().equals("windows")) {
        checkWindowsNames(state);
      }
    } catch (IOException e) {
      throw BuildState.io("write the bundle layout", e);
    }
  }

  /** How many problems a failure lists by name; the rest are counted. */
  static final int LISTED_PROBLEMS = 20;

  /**
   * What the staged bundle holds that Windows cannot ({@link WindowsNames}): a failure listing
   * them, with what to do; paths too long for Windows without long-path support are a warning.
   */
  private static void checkWindowsNames(BuildState state) throws IOException, SiegeException {
    List<WindowsNames.Problem> problems = WindowsNames.problems(state.bundle.root());
    List<WindowsNames.Problem> errors =
        problems.stream().filter(p -> p.kind() != WindowsNames.Kind.LONG_PATH).toList();
    List<WindowsNames.Problem> tooLong = problems.stream().filter(p -> p.kind() == WindowsNames.Kind.LONG_PATH).toList();
    if (!tooLong.isEmpty()) {
      state.warn(tooLong.size() + " path(s) of the bundle are longer than Windows allows without long-path support ("
          + WindowsNames.MAX_PATH + " characters, counting a " + WindowsNames.TYPICAL_ROOT_LENGTH + "-character folder it"
          + " is unpacked in), e.g. " + tooLong.get(0).path() + ": unpack it in a short folder such as C:\\b, or enable"
          + " long paths (LongPathsEnabled) on the Windows machine");
    }
    if (errors.isEmpty()) {
      return;
    }
    StringBuilder list = new StringBuilder();
    for (WindowsNames.Problem p : errors.subList(0, Math.min(LISTED_PROBLEMS, errors.size()))) {
      list.append("\n  ").append(p.path()).append(": ").append(p.detail());
    }
    if (errors.size() > LISTED_PROBLEMS) {
      list.append("\n  ... and ").append(errors.size() - LISTED_PROBLEMS).append(" more");
    }
    throw new SiegeException("the bundle for Windows holds " + errors.size() + " path(s) Windows cannot hold:" + list,
        "rename or remove them where they come from (the project and developed packages ship as they are; a package"
            + " or artifact of the registry cannot be changed: leave that package out), or build for another platform;"
            + " symbolic links are copied into files only in artifacts Pkg installs");
  }

  /**
   * Every launcher of the bundle: the one place that writes them. {@code bin/julia} (bash) for
   * every target, since a Linux or macOS user runs it and it refuses another machine clearly;
   * a Windows target's {@code bin\julia.cmd} belongs here too, beside it.
   */
  static void writeLaunchers(BuildState state, LauncherSettings settings) throws IOException {
    LauncherWriter.write(state.bundle, settings);
    if (settings.os().equals("windows")) {
      WindowsLauncher.write(state.bundle, settings);
    }
  }

  /** The platform record of the metadata, from the plan. */
  static BundleMetadata.Target target(BuildPlan plan) {
    return target(plan, null);
  }

  /** The platform record of the metadata, from the plan, with the official Julia shipped for it (or null). */
  static BundleMetadata.Target target(BuildPlan plan, JuliaTree shipped) {
    boolean tagged = !plan.target().tags().isEmpty();
    if (!plan.foreignTarget() && !tagged && plan.options().platform().isEmpty() && plan.options().preferences().isEmpty()) {
      return BundleMetadata.Target.host();
    }
    Optional<BundleMetadata.ShippedJulia> julia = Optional.ofNullable(shipped).map(t -> new BundleMetadata.ShippedJulia(
        t.version().toString(), plan.shippedJulia().map(j -> j.triplet()).orElse(t.platform().tripletPrefix()),
        t.url().toString(), t.sha256(), t.signature().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    return new BundleMetadata.Target(plan.target().triplet(), plan.target().tags(), plan.foreignTarget(),
        plan.options().preferences().stream().map(Preference::spec).toList(),
        plan.foreignTarget() ? "target-check" : "smoke-test", julia);
  }

  /** The options as the metadata records them: typed, and no paths of the build machine. */
  static BundleMetadata.Options options(BuildOptions o) {
    return new BundleMetadata.Options(
        o.cpuTarget().spec(),
        o.packages().kind().name().toLowerCase(Locale.ROOT),
        o.precompileScript().map(p -> p.getFileName().toString()),
        o.precompileStatements().map(p -> p.getFileName().toString()),
        o.includeJulia(),
        o.vendorDev(),
        o.group(),
        o.insecureDownload(),
        o.registries().stream().map(RegistrySource::recorded).toList(),
        o.resolve());
  }

  /** Names the launcher's default user depot: one per output directory and build. */
  private static String bundleId(BuildPlan plan) {
    String name = plan.output().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    return name + "-" + plan.fingerprint().hex().substring(0, 12);
  }

  private static int countDirs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var s = Files.list(dir)) {
      return (int) s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
    }
  }
}
