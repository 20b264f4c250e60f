package dev.siege.core.plan;

import dev.siege.core.SiegeException;
import dev.siege.core.SiegeVersion;
import dev.siege.core.env.Environment;
import dev.siege.core.env.PackageFiles;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.layout.OutputFiles;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@link BuildOptions}, an {@link Environment} and a probed {@link JuliaInfo} into a
 * {@link BuildPlan}: every path, variable and script parameter decided before anything runs.
 */
public final class BuildPlanner {
  /** Variables no Julia process of a build may inherit (JULIA-FACTS §0, §3). */
  static final List<String> ISOLATION_UNSET =
      List.of("JULIA_LOAD_PATH", "LD_LIBRARY_PATH", "JULIA_PKG_OFFLINE");

  private BuildPlanner() {}

  /**
   * Plans a build.
   *
   * @param cache SIEGE's cache: tool environments ({@code tools/}, one per PackageCompiler and
   *     Julia version, outside any bundle and reused across builds) and logs ({@code logs/})
   * @throws SiegeException for options that cannot work with this environment or Julia
   */
  public static BuildPlan plan(BuildOptions options, Environment env, JuliaInfo julia, Path cache)
      throws SiegeException {
    return plan(options, env, julia, cache, Optional.empty());
  }

  /**
   * Plans a build whose bundle for another platform ships {@code shippedJulia} ({@code
   * --include-julia} with {@code --platform}): the official Julia for the target, which the
   * caller has looked up (cache, versions index) since only siege-julia can.
   *
   * @param shippedJulia the official Julia for the target; ignored for a host bundle, and
   *     without it {@code --include-julia} with another platform is refused
   */
  public static BuildPlan plan(BuildOptions options, Environment env, JuliaInfo julia, Path cache,
      Optional<ShippedJulia> shippedJulia) throws SiegeException {
    String pcVersion =
        ToolVersions.packageCompilerFor(julia.version())
            .orElseThrow(() -> new SiegeException(
                "Julia " + julia.version() + " is too old: PackageCompiler 2 needs Julia 1.6 or later",
                "use a newer Julia with {option:JULIA} or {option:JULIA_VERSION}"));
    String cpuTarget;
    try {
      cpuTarget = options.cpuTarget().resolve(julia.arch(), julia.os(), julia.version());
    } catch (IllegalArgumentException e) {
      throw new SiegeException(e.getMessage(), "pass {option:CPU_TARGET} native or a Julia CPU target string");
    }
    TargetPlatform host = hostPlatform(julia);
    TargetPlatform target = targetPlatform(options, julia);
    boolean foreign = !target.sameBase(host);
    Optional<ShippedJulia> shipped = Optional.empty();
    if (foreign) {
      refuseWhatNeedsTheTargetsJulia(options, host, target);
      shipped = juliaForTarget(options, host, target, shippedJulia);
    }
    checkPreferences(options, env);
    List<String> packages = foreign ? List.of() : sysimagePackages(options.packages(), env);
    if (options.includeJulia() && !foreign && !julia.officialLayout()) {
      // JULIA-FACTS §8: Sys.BINDIR/.. of a distribution's /usr/bin/julia is all of /usr.
      throw new SiegeException("{option:INCLUDE_JULIA} copies a Julia installation, but " + julia.bindir().getParent()
          + " is not an official Julia installation (bin/, lib/julia, share/julia, include/julia under a prefix of its own)",
          "use an official Julia ({option:JULIA_VERSION} X.Y.Z downloads one), or leave out {option:INCLUDE_JULIA}");
    }

    OutputFiles files = OutputFiles.of(options.output());
    Path output = files.output();
    Path staging = files.staging();
    BundleLayout bundle = BundleLayout.at(staging);
    Path cacheRoot = cache.toAbsolutePath().normalize();
    String toolName = "packagecompiler-" + pcVersion + "-julia-" + julia.version().major() + "."
        + julia.version().minor() + "-" + julia.arch();
    Path toolDir = cacheRoot.resolve("tools").resolve(toolName);
    Path toolDepot = toolDir.resolve("depot");
    Path toolProject = toolDir.resolve("project");
    Path projectDir = env.dir().toAbsolutePath().normalize();
    Fingerprint fingerprint = fingerprint(options, env, julia, pcVersion, projectDir, shipped);
    // One log folder per output and fingerprint: a plan printed earlier names the same files.
    Path logs = cacheRoot.resolve("logs").resolve(output.getFileName() + "-" + fingerprint.hex().substring(0, 12));
    Path exe = julia.executable();

    List<BuildStep> steps = new ArrayList<>();
    steps.add(BuildStep.internal(StepId.PROBE, List.of(exe.toString()), List.of()));
    steps.add(BuildStep.internal(StepId.CHECK, List.of(env.project().path().toString()), List.of()));
    // Before any Julia step: a Julia the versions index lacks, or a damaged download, stops the
    // build before anything was installed.
    shipped.ifPresent(j -> steps.add(BuildStep.internal(StepId.TARGET_JULIA,
        j.url().isEmpty() ? List.of() : List.of(j.url()), List.of(j.cacheEntry().toString()))));

    BuildStep tools = BuildStep.running(StepId.TOOLS,
        isolated(exe, JuliaScript.TOOLS, depotPath(julia, toolDepot), null, NO_AUTO_PRECOMPILE,
            Map.of("tool_project", toolProject.toString(), "packagecompiler_version", pcVersion), toolDir, logs),
        List.of(), List.of(toolProject.toString(), toolDepot.toString()));
    steps.add(packages.isEmpty() ? tools.skipped("no sysimage is built") : tools);

    List<String> envInputs = new ArrayList<>();
    envInputs.add(env.project().path().toString());
    env.manifest().ifPresent(m -> envInputs.add(m.path().toString()));
    steps.add(registries(options, exe, julia, bundle, staging, logs));
    Map<String, Object> instantiateParams = new LinkedHashMap<>();
    Map<String, String> instantiateEnv = new LinkedHashMap<>(NO_AUTO_PRECOMPILE);
    if (target.os().equals("windows")) {
      // Windows' tar cannot create symbolic links without privileges, and Pkg on Windows copies
      // them: Pkg unpacks artifacts with Tar.extract(...; copy_symlinks = copy_symlinks()), which
      // reads BINARYPROVIDER_COPYDEREF (Pkg release-1.6 to release-1.12 src/PlatformEngines.jl
      // copy_symlinks, unpack; docs/platforms.md §5). So the bundle depot holds what a Windows
      // install would: files where the artifact has links.
      instantiateEnv.put("BINARYPROVIDER_COPYDEREF", "true");
    }
    instantiateParams.put("project", bundle.env().toString());
    instantiateParams.put("include_lazy_artifacts", true);
    // Precompile once: PackageCompiler precompiles the project itself before it builds the image
    // (PC v2.4.0 create_sysimage -> ensurecompiled), so instantiate.jl does only when no sysimage
    // is built; never for another platform, whose caches this Julia cannot make.
    instantiateParams.put("precompile", packages.isEmpty() && !foreign);
    if (options.platform().isPresent() || !options.platformTags().isEmpty()) {
      // Only when asked, so the plans of host builds stay as they were.
      instantiateParams.put("platform", target.triplet());
      instantiateParams.put("foreign_platform", foreign);
    }
    steps.add(BuildStep.running(StepId.INSTANTIATE,
        isolated(exe, JuliaScript.INSTANTIATE, depotPath(julia, bundle.depot()), bundle.env(), instantiateEnv,
            instantiateParams, staging, logs),
        envInputs,
        List.of(bundle.env().toString(), bundle.depot().resolve("packages").toString(),
            bundle.depot().resolve("artifacts").toString(), bundle.depot().resolve("registries").toString())));

    Map<String, Object> sysimageParams = new LinkedHashMap<>();
    // The tool depot reaches build_sysimage.jl through JULIA_DEPOT_PATH only (below).
    sysimageParams.put("tool_project", toolProject.toString());
    sysimageParams.put("project", bundle.env().toString());
    sysimageParams.put("sysimage_path", bundle.sysimage().toString());
    sysimageParams.put("packages", packages);
    sysimageParams.put("cpu_target", cpuTarget);
    // PC >= v2.1.18 imports every image package into Main unless told not to (PC #807); the
    // launcher's users load them with `using` like any package.
    sysimageParams.put("import_into_main", false);
    sysimageParams.put("precompile_execution_files", absolute(options.precompileScript()));
    sysimageParams.put("precompile_statements_files", absolute(options.precompileStatements()));
    BuildStep sysimage = BuildStep.running(StepId.SYSIMAGE,
        isolated(exe, JuliaScript.SYSIMAGE, depotPath(julia, bundle.depot(), toolDepot), bundle.env(), Map.of(),
            sysimageParams, staging, logs),
        List.of(bundle.env().toString()), List.of(bundle.sysimage().toString()));
    steps.add(packages.isEmpty() ? sysimage.skipped(foreign ? noSysimageForReason(host, target) : noSysimageReason(options))
        : sysimage);

    steps.add(BuildStep.internal(StepId.PRUNE, List.of(bundle.depot().toString()),
        List.of("removes compiled/ logs/ clones/ scratchspaces/ servers/ environments/ config/")));
    List<String> layoutOut = new ArrayList<>(List.of(bundle.launcher().toString(), bundle.metadata().toString()));
    if (options.includeJulia()) {
      layoutOut.add(bundle.julia().toString());
    }
    if (target.os().equals("windows")) {
      layoutOut.add(bundle.windowsLauncher().toString());
    }
    steps.add(BuildStep.internal(StepId.LAYOUT, List.of(), layoutOut));
    steps.add(BuildStep.internal(StepId.SCAN, List.of(staging.toString()), List.of()));
    BuildStep smoke = smokeTest(options, env, julia, files, logs);
    if (foreign) {
      steps.add(smoke.skipped("the bundle is for " + target.baseTriplet() + ": the build's Julia (" + host.baseTriplet()
          + ") cannot run it; the target check below runs instead"));
      steps.add(targetCheck(exe, julia, bundle, target, staging, logs));
    } else {
      steps.add(smoke);
    }
    steps.add(BuildStep.internal(StepId.REVIEW, List.of(staging.toString()), List.of(bundle.sbom().toString(), bundle.report().toString())));
    steps.add(BuildStep.internal(StepId.CHECKSUMS, List.of(staging.toString()), List.of(bundle.checksums().toString())));

    return new BuildPlan(options, env, julia, output, staging, logs, toolDepot, packages, pcVersion, fingerprint, steps,
        target, foreign, shipped);
  }

  /** Each preference must name a package the environment has: Base reads preferences by package. */
  private static void checkPreferences(BuildOptions options, Environment env) throws SiegeException {
    for (Preference p : options.preferences()) {
      boolean known = env.project().name().map(p.pkg()::equals).orElse(false)
          || env.directDeps().containsKey(p.pkg())
          || env.entries().stream().anyMatch(e -> e.name().equals(p.pkg()));
      if (!known) {
        throw new UsageException("{option:PREFERENCE} " + p.spec() + " names " + p.pkg()
            + ", which is neither the project nor a package of its manifest",
            "Julia reads a package's preferences only for a package of the environment: check the name (it is case"
                + " sensitive), or add the package to the project");
      }
    }
  }

  /**
   * The platform the build's Julia runs on, from the triplet it reported ({@code
   * triplet(HostPlatform())}, JULIA-FACTS §7), without its tags; from arch, OS and libc when the
   * triplet cannot be read.
   */
  public static TargetPlatform hostPlatform(JuliaInfo julia) {
    try {
      return TargetPlatform.parse(julia.triplet()).base();
    } catch (IllegalArgumentException e) {
      String libc = julia.os().equals("linux") && julia.libc().isEmpty() ? "glibc" : julia.libc();
      return new TargetPlatform(julia.arch(), julia.os(), julia.os().equals("linux") ? libc : "", "", Map.of());
    }
  }

  /**
   * The platform the bundle is for: the one asked for, else the build Julia's, plus the tags asked
   * for. A tagged host is still the host: tags choose artifacts, not the Julia that runs them.
   */
  public static TargetPlatform targetPlatform(BuildOptions options, JuliaInfo julia) throws SiegeException {
    TargetPlatform base = options.platform().orElseGet(() -> hostPlatform(julia));
    TargetPlatform target;
    try {
      target = base.withTags(options.platformTags());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), "give tags as {option:PLATFORM_TAG} KEY=VALUE, such as cuda=12.6");
    }
    // Julia compares julia_version by major.minor only (compare_julia_version, base/binaryplatforms.jl).
    String jv = target.tags().get("julia_version");
    String mm = julia.version().major() + "." + julia.version().minor();
    if (jv != null && !(jv + ".").startsWith(mm + ".")) {
      throw new UsageException("the platform tag julia_version=" + jv + " is not the build Julia's " + julia.version()
          + ": the manifest is resolved, and its artifacts selected, for the Julia that builds the bundle",
          "leave julia_version out (the build Julia's is used), or build with Julia " + jv + " ({option:JULIA_VERSION})");
    }
    return target;
  }

  /** The tags of the target platform the options give: in the triplet of {@code platform}, and added ones. */
  public static Map<String, String> targetTags(BuildOptions options) {
    Map<String, String> tags = new java.util.TreeMap<>(options.platform().map(TargetPlatform::tags).orElse(Map.of()));
    tags.putAll(options.platformTags());
    return tags;
  }

  /**
   * What only the target's own Julia can make, refused for another platform. A sysimage is
   * machine code for one Julia build on one platform (JULIA-FACTS §2, §8 "Distribution Julias"):
   * PackageCompiler compiles it with the running Julia and links it with the host's compiler (PC
   * v2.4.0 create_sysimage, no cross-compilation). Another libc is another platform: a glibc Julia
   * cannot make an image that a musl Julia loads. The same triplet on another CPU is not: that is
   * {@code --cpu-target}'s business.
   */
  private static void refuseWhatNeedsTheTargetsJulia(BuildOptions options, TargetPlatform host, TargetPlatform target)
      throws SiegeException {
    String why = "a sysimage cannot be cross-compiled: PackageCompiler builds it with the Julia that will load it, and"
        + " the bundle is for " + target.baseTriplet() + " while the build's Julia runs on " + host.baseTriplet();
    String hint = "leave it out: the bundle for another platform is depot-only, and its packages precompile into the"
        + " user depot on first use on the target; or build on a machine that is " + target.baseTriplet();
    if (options.packages().kind() == PackageSelection.Kind.EXPLICIT) {
      throw new UsageException("{option:PACKAGES} with {option:PLATFORM} " + target.baseTriplet() + ": " + why, hint);
    }
    if (options.precompileScript().isPresent()) {
      throw new UsageException("{option:PRECOMPILE_SCRIPT} with {option:PLATFORM} " + target.baseTriplet() + ": " + why,
          hint);
    }
    if (options.precompileStatements().isPresent()) {
      throw new UsageException("{option:PRECOMPILE_STATEMENTS} with {option:PLATFORM} " + target.baseTriplet() + ": "
          + why, hint);
    }
    if (!options.cpuTarget().isPortable()) {
      throw new UsageException("{option:CPU_TARGET} " + options.cpuTarget().spec() + " with {option:PLATFORM} "
          + target.baseTriplet() + ": the CPU target is what the sysimage is compiled for, and a bundle for another"
          + " platform has none; its packages are compiled on the target, on first use, for that machine's CPU",
          "leave out {option:CPU_TARGET}; to compile for several CPUs there, set JULIA_CPU_TARGET before the first start"
              + " on the target");
    }
  }

  /**
   * The Julia a bundle for another platform ships with {@code --include-julia}: not the build's
   * own, which runs on another platform, but the official Julia of the same version for the
   * target, which the caller looked up ({@code shippedJulia}). Without one (a caller that cannot
   * look it up), refused.
   */
  static Optional<ShippedJulia> juliaForTarget(BuildOptions options, TargetPlatform host, TargetPlatform target,
      Optional<ShippedJulia> shippedJulia) throws SiegeException {
    if (!options.includeJulia()) {
      return Optional.empty();
    }
    if (shippedJulia.isEmpty()) {
      throw new UsageException("{option:INCLUDE_JULIA} with {option:PLATFORM} " + target.baseTriplet()
          + ": the build's Julia runs on " + host.baseTriplet() + " and cannot run there, and no Julia for "
          + target.baseTriplet() + " is available to copy",
          "leave out {option:INCLUDE_JULIA} and install the official Julia for " + target.baseTriplet()
              + " on the target machine (the launcher finds it on PATH or through SIEGE_JULIA)");
    }
    return shippedJulia;
  }

  private static String noSysimageForReason(TargetPlatform host, TargetPlatform target) {
    return "the bundle is for " + target.baseTriplet() + " and the build's Julia runs on " + host.baseTriplet()
        + ": a sysimage cannot be cross-compiled, so this is a depot-only bundle";
  }

  /**
   * The target check, instead of the smoke test for another platform: {@code target_check.jl}, run
   * by the build's Julia against the staged bundle's depot, checks that every artifact the target
   * selects (lazy and hook-selected ones included) is installed and that every manifest package's
   * directory exists. It loads nothing: the packages are the target's.
   */
  private static BuildStep targetCheck(Path exe, JuliaInfo julia, BundleLayout bundle, TargetPlatform target,
      Path staging, Path logs) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("project", bundle.env().toString());
    params.put("platform", target.triplet());
    params.put("include_lazy_artifacts", true);
    Map<String, String> env = new LinkedHashMap<>(NO_AUTO_PRECOMPILE);
    env.put("JULIA_PKG_OFFLINE", "true");
    JuliaRun run = isolated(exe, JuliaScript.TARGET_CHECK, depotPath(julia, bundle.depot()), bundle.env(), env, params,
        staging, logs);
    return BuildStep.running(StepId.TARGET_CHECK, run, List.of(bundle.depot().toString(), bundle.env().toString()),
        List.of());
  }

  /**
   * The smoke test: {@code smoke_test.jl} through the bundle's own launcher, from a moved copy of
   * the bundle, offline and off the network ({@link NetworkIsolation}: a network namespace where
   * the machine allows one, else proxy variables pointing at a closed port; probed once per
   * process, so {@code siege plan} shows what a build runs), with an empty user depot and an
   * empty HOME.
   */
  private static BuildStep smokeTest(BuildOptions options, Environment env, JuliaInfo julia, OutputFiles files,
      Path logs) {
    Path moved = files.moved();
    NetworkIsolation isolation = NetworkIsolation.forThisMachine();
    Map<String, String> set = new LinkedHashMap<>(isolation.setEnv());
    set.put("JULIA_PKG_OFFLINE", "true");
    set.put("SIEGE_USER_DEPOT", files.smokeScratch().resolve("depot").toString());
    // JULIA-FACTS §3, §8: on Julia 1.6-1.10 a depot path's trailing empty entry adds ~/.julia,
    // where an artifact missing from the bundle could be found and hide the gap.
    set.put("HOME", files.smokeScratch().resolve("home").toString());
    if (!options.includeJulia()) {
      set.put("SIEGE_JULIA", julia.executable().toString());
    }
    List<String> unset = new ArrayList<>(List.of("JULIA_LOAD_PATH", "JULIA_DEPOT_PATH", "JULIA_PROJECT", "LD_LIBRARY_PATH"));
    unset.addAll(isolation.unsetEnv());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("packages", List.copyOf(env.directDeps().keySet()));
    params.put("network_isolation", isolation.kind().id());
    JuliaRun run = new JuliaRun(BundleLayout.at(moved).launcher(), JuliaScript.SMOKE_TEST, set, unset, params, moved,
        logs.resolve(JuliaScript.SMOKE_TEST.id() + ".log"), isolation.wrapper());
    return BuildStep.running(StepId.SMOKE_TEST, run, List.of(BundleLayout.at(moved).launcher().toString()), List.of());
  }

  /**
   * The registries step: SIEGE copies the local registries (directories and names found in the
   * user's depots) into {@code <depot>/registries}, then {@code registries.jl} adds those given by
   * URL and the default ones, which {@code Pkg.instantiate} would otherwise install only into a
   * depot without any registry (Pkg release-1.12 {@code src/Registry/Registry.jl} {@code
   * download_default_registries(; only_if_empty = true)}), and re-resolves the staged manifest
   * when {@code --resolve} asks (JULIA-FACTS §8).
   */
  private static BuildStep registries(BuildOptions options, Path exe, JuliaInfo julia, BundleLayout bundle,
      Path staging, Path logs) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("project", bundle.env().toString());
    params.put("registry_urls", options.registries().stream()
        .filter(r -> r.kind() == RegistrySource.Kind.URL).map(RegistrySource::given).toList());
    params.put("resolve", options.resolve());
    List<String> inputs = new ArrayList<>();
    for (RegistrySource r : options.registries()) {
      r.directory().ifPresent(d -> inputs.add(d.toAbsolutePath().normalize().toString()));
    }
    List<String> outputs = new ArrayList<>(List.of(bundle.depot().resolve("registries").toString()));
    if (options.resolve()) {
      outputs.add(bundle.env().toString());
    }
    BuildStep step = BuildStep.running(StepId.REGISTRIES,
        isolated(exe, JuliaScript.REGISTRIES, depotPath(julia, bundle.depot()), bundle.env(), NO_AUTO_PRECOMPILE, params, staging,
            logs),
        inputs, outputs);
    return options.registries().isEmpty() && !options.resolve()
        ? step.skipped("no registry beyond the default ones, and no {option:RESOLVE}")
        : step;
  }

  /** The tool project for a plan: beside its depot. */
  public static Path toolProject(BuildPlan plan) {
    return plan.toolDepot().resolveSibling("project");
  }

  /**
   * For runs whose Pkg calls would precompile on their own ({@code Pkg.add}, {@code
   * Pkg.instantiate}: Pkg release-1.6 to release-1.12 {@code _auto_precompile}, which reads this
   * variable at every call; JULIA-FACTS §3): the scripts precompile once, when they mean to.
   */
  static final Map<String, String> NO_AUTO_PRECOMPILE = Map.of("JULIA_PKG_PRECOMPILE_AUTO", "0");

  /** A Julia run of the build, isolated from the user's Julia setup (JULIA-FACTS §0, §3). */
  private static JuliaRun isolated(Path exe, JuliaScript script, String depotPath, Path project,
      Map<String, String> extraEnv, Map<String, Object> params, Path workDir, Path logs) {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("JULIA_DEPOT_PATH", depotPath);
    set.putAll(extraEnv);
    List<String> unset = new ArrayList<>(ISOLATION_UNSET);
    unset.removeAll(set.keySet()); // a variable the run sets is not also removed
    if (project != null) {
      set.put("JULIA_PROJECT", project.toString());
    } else {
      unset.add("JULIA_PROJECT");
    }
    return new JuliaRun(exe, script, set, unset, params, workDir, logs.resolve(script.id() + ".log"));
  }

  /**
   * JULIA_DEPOT_PATH for a build process: the given depots, then Julia's own bundled depots as
   * the probe reported them (JULIA-FACTS §3).
   *
   * <p>An empty entry would keep the bundled stdlib caches visible, but on Julia 1.2-1.10 it also
   * adds {@code ~/.julia}, and Pkg's {@code find_installed} searches every depot: a package the
   * build user already has in ~/.julia would then not be installed into the bundle depot, and the
   * bundle would be incomplete. Naming the bundled depots keeps the build isolated on every Julia
   * version, 1.11.0/1.11.1 included.
   */
  static String depotPath(JuliaInfo julia, Path... depots) {
    List<String> entries = new ArrayList<>();
    for (Path d : depots) {
      entries.add(d.toString());
    }
    for (Path d : julia.bundledDepots()) {
      entries.add(d.toString());
    }
    return String.join(":", entries);
  }

  private static List<String> absolute(Optional<Path> file) {
    return file.map(p -> List.of(p.toAbsolutePath().normalize().toString())).orElse(List.of());
  }

  private static String noSysimageReason(BuildOptions options) {
    return options.packages().buildsSysimage()
        ? "the project has no dependencies to compile"
        : "{option:NO_PACKAGES}: a depot-only bundle";
  }

  /** The sysimage's package list; empty means no sysimage. Never String[] by accident (§0). */
  static List<String> sysimagePackages(PackageSelection selection, Environment env) throws SiegeException {
    return switch (selection.kind()) {
      case NONE -> List.of();
      case DIRECT_DEPS -> List.copyOf(env.directDeps().keySet());
      case EXPLICIT -> {
        // PackageCompiler accepts only the project's [deps] (and the project itself): anything
        // else fails in create_sysimage with "package(s) X not in project".
        List<String> unknown = selection.names().stream()
            .filter(n -> !env.directDeps().containsKey(n) && !env.project().name().map(n::equals).orElse(false))
            .toList();
        Optional<String> self = env.project().name().filter(selection.names()::contains);
        if (self.isPresent() && !env.directDeps().containsKey(self.get())) {
          Optional<String> why = PackageFiles.notAPackage(env.project(), env.dir());
          if (why.isPresent()) {
            throw new SiegeException(
                "{option:PACKAGES} names the project itself, " + self.get() + ", but the project is not a package: "
                    + why.get(),
                "a project loads as a package when its Project.toml has a name and a uuid and src/" + self.get()
                    + ".jl exists (JULIA-FACTS §8); make it one, or leave " + self.get() + " out of {option:PACKAGES}",
                env.project().path(), env.project().lineOf("name"), null);
          }
        }
        if (!unknown.isEmpty()) {
          throw new SiegeException(
              "{option:PACKAGES} names " + (unknown.size() == 1 ? "a package that is" : "packages that are")
                  + " not a direct dependency of the project: " + String.join(", ", unknown),
              "PackageCompiler compiles only packages listed in [deps] of "
                  + env.project().path().getFileName() + "; add them to the project first",
              env.project().path(), 0, null);
        }
        yield selection.names();
      }
    };
  }

  private static Fingerprint fingerprint(BuildOptions options, Environment env, JuliaInfo julia,
      String pcVersion, Path projectDir, Optional<ShippedJulia> shipped) throws SiegeException {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("project", fileHash(env.project().path()));
    c.put("manifest", env.manifest().isPresent() ? fileHash(env.manifest().get().path()) : "none");
    for (String extra : List.of("LocalPreferences.toml", "JuliaLocalPreferences.toml", "Artifacts.toml", "JuliaArtifacts.toml")) {
      Path f = projectDir.resolve(extra);
      if (Files.isRegularFile(f)) {
        c.put("file." + extra, fileHash(f));
      }
    }
    // Developed packages ship as they are on disk: their code is an input like the manifest.
    if (env.manifest().isPresent()) {
      Path manifestDir = env.manifest().get().path().toAbsolutePath().getParent();
      for (var e : env.entries()) {
        if (e.path().isPresent()) {
          Path dir = manifestDir.resolve(e.path().get()).normalize();
          try {
            c.put("dev." + e.name(), Files.isDirectory(dir) ? Fingerprint.treeHash(dir) : "missing");
          } catch (IOException ex) {
            throw new SiegeException("cannot read developed package " + e.name() + " at " + dir + ": " + ex.getMessage(),
                null, env.manifest().get().path(), e.line(), ex);
          }
        }
      }
    }
    // The project's own package ships its code (src/, ext/, deps/), an input like the manifest.
    if (PackageFiles.notAPackage(env.project(), projectDir).isEmpty()) {
      try {
        c.put("project.package", packageTreeHash(projectDir));
      } catch (IOException ex) {
        throw new SiegeException("cannot read the project's package code in " + projectDir + ": " + ex.getMessage(),
            null, env.project().path(), 0, ex);
      }
    }
    // A local registry enters with its Registry.toml (the list of its packages); a registry given
    // by URL only by its credential-free URL, in option.registries.
    for (RegistrySource r : options.registries()) {
      if (r.directory().isPresent()) {
        Path d = r.directory().get();
        Path toml = Files.isDirectory(d) ? d.resolve("Registry.toml") : d;
        c.put("registry." + r.recorded(), Files.isRegularFile(toml) ? fileHash(toml) : "missing");
      }
    }
    c.put("julia.version", julia.version().toString());
    c.put("julia.arch", julia.arch());
    c.put("julia.os", julia.os());
    c.put("julia.libc", julia.libc());
    // The Julia shipped for another platform: which one, by the sha256 of its official archive.
    shipped.ifPresent(j -> c.put("julia.shipped", j.fingerprintValue()));
    c.put("siege.version", SiegeVersion.get());
    c.put("packagecompiler.version", pcVersion);
    options.effective().forEach((k, v) -> c.put("option." + k, v));
    // The precompile files enter by content (file.*); their paths are the build machine's, and the
    // fingerprint inputs ship in the metadata: only the file names are recorded.
    options.precompileScript().ifPresent(p -> c.put("option.precompile_script", p.getFileName().toString()));
    options.precompileStatements().ifPresent(p -> c.put("option.precompile_statements", p.getFileName().toString()));
    if (options.precompileScript().isPresent()) {
      c.put("file.precompile_script", fileHash(options.precompileScript().get()));
    }
    if (options.precompileStatements().isPresent()) {
      c.put("file.precompile_statements", fileHash(options.precompileStatements().get()));
    }
    return Fingerprint.of(c);
  }

  /** sha256 over the files of the project's package that ship ({@link PackageFiles#shipped}). */
  static String packageTreeHash(Path projectDir) throws IOException {
    com.google.common.hash.Hasher h = com.google.common.hash.Hashing.sha256().newHasher();
    for (String dir : PackageFiles.PROJECT_DIRS) {
      Path root = projectDir.resolve(dir);
      for (String rel : PackageFiles.shipped(root)) {
        Path f = root.resolve(rel);
        byte[] name = (dir + "/" + rel).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        h.putInt(name.length).putBytes(name);
        byte[] content = Files.isSymbolicLink(f)
            ? ("link:" + Files.readSymbolicLink(f)).getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : com.google.common.io.MoreFiles.asByteSource(f).hash(com.google.common.hash.Hashing.sha256()).asBytes();
        h.putInt(content.length).putBytes(content);
      }
    }
    return h.hash().toString();
  }

  private static String fileHash(Path file) throws SiegeException {
    try {
      return Fingerprint.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new SiegeException("cannot read " + file + ": " + e.getMessage(), null, file, 0, e);
    }
  }

}
