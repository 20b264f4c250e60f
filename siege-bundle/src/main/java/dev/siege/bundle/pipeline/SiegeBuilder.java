package dev.siege.bundle.pipeline;

import dev.siege.core.OptionException;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.check.EnvironmentChecks;
import dev.siege.core.check.PlatformChecks;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildOptions;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildPlanner;
import dev.siege.core.plan.CpuTarget;
import dev.siege.core.plan.PackageSelection;
import dev.siege.core.plan.Preference;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.core.plan.RegistrySource;
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
 * The front door of the library: what to build from a Julia project. How and where it is built
 * (which Julia, the cache, listeners) is a {@link BuildContext}.
 *
 * <pre>{@code
 * BuildContext context = BuildContext.create().addListener(event -> ...);
 * SiegeBuilder builder = SiegeBuilder.forProject(Path.of("env"))
 *     .output(Path.of("build"))
 *     .cpuTarget(CpuTarget.portable());
 * BuildPlan plan = builder.plan(context);          // checks, probes, decides everything
 * BuildResult result = builder.build(plan, context); // runs exactly that plan
 * }</pre>
 *
 * Bad input stops the build before any Julia process starts; the bundle is built beside the
 * output and swapped in only when every step succeeded; an up-to-date bundle is left alone
 * without starting Julia.
 */
public final class SiegeBuilder {
  private final Path projectDir;
  private final BuildOptions.Builder options;
  /** {@link #cuda}'s version, turned into preferences when the environment is known. */
  private String cuda;
  /** What {@link #platform}, {@link #platformTag} and {@link #preference} were given, to find duplicates and conflicts. */
  private TargetPlatform givenPlatform;
  private final Map<String, String> givenTags = new java.util.TreeMap<>();
  private final Map<String, Preference> givenPreferences = new java.util.TreeMap<>();

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

  /**
   * Uses a downloaded Julia ({@link #juliaVersion}) even when its release signature is missing or
   * bad, with a warning; the bundle's metadata records it ({@code insecure_download}).
   */
  public SiegeBuilder insecureDownload(boolean insecure) {
    options.insecureDownload(insecure);
    return this;
  }

  /**
   * Installs a registry into the bundle depot before instantiate (repeatable): a git URL, a local
   * registry directory (relative to the working directory), or the name of a registry present in
   * the user's depots ({@code ~/.julia/registries/<Name>}). Credentials in a URL are used for the
   * clone but never recorded.
   *
   * @throws IllegalArgumentException for a value that is none of these
   */
  public SiegeBuilder registry(String registry) {
    options.addRegistry(RegistrySource.parse(registry, projectDir.getFileSystem()));
    return this;
  }

  /**
   * Re-resolves the manifest with the build's Julia before instantiate and ships the resolved
   * manifest (needed when the manifest was resolved by another Julia minor version).
   */
  public SiegeBuilder resolve(boolean resolve) {
    options.resolve(resolve);
    return this;
  }

  /**
   * Builds the bundle for another platform, e.g. {@code aarch64-linux-gnu}, {@code
   * x86_64-linux-musl}, {@code x86_64-w64-mingw32}, {@code aarch64-apple-darwin} (a triplet as
   * Julia's {@code Base.BinaryPlatforms} reads it, tags such as {@code -cuda+12.6} allowed). When
   * it differs from the build Julia's platform, the bundle is depot-only (no sysimage, which
   * cannot be cross-compiled) and a target check replaces the smoke test.
   *
   * @throws IllegalArgumentException for a triplet Julia would not read, naming what is wrong
   */
  public SiegeBuilder platform(String triplet) {
    givenPlatform = TargetPlatform.parse(triplet);
    options.platform(givenPlatform);
    checkCuda();
    return this;
  }

  /**
   * Adds a tag to the target platform for artifact selection, e.g. {@code cuda}, {@code 12.6}
   * (the build Julia's platform plus the tag when no {@link #platform} is given).
   *
   * @throws IllegalArgumentException for a name or value Julia refuses
   */
  public SiegeBuilder platformTag(String key, String value) {
    String k = key.strip().toLowerCase(java.util.Locale.ROOT);
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.contains("=")) {
      // Julia's add_tag! would take it, but KEY=VALUE with a second '=' is two tags in one value.
      throw new OptionException("platform tag " + TargetPlatform.shown(k + "=" + v)
          + ": one KEY=VALUE per {option:PLATFORM_TAG}; repeat the option for another tag");
    }
    // Checks both as Julia's add_tag! and validate_tags do; os_version only where Julia keeps it.
    (k.equals("os_version") ? TargetPlatform.parse("aarch64-apple-darwin") : TargetPlatform.parse("x86_64-linux-gnu"))
        .withTag(k, v);
    if (givenTags.containsKey(k)) {
      throw new OptionException("{option:PLATFORM_TAG} " + k + " is given twice (" + givenTags.get(k) + " and "
          + TargetPlatform.shown(v) + ")");
    }
    givenTags.put(k, v);
    options.platformTag(k, v);
    checkCuda();
    return this;
  }

  /**
   * Ships a preference in the environment's LocalPreferences.toml: {@code PKG.KEY=VALUE} ({@code
   * true}/{@code false}, an integer, or a string; a quoted value is a string). PKG must be a
   * package of the manifest or the project.
   *
   * @throws IllegalArgumentException for a malformed spec
   */
  public SiegeBuilder preference(String spec) {
    Preference p = Preference.parse(spec);
    String name = p.pkg() + "." + p.key();
    if (givenPreferences.containsKey(name)) {
      throw new OptionException("{option:PREFERENCE} " + name + " is given twice ("
          + givenPreferences.get(name).tomlValue() + " and " + TargetPlatform.shown(p.tomlValue()) + ")");
    }
    givenPreferences.put(name, p);
    options.preference(p);
    checkCuda();
    return this;
  }

  /**
   * CUDA {@code X.Y} for the secure machine, as CUDA.jl documents it: the platform tag {@code
   * cuda=X.Y}, which selects CUDA_Runtime_jll's artifact for that toolkit here, and the preference
   * {@code CUDA_Runtime_jll.version = "X.Y"}, which {@code CUDA.set_runtime_version!(v"X.Y")}
   * writes (CUDA.jl lib/cudadrv or src/initialization set_runtime_version!) and which
   * CUDA_Runtime_jll's {@code augment_platform!} reads on the secure machine instead of asking
   * the driver (CUDA_Runtime_jll .pkg/platform_augmentation.jl {@code cuda_toolkit_tag}), so that
   * it loads exactly the installed artifact.
   *
   * @throws IllegalArgumentException unless {@code version} is MAJOR.MINOR
   */
  public SiegeBuilder cuda(String version) {
    String v = version.strip();
    // As CUDA_Runtime_jll's Artifacts.toml writes its cuda tags ("12.6"; tags compare as strings).
    if (!v.matches("[1-9][0-9]{0,2}\\.(?:0|[1-9][0-9]{0,2})")) {
      throw new OptionException("a CUDA version is MAJOR.MINOR without leading zeros, such as 12.6, not \""
          + TargetPlatform.shown(version) + "\"");
    }
    if (cuda != null && !cuda.equals(v)) {
      throw new OptionException("{option:CUDA} is given twice (" + cuda + " and " + v + ")");
    }
    this.cuda = v;
    checkCuda();
    options.platformTag("cuda", v);
    return this;
  }

  /**
   * {@link #cuda} sets the cuda tag and the version preferences: any other value for them given
   * another way is a conflict, whatever order they came in.
   */
  private void checkCuda() {
    if (cuda == null) {
      return;
    }
    String tag = givenTags.get("cuda");
    if (tag != null && !tag.equals(cuda)) {
      throw new OptionException("{option:CUDA} " + cuda + " conflicts with {option:PLATFORM_TAG} cuda=" + tag
          + ": give one of them");
    }
    String inTriplet = givenPlatform == null ? null : givenPlatform.tags().get("cuda");
    if (inTriplet != null && !inTriplet.equals(cuda)) {
      throw new OptionException("{option:CUDA} " + cuda + " conflicts with -cuda+" + inTriplet + " in {option:PLATFORM} "
          + TargetPlatform.shown(givenPlatform.triplet()) + ": give one of them");
    }
    for (String jll : List.of("CUDA_Runtime_jll", "CUDA_Compiler_jll")) {
      Preference p = givenPreferences.get(jll + ".version");
      if (p != null && !p.value().equals(cuda)) {
        throw new OptionException("{option:CUDA} " + cuda + " conflicts with {option:PREFERENCE} " + p.spec()
            + ": give one of them");
      }
    }
  }

  /**
   * The preferences {@link #cuda} stands for, once the environment is known: {@code version} for
   * CUDA_Runtime_jll and, when the manifest has it, CUDA_Compiler_jll, as CUDA.jl v6's {@code
   * set_runtime_version!} writes both (CUDACore lib/cudadrv/version.jl; CUDA_Compiler_jll reads
   * the first of its own and CUDA_Runtime_jll's preferences). Never {@code local}: the toolkit
   * comes from the artifact installed here.
   */
  private BuildOptions withCudaPreferences(BuildOptions opts, Environment env) throws SiegeException {
    if (cuda == null) {
      return opts;
    }
    boolean runtime = env.entries().stream().anyMatch(e -> e.name().equals("CUDA_Runtime_jll"))
        || env.directDeps().containsKey("CUDA_Runtime_jll");
    if (!runtime) {
      throw new dev.siege.core.UsageException("{option:CUDA} " + cuda + " needs CUDA_Runtime_jll in the manifest: it is"
          + " the package whose artifacts and version preference the option sets, and this environment has none",
          "add CUDA.jl to the project (it brings CUDA_Runtime_jll), or leave {option:CUDA} out");
    }
    BuildOptions.Builder b = opts.toBuilder();
    for (String jll : List.of("CUDA_Runtime_jll", "CUDA_Compiler_jll")) {
      boolean present = env.entries().stream().anyMatch(e -> e.name().equals(jll)) || env.directDeps().containsKey(jll);
      if (present || jll.equals("CUDA_Runtime_jll")) {
        b.preference(new Preference(jll, "version", cuda));
      }
    }
    return b.build();
  }

  /**
   * What {@link #plan} says about the target platform before it probes Julia: each package that
   * chooses its artifacts on the machine it runs on and that no tag or preference decides
   * (a warning), a tag a bundle for this machine would not load (an error). For {@code siege
   * check}, which builds nothing.
   *
   * @param environmentVariables where the user's depots are ({@code JULIA_DEPOT_PATH}, {@code HOME})
   * @throws SiegeException when the options cannot work with this environment ({@link #cuda}
   *     without CUDA_Runtime_jll)
   */
  public List<Diagnostic> checkTarget(Environment env, Map<String, String> environmentVariables) throws SiegeException {
    return targetDiagnostics(withCudaPreferences(options.build(), env), env, environmentVariables,
        Path.of("").toAbsolutePath());
  }

  private static List<Diagnostic> targetDiagnostics(BuildOptions opts, Environment env, Map<String, String> variables,
      Path workingDir) {
    // Sources already on this machine: the user's depots, the previous bundle's.
    List<Path> depots = new ArrayList<>(dev.siege.core.depot.DepotPaths.userDepots(variables, workingDir));
    depots.add(dev.siege.core.layout.BundleLayout.at(opts.output()).depot());
    // Without --platform the bundle is for the build Julia's platform; a --platform that names it
    // is caught by instantiate.jl, which knows.
    return PlatformChecks.check(env, depots, BuildPlanner.targetTags(opts),
        new java.util.HashSet<>(opts.preferences().stream().map(Preference::pkg).toList()), opts.platform().isEmpty());
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

  /**
   * Checks the project, finds and probes Julia, and plans the build without running it: every
   * Julia process, script, parameter, variable and path the build will use. A plan downloads
   * nothing.
   */
  public BuildPlan plan(BuildContext context) throws SiegeException, InterruptedException {
    return prepare(context, false).plan();
  }

  /**
   * Builds the bundle, or leaves an up-to-date one alone.
   *
   * @throws EnvironmentException when the project has errors (nothing ran)
   * @throws SiegeException when a step fails; the previous bundle is untouched
   * @throws InterruptedException when interrupted; Julia was stopped and nothing was left behind
   */
  public BuildResult build(BuildContext context) throws SiegeException, InterruptedException {
    long start = System.nanoTime();
    Prepared prepared = prepare(context, true);
    return run(prepared.plan(), prepared.warnings(), context, start);
  }

  /**
   * Builds the bundle {@code plan} describes (from {@link #plan}), without checking the project
   * or probing Julia again; an up-to-date bundle is left alone.
   */
  public BuildResult build(BuildPlan plan, BuildContext context) throws SiegeException, InterruptedException {
    return run(plan, List.of(), context, System.nanoTime());
  }

  private BuildResult run(BuildPlan plan, List<Diagnostic> warnings, BuildContext context, long start)
      throws SiegeException, InterruptedException {
    SiegeListener listener = context.listener();
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
        BuildState state = new BuildState(plan, context.runners(), listener);
        state.provisioner = context.provisioner(plan.options().insecureDownload());
        state.downloadAllowed = context.downloadAllowed();
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
  private Prepared prepare(BuildContext context, boolean download) throws SiegeException, InterruptedException {
    SiegeListener listener = context.listener();
    context.juliaTimeout().ifPresent(options::juliaTimeout);
    BuildOptions located = UserRegistries.locate(options.build(), context.environmentVariables(),
        context.workingDirectoryFor(projectDir));
    Environment env = Environment.load(projectDir);
    BuildOptions opts = withCudaPreferences(located, env);
    List<Diagnostic> warnings = new ArrayList<>();
    List<String> registries = opts.registries().stream().map(RegistrySource::recorded).toList();
    List<Diagnostic> found = adjust(EnvironmentChecks.check(env, null, registries), opts);
    found.addAll(targetDiagnostics(opts, env, context.environmentVariables(), context.workingDirectoryFor(projectDir)));
    report(found, warnings, listener);
    OutputChecks.check(env, opts);
    if (opts.packages().buildsSysimage() && !env.directDeps().isEmpty() && CompilerCheck.find(context.environmentVariables()).isEmpty()) {
      throw new SiegeException(
          "no C compiler found for PackageCompiler (looked for " + CompilerCheck.searched() + ")",
          "install one (e.g. `apt-get install g++`), set JULIA_CC, or build a depot-only bundle with {option:NO_PACKAGES}");
    }

    JuliaInfo julia = Steps.run(StepId.PROBE, listener, () -> {
      Path executable = context.juliaExecutable(env, projectDir, download, opts.insecureDownload(), listener);
      return new JuliaProbe(context.cache().resolve("probe"), context.workingDirectoryFor(projectDir))
          .probe(executable, context.runners().apply(executable), listener);
    });
    BuildPlan plan = Steps.run(StepId.CHECK, listener, () -> {
      List<Diagnostic> withJulia = adjust(EnvironmentChecks.check(env, julia.version(), registries), opts);
      withJulia.removeAll(found);
      report(withJulia, warnings, listener);
      return BuildPlanner.plan(opts, env, julia, context.cache(), shippedJulia(opts, julia, context, download));
    });
    return new Prepared(plan, warnings);
  }

  /**
   * The official Julia a bundle for another platform ships with {@code --include-julia}: the
   * build Julia's version ({@code --julia-version} chose it, when given) for the target, looked
   * up in the cache, else in the versions index (the archive is downloaded by the build's first
   * step, never by a plan).
   *
   * @param build whether a build follows: then what the plan could only say (an unreadable index,
   *     a version or platform the index lacks, {@code --no-download} without a cached copy) fails
   *     here, before any step
   */
  private static Optional<dev.siege.core.plan.ShippedJulia> shippedJulia(BuildOptions opts, JuliaInfo julia,
      BuildContext context, boolean build) throws SiegeException, InterruptedException {
    TargetPlatform target = BuildPlanner.targetPlatform(opts, julia);
    if (!opts.includeJulia() || target.sameBase(BuildPlanner.hostPlatform(julia))) {
      return Optional.empty();
    }
    return Optional.of(TargetJuliaStep.lookUp(context.provisioner(opts.insecureDownload()), target, julia.version(),
        build, context.downloadAllowed()));
  }

  /** --vendor-dev makes a developed package outside the project shippable: no longer an error. */
  private static List<Diagnostic> adjust(List<Diagnostic> diagnostics, BuildOptions opts) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (opts.vendorDev() && d.code().equals("developed-outside-project")) {
        out.add(Diagnostic.warning(d.code(), d.file(), d.line(), d.message() + " (vendored with {option:VENDOR_DEV})", null));
      } else if (opts.resolve() && d.code().equals("julia-version-mismatch")) {
        out.add(Diagnostic.warning(d.code(), d.file(), d.line(), d.message() + " (re-resolved with {option:RESOLVE})", null));
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
