package dev.siege.core.plan;

import dev.siege.core.SiegeException;
import dev.siege.core.SiegeVersion;
import dev.siege.core.env.Environment;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.platform.JuliaInfo;
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
   * @param toolsRoot where tool environments live (one per PackageCompiler and Julia version),
   *     outside any bundle and reused across builds
   * @throws SiegeException for options that cannot work with this environment or Julia
   */
  public static BuildPlan plan(BuildOptions options, Environment env, JuliaInfo julia, Path toolsRoot)
      throws SiegeException {
    String pcVersion =
        ToolVersions.packageCompilerFor(julia.version())
            .orElseThrow(() -> new SiegeException(
                "Julia " + julia.version() + " is too old: PackageCompiler 2 needs Julia 1.6 or later",
                "use a newer Julia with --julia or --julia-version"));
    String cpuTarget;
    try {
      cpuTarget = options.cpuTarget().resolve(julia.arch());
    } catch (IllegalArgumentException e) {
      throw new SiegeException(e.getMessage(), "pass --cpu-target native or a Julia CPU target string");
    }
    List<String> packages = sysimagePackages(options.packages(), env);

    Path output = options.output().toAbsolutePath().normalize();
    Path staging = BundleLayout.stagingFor(output);
    BundleLayout bundle = BundleLayout.at(staging);
    String toolName = "packagecompiler-" + pcVersion + "-julia-" + julia.version().major() + "."
        + julia.version().minor() + "-" + julia.arch();
    Path toolDir = toolsRoot.toAbsolutePath().normalize().resolve(toolName);
    Path toolDepot = toolDir.resolve("depot");
    Path toolProject = toolDir.resolve("project");
    Path projectDir = env.dir().toAbsolutePath().normalize();

    List<BuildStep> steps = new ArrayList<>();
    steps.add(BuildStep.internal(StepId.PROBE, List.of(julia.executable().toString()), List.of()));
    steps.add(BuildStep.internal(StepId.CHECK, List.of(env.project().path().toString()), List.of()));

    BuildStep tools = juliaStep(StepId.TOOLS, "tools.jl",
        depotPath(julia, toolDepot), null,
        Map.of("tool_project", toolProject.toString(), "packagecompiler_version", pcVersion),
        List.of(), List.of(toolProject.toString(), toolDepot.toString()));
    steps.add(packages.isEmpty() ? tools.skipped("no sysimage is built") : tools);

    List<String> envInputs = new ArrayList<>();
    envInputs.add(env.project().path().toString());
    env.manifest().ifPresent(m -> envInputs.add(m.path().toString()));
    steps.add(juliaStep(StepId.INSTANTIATE, "instantiate.jl",
        depotPath(julia, bundle.depot()), bundle.env(),
        Map.of("project", bundle.env().toString(), "include_lazy_artifacts", true),
        envInputs,
        List.of(bundle.depot().resolve("packages").toString(), bundle.depot().resolve("artifacts").toString(),
            bundle.depot().resolve("registries").toString(), bundle.env().resolve("Manifest.toml").toString())));

    Map<String, Object> sysimageParams = new LinkedHashMap<>();
    sysimageParams.put("tool_project", toolProject.toString());
    sysimageParams.put("tool_depot", toolDepot.toString());
    sysimageParams.put("project", bundle.env().toString());
    sysimageParams.put("sysimage_path", bundle.sysimage().toString());
    sysimageParams.put("packages", packages);
    sysimageParams.put("cpu_target", cpuTarget);
    sysimageParams.put("precompile_execution_files", absolute(options.precompileScript()));
    sysimageParams.put("precompile_statements_files", absolute(options.precompileStatements()));
    BuildStep sysimage = juliaStep(StepId.SYSIMAGE, "build_sysimage.jl",
        depotPath(julia, bundle.depot(), toolDepot), bundle.env(), sysimageParams,
        List.of(bundle.env().toString()), List.of(bundle.sysimage().toString()));
    steps.add(packages.isEmpty() ? sysimage.skipped(noSysimageReason(options)) : sysimage);

    steps.add(BuildStep.internal(StepId.PRUNE, List.of(bundle.depot().toString()),
        List.of("removes compiled/ logs/ clones/ scratchspaces/ servers/ environments/ config/")));
    List<String> layoutOut = new ArrayList<>(List.of(bundle.launcher().toString(), bundle.metadata().toString()));
    if (options.includeJulia()) {
      layoutOut.add(bundle.julia().toString());
    }
    steps.add(BuildStep.internal(StepId.LAYOUT, List.of(), layoutOut));
    steps.add(BuildStep.internal(StepId.SCAN, List.of(staging.toString()), List.of()));
    steps.add(new BuildStep(StepId.SMOKE_TEST, Optional.of("smoke_test.jl"), Map.of("JULIA_PKG_OFFLINE", "true"),
        List.of("JULIA_LOAD_PATH", "JULIA_DEPOT_PATH", "JULIA_PROJECT", "LD_LIBRARY_PATH"),
        Map.of("packages", List.copyOf(env.directDeps().keySet())),
        List.of(BundleLayout.LAUNCHER + " of a moved copy of the bundle"), List.of(), Optional.empty()));
    steps.add(BuildStep.internal(StepId.CHECKSUMS, List.of(staging.toString()), List.of(bundle.checksums().toString())));

    Fingerprint fingerprint = fingerprint(options, env, julia, pcVersion, projectDir);
    return new BuildPlan(options, julia, output, staging, toolDepot, packages, pcVersion, fingerprint, steps);
  }

  /** The tool project for a plan: beside its depot. */
  public static Path toolProject(BuildPlan plan) {
    return plan.toolDepot().resolveSibling("project");
  }

  private static BuildStep juliaStep(StepId id, String script, String depotPath, Path project,
      Map<String, Object> params, List<String> inputs, List<String> outputs) {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("JULIA_DEPOT_PATH", depotPath);
    List<String> unset = new ArrayList<>(ISOLATION_UNSET);
    if (project != null) {
      set.put("JULIA_PROJECT", project.toString());
    } else {
      unset.add("JULIA_PROJECT");
    }
    return new BuildStep(id, Optional.of(script), set, unset, params, inputs, outputs, Optional.empty());
  }

  /**
   * JULIA_DEPOT_PATH for a build process: the given depots, then Julia's own bundled depots
   * ({@code <prefix>/local/share/julia}, {@code <prefix>/share/julia}) named explicitly.
   *
   * <p>JULIA-FACTS §3: an empty entry would keep the bundled stdlib caches visible, but on Julia
   * 1.2-1.10 it also adds {@code ~/.julia}, and Pkg's {@code find_installed} searches every depot:
   * a package the build user already has in ~/.julia would then not be installed into the bundle
   * depot, and the bundle would be incomplete. Naming the bundled depots keeps the build
   * isolated on every Julia version, 1.11.0/1.11.1 included.
   */
  static String depotPath(JuliaInfo julia, Path... depots) {
    Path prefix = julia.bindir().getParent() == null ? julia.bindir() : julia.bindir().getParent();
    List<String> entries = new ArrayList<>();
    for (Path d : depots) {
      entries.add(d.toString());
    }
    entries.add(prefix.resolve("local/share/julia").toString());
    entries.add(prefix.resolve("share/julia").toString());
    return String.join(":", entries);
  }

  private static List<String> absolute(Optional<Path> file) {
    return file.map(p -> List.of(p.toAbsolutePath().normalize().toString())).orElse(List.of());
  }

  private static String noSysimageReason(BuildOptions options) {
    return options.packages().buildsSysimage()
        ? "the project has no dependencies to compile"
        : "--no-packages: a depot-only bundle";
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
        if (!unknown.isEmpty()) {
          throw new SiegeException(
              "--packages names " + (unknown.size() == 1 ? "a package that is" : "packages that are")
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
      String pcVersion, Path projectDir) throws SiegeException {
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
    c.put("julia.version", julia.version().toString());
    c.put("julia.arch", julia.arch());
    c.put("julia.os", julia.os());
    c.put("julia.libc", julia.libc());
    c.put("siege.version", SiegeVersion.get());
    c.put("packagecompiler.version", pcVersion);
    options.effective().forEach((k, v) -> c.put("option." + k, v));
    if (options.precompileScript().isPresent()) {
      c.put("file.precompile_script", fileHash(options.precompileScript().get()));
    }
    if (options.precompileStatements().isPresent()) {
      c.put("file.precompile_statements", fileHash(options.precompileStatements().get()));
    }
    return Fingerprint.of(c);
  }

  private static String fileHash(Path file) throws SiegeException {
    try {
      return Fingerprint.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new SiegeException("cannot read " + file + ": " + e.getMessage(), null, file, 0, e);
    }
  }

}
