package dev.siege.bundle.build;

import dev.siege.core.io.FileTrees;
import dev.siege.core.io.IoMessages;
import dev.siege.bundle.BuildResult;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.depot.DepotPruner;
import dev.siege.bundle.depot.PackageDir;
import dev.siege.bundle.depot.PruneReport;
import dev.siege.bundle.launcher.LauncherSettings;
import dev.siege.bundle.launcher.LauncherWriter;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.permissions.GroupAccess;
import dev.siege.bundle.permissions.GroupPermissions;
import dev.siege.bundle.scan.RelocatabilityScanner;
import dev.siege.bundle.scan.ScanReport;
import dev.siege.core.SiegeException;
import dev.siege.core.SiegeVersion;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.env.Environment;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildPlanner;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.StepId;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.julia.Purpose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Executes the steps of a {@link BuildPlan} after probe and check, in its staging directory
 * (tools, instantiate, sysimage, prune, layout, scan, smoke test, checksums). The caller holds
 * the output lock, prepares the staging area and swaps it in afterwards.
 */
public final class BuildExecution {
  /** Metadata option keys that carry the fingerprint's components, to explain a rebuild. */
  static final String INPUT_PREFIX = "input.";

  private final BuildPlan plan;
  private final Environment env;
  private final Function<Path, JuliaRunner> runners;
  private final Path cache;
  private final SiegeListener listener;
  private final BundleLayout bundle;
  private final Path logs;
  private final List<Diagnostic> warnings = new ArrayList<>();
  private Sha256Sums sums;

  public BuildExecution(
      BuildPlan plan, Environment env, Function<Path, JuliaRunner> runners, Path cache, SiegeListener listener) {
    this.plan = plan;
    this.env = env;
    this.runners = runners;
    this.cache = cache;
    this.bundle = BundleLayout.at(plan.staging());
    this.logs = cache.resolve("logs").resolve(
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
            + "-" + plan.output().getFileName());
    this.listener = event -> {
      if (event instanceof SiegeEvent.DiagnosticReported d && !d.diagnostic().isError()) {
        synchronized (warnings) {
          warnings.add(d.diagnostic());
        }
      }
      listener.on(event);
    };
  }

  /** The fingerprint components recorded in a bundle's metadata. */
  public static Map<String, String> inputsOf(BundleMetadata metadata) {
    Map<String, String> inputs = new LinkedHashMap<>();
    metadata.options().forEach((k, v) -> {
      if (k.startsWith(INPUT_PREFIX)) {
        inputs.put(k.substring(INPUT_PREFIX.length()), v);
      }
    });
    return inputs;
  }

  /** Runs every remaining step; the staging directory then holds the complete bundle. */
  public BuildResult run(List<String> changed, List<Diagnostic> earlierWarnings, long startNanos)
      throws SiegeException, InterruptedException {
    tools();
    Environment staged = Steps.run(StepId.INSTANTIATE, listener, this::instantiate);
    long sysimageBytes = sysimage();
    List<PackageDir> packages = Steps.run(StepId.PRUNE, listener, () -> prune(staged));
    BundleMetadata.Contents contents = Steps.run(StepId.LAYOUT, listener, () -> layout(staged, packages.size()));
    Steps.run(StepId.SCAN, listener, this::scan);
    smokeTest();
    sums = Steps.run(StepId.CHECKSUMS, listener, this::checksums);
    List<Diagnostic> all = new ArrayList<>(earlierWarnings);
    synchronized (warnings) {
      all.addAll(warnings);
    }
    return new BuildResult(plan.output(), false, changed, contents.files(), contents.bytes(), contents.packages(),
        sysimageBytes, all, Duration.ofNanos(System.nanoTime() - startNanos), java.util.Optional.of(logs));
  }

  // ---- tools -------------------------------------------------------------------------------

  private void tools() throws SiegeException, InterruptedException {
    BuildStep step = plan.step(StepId.TOOLS);
    if (!step.runs()) {
      Steps.skip(StepId.TOOLS, step.skipReason().get(), listener);
      return;
    }
    Steps.run(StepId.TOOLS, listener, () -> {
      Path marker = BuildPlanner.toolProject(plan).resolveSibling("siege-tools.toml");
      String expected = "packagecompiler_version = \"" + plan.packageCompilerVersion() + "\"\n";
      if (Files.isRegularFile(marker) && expected.equals(read(marker))) {
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO,
            "PackageCompiler " + plan.packageCompilerVersion() + " is already installed in " + marker.getParent()));
        return null;
      }
      try (OutputLock toolLock = OutputLock.acquire(marker.getParent())) {
        julia(step, Purpose.TOOLS, cache);
        write(marker, expected);
      } catch (IOException e) {
        throw io("install the tool environment", e);
      }
      return null;
    });
  }

  // ---- instantiate -------------------------------------------------------------------------

  private Environment instantiate() throws SiegeException, InterruptedException {
    EnvironmentFiles.copy(env, bundle.env(), plan.options().vendorDev());
    seedFromPreviousBundle();
    julia(plan.step(StepId.INSTANTIATE), Purpose.INSTANTIATE, plan.staging());
    Environment staged = Environment.load(bundle.env(), plan.julia().version());
    if (staged.manifest().isEmpty()) {
      throw new SiegeException("Julia finished instantiating but the bundle has no Manifest.toml",
          "look at the instantiate log in " + logs, bundle.env(), 0, null);
    }
    return staged;
  }

  /** Hard-links the previous bundle's packages and artifacts, so nothing is downloaded twice. */
  private void seedFromPreviousBundle() throws SiegeException {
    BundleLayout previous = BundleLayout.at(plan.output());
    if (!Files.isRegularFile(previous.metadata()) || !Files.isDirectory(previous.depot())) {
      return;
    }
    List<String> dirs = new ArrayList<>();
    dirs.add("artifacts");
    Environment known = env;
    if (env.manifest().isEmpty()) {
      try {
        known = Environment.load(previous.env());
      } catch (SiegeException e) {
        known = env; // an unreadable old manifest only costs downloads
      }
    }
    for (PackageDir p : packageDirs(known)) {
      dirs.add(p.relativePath());
    }
    try {
      // With --group the files' group and modes are changed later: shared inodes would change
      // the previous bundle too, so they are copied instead of linked.
      TreeCopy.Result r = DepotSeeder.seed(previous.depot(), bundle.depot(), dirs,
          plan.options().group().isPresent() ? TreeCopy.Mode.COPY : TreeCopy.Mode.LINK_OR_COPY);
      if (r.linked() + r.copied() > 0) {
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "reused " + (r.linked() + r.copied())
            + " files of the previous bundle (" + r.linked() + " hard-linked, " + r.copied() + " copied)"));
      }
    } catch (IOException e) {
      throw io("reuse the previous bundle's depot", e);
    }
  }

  // ---- sysimage ----------------------------------------------------------------------------

  private long sysimage() throws SiegeException, InterruptedException {
    BuildStep step = plan.step(StepId.SYSIMAGE);
    if (!step.runs()) {
      Steps.skip(StepId.SYSIMAGE, step.skipReason().get(), listener);
      return 0;
    }
    return Steps.run(StepId.SYSIMAGE, listener, () -> {
      julia(step, Purpose.SYSIMAGE, plan.staging());
      try {
        if (!Files.isRegularFile(bundle.sysimage()) || Files.size(bundle.sysimage()) == 0) {
          throw new SiegeException("PackageCompiler finished but wrote no sysimage at " + bundle.sysimage(),
              "look at the sysimage log in " + logs);
        }
        return Files.size(bundle.sysimage());
      } catch (IOException e) {
        throw io("read the sysimage", e);
      }
    });
  }

  // ---- prune -------------------------------------------------------------------------------

  private List<PackageDir> prune(Environment staged) throws SiegeException {
    List<PackageDir> expected = packageDirs(staged);
    Path depotDev = bundle.depot().resolve("dev").toAbsolutePath().normalize();
    boolean devUsed = staged.entries().stream()
        .filter(ManifestEntry::isDeveloped)
        .anyMatch(e -> bundle.env().resolve(e.path().get()).toAbsolutePath().normalize().startsWith(depotDev));
    PruneReport report = new DepotPruner(expected, devUsed).prune(bundle.depot(), listener);
    if (report.hasErrors()) {
      Diagnostic first = report.findings().stream().filter(Diagnostic::isError).findFirst().get();
      throw new SiegeException("the depot is incomplete after instantiate: " + first.message(),
          "look at the instantiate log in " + logs, first.file(), first.line(), null);
    }
    return expected;
  }

  static List<PackageDir> packageDirs(Environment env) {
    List<PackageDir> dirs = new ArrayList<>();
    for (ManifestEntry e : env.entries()) {
      if (e.gitTreeSha1().isPresent() && e.path().isEmpty()) {
        dirs.add(new PackageDir(e.name(), DepotPaths.versionSlug(e.uuid(), e.gitTreeSha1().get(), DepotPaths.SLUG_LENGTH)));
      }
    }
    return dirs;
  }

  // ---- layout ------------------------------------------------------------------------------

  private BundleMetadata.Contents layout(Environment staged, int packageCount) throws SiegeException {
    boolean hasSysimage = Files.isRegularFile(bundle.sysimage());
    try {
      if (plan.options().includeJulia()) {
        Path prefix = plan.julia().bindir().getParent();
        // Copied, not linked: the bundle's files may get other modes (--group), and the user's
        // Julia installation must not change with them.
        TreeCopy.Result r = TreeCopy.copy(prefix, bundle.julia(), TreeCopy.Mode.COPY);
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO,
            "included Julia " + plan.julia().version() + " from " + prefix + " (" + (r.linked() + r.copied()) + " files)"));
      }
      LauncherWriter.write(bundle, LauncherSettings.of(plan.julia(), hasSysimage, bundleId()));
      int artifacts = countDirs(bundle.depot().resolve("artifacts"));
      Map<String, String> options = new LinkedHashMap<>(plan.options().effective());
      plan.fingerprint().components().forEach((k, v) -> options.put(INPUT_PREFIX + k, v));
      BundleMetadata meta = new BundleMetadata(
          BundleMetadata.FORMAT_VERSION,
          SiegeVersion.get(),
          Instant.now(),
          new BundleMetadata.Julia(plan.julia().version(), plan.julia().arch(), plan.julia().os(), plan.julia().libc(),
              plan.julia().triplet(), java.util.Optional.empty(), plan.julia().executable().toString()),
          new BundleMetadata.Sysimage(hasSysimage, plan.step(StepId.SYSIMAGE).parameters().getOrDefault("cpu_target", "").toString(),
              hasSysimage ? plan.sysimagePackages() : List.of()),
          options,
          plan.fingerprint().hex(),
          BundleMetadata.Contents.measure(plan.staging(), packageCount, artifacts));
      meta.write(bundle.metadata());
      return meta.contents();
    } catch (IOException e) {
      throw io("write the bundle layout", e);
    }
  }

  /** Names the launcher's default user depot: one per output directory and build. */
  private String bundleId() {
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

  // ---- scan --------------------------------------------------------------------------------

  private Void scan() throws SiegeException {
    List<String> paths = new ArrayList<>();
    paths.add(plan.staging().toString());
    try {
      String real = plan.staging().toRealPath().toString();
      if (!paths.contains(real)) {
        paths.add(real);
      }
    } catch (IOException e) {
      // The staging path as given is still searched.
    }
    ScanReport report = new RelocatabilityScanner().scan(plan.staging(), paths, Set.of(BundleLayout.METADATA), listener);
    if (!report.isRelocatable()) {
      long files = report.findings().stream().map(f -> f.file()).distinct().count();
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING, files + " file(s) of the bundle contain the path it was"
          + " built in (" + plan.staging() + "), which no longer exists once the bundle is in place; code reading"
          + " those paths will fail wherever the bundle runs (JULIA-FACTS §2, §6)"));
    }
    return null;
  }

  // ---- smoke test --------------------------------------------------------------------------

  /**
   * Runs {@code smoke_test.jl} through the bundle's own launcher from a moved copy of the
   * bundle (a rename, then back), offline, with an empty user depot. Any "Downloading" line
   * fails it: something would be fetched on the secure system.
   */
  private void smokeTest() throws SiegeException, InterruptedException {
    BuildStep step = plan.step(StepId.SMOKE_TEST);
    Steps.run(StepId.SMOKE_TEST, listener, () -> {
      Path moved = plan.staging().resolveSibling(plan.staging().getFileName() + "-moved");
      Path scratch = null;
      try {
        FileTrees.delete(moved);
        Files.move(plan.staging(), moved, StandardCopyOption.ATOMIC_MOVE);
        scratch = Files.createTempDirectory(Files.createDirectories(cache.resolve("tmp")), "smoke-");
        Path userDepot = Files.createDirectory(scratch.resolve("depot"));
        Path home = Files.createDirectory(scratch.resolve("home"));
        EnvChanges.Builder changes = EnvChanges.builder();
        step.setEnv().forEach(changes::set);
        step.unsetEnv().forEach(changes::unset);
        changes.set("SIEGE_USER_DEPOT", userDepot.toString());
        // JULIA-FACTS §3: on Julia 1.6-1.10 the launcher's trailing empty depot entry adds
        // ~/.julia, where an artifact missing from the bundle could be found and hide the gap.
        changes.set("HOME", home.toString());
        if (!plan.options().includeJulia()) {
          changes.set("SIEGE_JULIA", plan.julia().executable().toString());
        }
        List<String> downloads = new ArrayList<>();
        SiegeListener watch = event -> {
          if (event instanceof SiegeEvent.JuliaOutput o && o.line().contains("Downloading")) {
            synchronized (downloads) {
              downloads.add(o.line().strip());
            }
          }
          listener.on(event);
        };
        JuliaRunner runner = runners.apply(BundleLayout.at(moved).launcher());
        JuliaException failure = null;
        try {
          runner.run(new JuliaCall(Purpose.SMOKE_TEST, step.parameters(), List.of(), changes.build(), moved,
              plan.options().juliaTimeout(), logs.resolve(Purpose.SMOKE_TEST.id() + ".log")), watch);
        } catch (JuliaException e) {
          failure = e;
        }
        synchronized (downloads) {
          if (!downloads.isEmpty()) {
            // JULIA-FACTS §5, §6: offline, a lazy artifact that was not installed ahead of time
            // is fetched on first load; on the secure system that fails.
            throw new SiegeException("the bundle tried to download when loaded offline: " + downloads.get(0),
                "a lazy artifact was not installed at build time; the smoke test log is in " + logs, failure);
          }
        }
        if (failure != null) {
          throw failure;
        }
        return null;
      } catch (IOException e) {
        throw io("move the bundle for the smoke test", e);
      } finally {
        moveBack(moved);
        FileTrees.deleteQuietly(scratch);
      }
    });
  }

  private void moveBack(Path moved) throws SiegeException {
    if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS) && !Files.exists(plan.staging(), LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.move(moved, plan.staging(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw io("move the bundle back after the smoke test", e);
      }
    }
  }

  // ---- checksums ---------------------------------------------------------------------------

  private Sha256Sums checksums() throws SiegeException {
    try {
      Sha256Sums computed = Sha256Sums.compute(plan.staging(), List.of(BundleLayout.CHECKSUMS));
      computed.write(bundle.checksums());
      if (plan.options().group().isPresent()) {
        GroupPermissions.apply(plan.staging(), GroupAccess.of(plan.options().group().get()), listener);
      }
      return TreeRecord.writeBeside(plan.staging(), computed); // links and modes, once they are final
    } catch (IOException e) {
      throw io("write SHA256SUMS", e);
    }
  }

  /** The SHA256SUMS the build wrote (after {@link #run}). */
  public Sha256Sums writtenSums() {
    return sums;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private JuliaResult julia(BuildStep step, Purpose purpose, Path workDir) throws SiegeException, InterruptedException {
    EnvChanges.Builder changes = EnvChanges.builder();
    step.setEnv().forEach(changes::set);
    step.unsetEnv().forEach(changes::unset);
    JuliaCall call = new JuliaCall(purpose, step.parameters(), List.of(), changes.build(), workDir,
        plan.options().juliaTimeout(), logs.resolve(purpose.id() + ".log"));
    return runners.apply(plan.julia().executable()).run(call, listener);
  }

  private static String read(Path file) throws SiegeException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw io("read " + file, e);
    }
  }

  private static void write(Path file, String content) throws SiegeException {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw io("write " + file, e);
    }
  }

  private static SiegeException io(String what, IOException e) {
    return new SiegeException("cannot " + what + ": " + IoMessages.describe(e), "check free space and permissions", e);
  }
}
