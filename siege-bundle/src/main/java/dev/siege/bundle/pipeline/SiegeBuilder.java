package dev.siege.bundle.pipeline;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.check.EnvironmentChecks;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildOptions;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildPlanner;
import dev.siege.core.plan.CpuTarget;
import dev.siege.core.plan.PackageSelection;
import dev.siege.core.plan.StepId;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.JuliaRunner;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.install.UserCache;
import dev.siege.julia.probe.JuliaProbe;
import dev.siege.julia.process.ProcessJuliaRunner;
import dev.siege.julia.provision.JuliaProvisioner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The front door of the library: turns a Julia project into an offline bundle.
 *
 * <pre>{@code
 * BuildResult result = SiegeBuilder.forProject(Path.of("env"))
 *     .output(Path.of("build"))
 *     .cpuTarget(CpuTarget.portable())
 *     .addListener(event -> ...)
 *     .build();
 * }</pre>
 *
 * Bad input stops the build before any Julia process starts; the bundle is built beside the
 * output and swapped in only when every step succeeded; an up-to-date bundle is left alone
 * without starting Julia.
 */
public final class SiegeBuilder {
  private final Path projectDir;
  private final BuildOptions.Builder options;
  private final List<SiegeListener> listeners = new ArrayList<>();
  private Path juliaExecutable;
  private Version juliaVersion;
  private boolean juliaVersionFromManifest;
  private URI juliaDownloadBase;
  private Function<Path, JuliaRunner> runnerFactory;
  private Path cacheDirectory;
  private Map<String, String> environment = System.getenv();
  private Path workingDirectory;

  private SiegeBuilder(Path projectDir) {
    this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
    this.options = BuildOptions.builder(projectDir);
  }

  /** A builder for the Julia project in {@code projectDir}. */
  public static SiegeBuilder forProject(Path projectDir) {
    return new SiegeBuilder(projectDir);
  }

  /** Where the bundle goes (default {@code build}). */
  public SiegeBuilder output(Path output) {
    options.output(output);
    return this;
  }

  /** Uses exactly this {@code julia} binary instead of searching for one. */
  public SiegeBuilder julia(Path executable) {
    this.juliaExecutable = executable;
    return this;
  }

  /** Uses this official Julia version, downloading it into the cache when missing. */
  public SiegeBuilder juliaVersion(Version version) {
    this.juliaVersion = version;
    return this;
  }

  /**
   * Uses the official Julia of the version the manifest records ({@code julia_version}),
   * downloading it into the cache when missing.
   */
  public SiegeBuilder juliaVersionFromManifest() {
    this.juliaVersionFromManifest = true;
    return this;
  }

  /** Where official Julia binaries are downloaded from (a mirror of Julia's versions index). */
  public SiegeBuilder juliaDownloadBase(URI base) {
    this.juliaDownloadBase = base;
    return this;
  }

  /**
   * Runs every Julia process through {@code runner} (the testkit's fake, or an embedder's own),
   * including the smoke test that normally starts the bundle's launcher.
   */
  public SiegeBuilder juliaRunner(JuliaRunner runner) {
    Objects.requireNonNull(runner, "runner");
    return juliaRunners(executable -> runner);
  }

  /**
   * Runs each Julia process through the runner made for the program the plan names (a Julia
   * binary, or the bundle's launcher for the smoke test) instead of starting it.
   */
  public SiegeBuilder juliaRunners(Function<Path, JuliaRunner> factory) {
    this.runnerFactory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  public SiegeBuilder cpuTarget(CpuTarget cpuTarget) {
    options.cpuTarget(cpuTarget);
    return this;
  }

  /** Compiles these packages into the sysimage instead of the project's direct dependencies. */
  public SiegeBuilder packages(List<String> names) {
    options.packages(PackageSelection.of(names));
    return this;
  }

  /** Builds no sysimage: a depot-only bundle. */
  public SiegeBuilder noPackages() {
    options.packages(PackageSelection.none());
    return this;
  }

  public SiegeBuilder precompileScript(Path file) {
    options.precompileScript(file);
    return this;
  }

  public SiegeBuilder precompileStatements(Path file) {
    options.precompileStatements(file);
    return this;
  }

  /** Copies the Julia installation into the bundle. */
  public SiegeBuilder includeJulia(boolean includeJulia) {
    options.includeJulia(includeJulia);
    return this;
  }

  /** Copies developed packages from outside the project into the bundle. */
  public SiegeBuilder vendorDev(boolean vendorDev) {
    options.vendorDev(vendorDev);
    return this;
  }

  /** Rebuilds even when the existing bundle is up to date. */
  public SiegeBuilder force(boolean force) {
    options.force(force);
    return this;
  }

  /** Makes the bundle readable (and the launcher executable) by this group. */
  public SiegeBuilder group(String group) {
    options.group(group);
    return this;
  }

  public SiegeBuilder juliaTimeout(Duration timeout) {
    options.juliaTimeout(timeout);
    return this;
  }

  /** SIEGE's cache: tool environments, probe results, downloaded Julias, logs. */
  public SiegeBuilder cacheDirectory(Path dir) {
    this.cacheDirectory = dir;
    return this;
  }

  /** The environment used to find Julia and a C compiler (default: this process's). */
  public SiegeBuilder environment(Map<String, String> env) {
    this.environment = Map.copyOf(env);
    return this;
  }

  /** The directory searched for {@code julia-*}{@code /bin/julia} (default: the current one). */
  public SiegeBuilder workingDirectory(Path dir) {
    this.workingDirectory = dir;
    return this;
  }

  public SiegeBuilder addListener(SiegeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Checks the project, finds and probes Julia, and plans the build without running it. */
  public BuildPlan plan() throws SiegeException, InterruptedException {
    return prepare(SiegeListener.of(listeners), false).plan();
  }

  /**
   * Builds the bundle, or leaves an up-to-date one alone.
   *
   * @throws EnvironmentException when the project has errors (nothing ran)
   * @throws SiegeException when a step fails; the previous bundle is untouched
   * @throws InterruptedException when interrupted; Julia was stopped and nothing was left behind
   */
  public BuildResult build() throws SiegeException, InterruptedException {
    long start = System.nanoTime();
    SiegeListener listener = SiegeListener.of(listeners);
    Prepared prepared = prepare(listener, true);
    return run(prepared.plan(), prepared.warnings(), listener, start);
  }

  /**
   * Builds the bundle {@code plan} describes (from {@link #plan()}), without checking the
   * project or probing Julia again; an up-to-date bundle is left alone.
   */
  public BuildResult build(BuildPlan plan) throws SiegeException, InterruptedException {
    return run(plan, List.of(), SiegeListener.of(listeners), System.nanoTime());
  }

  private BuildResult run(BuildPlan plan, List<Diagnostic> warnings, SiegeListener listener, long start)
      throws SiegeException, InterruptedException {
    OutputChecks.check(plan.environment(), plan.options()); // again: the output may have changed since the plan
    try (OutputLock lock = OutputLock.acquire(plan.output())) {
      StagingArea area = StagingArea.forOutput(plan.output());
      area.recover().forEach(done -> listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, done)));
      area.check();
      Optional<BundleMetadata> previous = previousMetadata(plan.output());
      if (!plan.options().force() && isUpToDate(plan, previous, listener)) {
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, plan.output() + " is up to date; nothing to do"));
        return upToDate(plan, previous.get(), warnings, Duration.ofNanos(System.nanoTime() - start));
      }
      List<String> changed = previous.map(m -> plan.fingerprint().changedSince(m.inputs())).orElse(List.of());
      if (!changed.isEmpty()) {
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "rebuilding: changed " + String.join(", ", changed)));
      }
      area.prepare();
      boolean swapped = false;
      try {
        BuildState state = new BuildState(plan, runnerFactory(), listener);
        new StepsRunner().run(state);
        area.swapIn();
        swapped = true;
        rememberDigests(plan.output(), state.sums);
        List<Diagnostic> all = new ArrayList<>(warnings);
        all.addAll(state.warnings());
        return new BuildResult(plan.output(), false, changed, state.contents.files(), state.contents.bytes(),
            state.contents.packages(), state.sysimageBytes, all, Duration.ofNanos(System.nanoTime() - start),
            Optional.of(plan.logs()));
      } finally {
        if (!swapped) {
          discard(area);
        }
      }
    } catch (IOException e) {
      throw new SiegeException("cannot release the lock on " + plan.output() + ": " + e.getMessage(), null, e);
    }
  }

  private static void discard(StagingArea area) {
    try {
      area.discard();
    } catch (IOException e) {
      // The build already failed; the next build removes the leftover (StagingArea#prepare).
    }
  }

  private record Prepared(BuildPlan plan, List<Diagnostic> warnings) {}

  /**
   * Everything before the first long step: bad input stops here, before Julia runs.
   *
   * @param download whether a missing official Julia may be downloaded (not for a plan)
   */
  private Prepared prepare(SiegeListener listener, boolean download) throws SiegeException, InterruptedException {
    BuildOptions opts = options.build();
    Environment env = Environment.load(projectDir);
    List<Diagnostic> warnings = new ArrayList<>();
    List<Diagnostic> found = adjust(EnvironmentChecks.check(env, null), opts);
    report(found, warnings, listener);
    OutputChecks.check(env, opts);
    if (opts.packages().buildsSysimage() && !env.directDeps().isEmpty() && CompilerCheck.find(environment).isEmpty()) {
      throw new SiegeException(
          "no C compiler found for PackageCompiler (looked for " + CompilerCheck.searched() + ")",
          "install one (e.g. `apt-get install g++`), set JULIA_CC, or build a depot-only bundle with {option:NO_PACKAGES}");
    }

    JuliaInfo julia = Steps.run(StepId.PROBE, listener, () -> {
      Path executable = juliaExecutable(env, download, listener);
      return new JuliaProbe(cache().resolve("probe"), workingDir())
          .probe(executable, runnerFactory().apply(executable), listener);
    });
    BuildPlan plan = Steps.run(StepId.CHECK, listener, () -> {
      List<Diagnostic> withJulia = adjust(EnvironmentChecks.check(env, julia.version()), opts);
      withJulia.removeAll(found);
      report(withJulia, warnings, listener);
      return BuildPlanner.plan(opts, env, julia, cache());
    });
    return new Prepared(plan, warnings);
  }

  /** --vendor-dev makes a developed package outside the project shippable: no longer an error. */
  private static List<Diagnostic> adjust(List<Diagnostic> diagnostics, BuildOptions opts) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (opts.vendorDev() && d.code().equals("developed-outside-project")) {
        out.add(Diagnostic.warning(d.code(), d.file(), d.line(), d.message() + " (vendored with {option:VENDOR_DEV})", null));
      } else {
        out.add(d);
      }
    }
    return out;
  }

  private static void report(List<Diagnostic> diagnostics, List<Diagnostic> warnings, SiegeListener listener)
      throws EnvironmentException {
    diagnostics.forEach(d -> listener.on(new SiegeEvent.DiagnosticReported(d)));
    List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
    if (!errors.isEmpty()) {
      throw new EnvironmentException(errors);
    }
    diagnostics.stream().filter(d -> !d.isError()).forEach(warnings::add);
  }

  private Path juliaExecutable(Environment env, boolean download, SiegeListener listener)
      throws SiegeException, InterruptedException {
    Version wanted = juliaVersion;
    if (juliaVersionFromManifest) {
      wanted = env.manifest().flatMap(m -> m.juliaVersion()).orElseThrow(() -> new SiegeException(
          env.manifest().isEmpty() ? "{option:JULIA_VERSION} manifest: the project has no manifest to take the version from"
              : "{option:JULIA_VERSION} manifest: the manifest records no julia_version",
          "pass {option:JULIA_VERSION} X.Y.Z or {option:JULIA} PATH"));
    }
    if (wanted != null) {
      JuliaProvisioner.Builder b = JuliaProvisioner.builder(cache().resolve("julia"));
      if (juliaDownloadBase != null) {
        b.baseUrl(juliaDownloadBase);
      }
      JuliaProvisioner provisioner = b.build();
      Optional<JuliaInstallation> cached = provisioner.cached(wanted);
      if (cached.isPresent()) {
        return cached.get().executable();
      }
      if (!download) {
        throw new SiegeException("Julia " + wanted + " is not downloaded yet, and a plan downloads nothing",
            "build with {option:JULIA_VERSION} " + wanted + " (a build downloads it), or pass {option:JULIA} PATH");
      }
      return provisioner.provision(wanted, listener).executable();
    }
    if (runnerFactory != null && juliaExecutable == null) {
      return workingDir().resolve("julia"); // never started: the runner answers every call
    }
    return JuliaInstallation.find(juliaExecutable, environment, workingDir()).executable();
  }

  private Function<Path, JuliaRunner> runnerFactory() {
    if (runnerFactory != null) {
      return runnerFactory;
    }
    Path tmp = cache().resolve("tmp");
    return exe -> new ProcessJuliaRunner(exe, ensureDir(tmp), environment);
  }

  private static Path ensureDir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      return null; // ProcessJuliaRunner falls back to the system temporary directory
    }
  }

  private Path workingDir() {
    return workingDirectory != null ? workingDirectory : projectDir.getFileSystem().getPath("").toAbsolutePath();
  }

  /** The cache directory given, else {@link UserCache#root}. */
  private Path cache() {
    return cacheDirectory != null ? cacheDirectory : UserCache.root(environment);
  }

  /**
   * The metadata of the bundle at {@code output}, if there is one. {@link StagingArea#check} has
   * made sure an existing output is a bundle with readable metadata; if it is unreadable now,
   * the build stops rather than replace what may no longer be a bundle.
   */
  private static Optional<BundleMetadata> previousMetadata(Path output) throws SiegeException {
    Path file = BundleLayout.at(output).metadata();
    if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(BundleMetadata.read(file));
    } catch (SiegeException e) {
      throw new SiegeException("the output " + output + " holds an unreadable " + BundleLayout.METADATA + " ("
          + e.getMessage() + "); refusing to replace it", "choose another {option:OUTPUT}, or remove it yourself",
          file, 0, e);
    }
  }

  private static boolean isUpToDate(BuildPlan plan, Optional<BundleMetadata> previous, SiegeListener listener)
      throws SiegeException {
    if (previous.isEmpty() || !previous.get().fingerprint().equals(plan.fingerprint().hex())) {
      return false;
    }
    Path stampFile = FileStamps.fileFor(plan.output());
    FileStamps stamps = FileStamps.read(stampFile);
    VerifyReport report = new BundleVerifier(listener).verify(plan.output(), stamps);
    stamps.write(stampFile);
    if (!report.isClean()) {
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING,
          "the bundle changed since it was built (" + report.findings().size() + " problem(s), e.g. "
              + report.findings().get(0).describe() + "); rebuilding"));
      return false;
    }
    return true;
  }

  /**
   * Stamps the new bundle's files with the digests just written to its SHA256SUMS, so the next
   * up-to-date check reads only files that changed since (see {@link FileStamps}).
   */
  private static void rememberDigests(Path output, Sha256Sums sums) {
    FileStamps.of(output, sums.entries()).write(FileStamps.fileFor(output));
  }

  private static BuildResult upToDate(BuildPlan plan, BundleMetadata meta, List<Diagnostic> warnings, Duration elapsed) {
    long sysimage = 0;
    try {
      Path s = BundleLayout.at(plan.output()).sysimage();
      sysimage = Files.isRegularFile(s) ? Files.size(s) : 0;
    } catch (IOException e) {
      sysimage = 0;
    }
    return new BuildResult(plan.output(), true, List.of(), meta.contents().files(), meta.contents().bytes(),
        meta.contents().packages(), sysimage, warnings, elapsed, Optional.empty());
  }
}
