package dev.siege.testkit;

import dev.siege.core.version.Version;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.julia.script.ScriptProtocol;
import dev.siege.testkit.FakeEnvironment.Entry;
import dev.siege.testkit.FakeEnvironment.Manifest;
import dev.siege.testkit.FakeEnvironment.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Julia as SIEGE's scripts see it, without Julia: given a purpose, the script's parameters, the
 * process environment and working directory, it writes the files Julia would write and returns
 * the output lines and exit code Julia would produce. {@link FakeJuliaRunner} (in-process) and
 * {@link FakeJuliaMain} (a {@code julia} process) both answer through this class.
 *
 * <p>What each purpose reads and writes is documented on {@link FakeJuliaRunner}. Deliberate
 * differences from Julia, all on the safe side: nothing is downloaded (packages and artifacts are
 * generated, deterministically from names and versions); INSTANTIATE and TOOLS refuse to install
 * into {@code ~/.julia} (a {@code JULIA_DEPOT_PATH} that is unset or starts with an empty entry);
 * SYSIMAGE requires the packages to be installed already instead of installing them itself.
 */
public final class FakeJulia {

  /** PackageCompiler's registered UUID (tools.jl). */
  public static final UUID PACKAGECOMPILER_UUID = UUID.fromString("9b87118b-4619-50d2-8e1e-99f35a4d4d9d");

  private final FakeJuliaSettings settings;

  public FakeJulia(FakeJuliaSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public FakeJuliaSettings settings() {
    return settings;
  }

  /**
   * Runs one Julia process's worth of work.
   *
   * @param parameters the script's parameters as a {@code JuliaCall} holds them (checked like the
   *     real runner's parameter file)
   * @param env the process's complete environment
   * @param juliaOptions the options before the script ({@code -J} is checked)
   */
  public FakeJuliaOutcome run(
      JuliaScript purpose, Map<String, ?> parameters, Map<String, String> env, Path workDir, List<String> juliaOptions) {
    return run(purpose, parameters, env, workDir, juliaOptions, List.of());
  }

  /**
   * Runs one Julia process's worth of work started through {@code wrapper} (a {@code JuliaCall}'s):
   * in-process nothing can enter a network namespace, so a wrapper {@code unshare --net ...} is
   * taken at its word and every connection the process tries fails as there.
   */
  public FakeJuliaOutcome run(JuliaScript purpose, Map<String, ?> parameters, Map<String, String> env, Path workDir,
      List<String> juliaOptions, List<String> wrapper) {
    return run(purpose, FakeParameters.ofCall(parameters), env, workDir, juliaOptions,
        purpose.hasScript() ? purpose.fileName() : "none", FakeNetwork.isNamespace(wrapper));
  }

  FakeJuliaOutcome run(JuliaScript purpose, FakeParameters params, Map<String, String> env, Path workDir,
      List<String> juliaOptions, String scriptLabel) {
    // A process: whatever namespace it runs in is real, and its connections meet it.
    return run(purpose, params, env, workDir, juliaOptions, scriptLabel, false);
  }

  private FakeJuliaOutcome run(JuliaScript purpose, FakeParameters params, Map<String, String> env, Path workDir,
      List<String> juliaOptions, String scriptLabel, boolean inNetworkNamespace) {
    FakeOutput out = new FakeOutput();
    Context c = new Context(purpose, params, Map.copyOf(env), workDir, List.copyOf(juliaOptions), scriptLabel, out,
        inNetworkNamespace);
    try {
      if (purpose == JuliaScript.VERSION) {
        out.out("julia version " + settings.version()); // JULIA-FACTS §7
        return new FakeJuliaOutcome(0, out.lines());
      }
      checkSysimageOption(c);
      switch (purpose) {
        case PROBE -> probe(c);
        case TOOLS -> FakePackageCompiler.tools(settings, c);
        case REGISTRIES -> FakeRegistries.run(settings, c);
        case INSTANTIATE -> instantiate(c);
        case SYSIMAGE -> FakePackageCompiler.sysimage(settings, c);
        case SMOKE_TEST -> FakeSmokeTest.run(settings, c);
        case TARGET_CHECK -> targetCheck(c);
        default -> throw new IllegalArgumentException("unknown purpose " + purpose);
      }
      return new FakeJuliaOutcome(0, out.lines());
    } catch (FakeJuliaError e) {
      e.stderr().forEach(out::err);
      return new FakeJuliaOutcome(e.exitCode(), out.lines());
    } catch (IOException e) {
      FakeJuliaError.uncaught(scriptLabel, "IOError: " + e).stderr().forEach(out::err);
      return new FakeJuliaOutcome(1, out.lines());
    }
  }

  /**
   * One process: what it was given and where its output goes.
   *
   * @param inNetworkNamespace whether an in-process call stands for one started in a network
   *     namespace (a real process learns that from its failing connections)
   */
  record Context(JuliaScript purpose, FakeParameters params, Map<String, String> env, Path workDir,
      List<String> juliaOptions, String script, FakeOutput out, boolean inNetworkNamespace) {

    /** {@code abspath(p)}: relative to the working directory. */
    Path abspath(String p) {
      return workDir.resolve(p).toAbsolutePath().normalize();
    }

    /** The non-empty entries of {@code JULIA_DEPOT_PATH}, made absolute ({@code ~} expanded). */
    List<Path> explicitDepots() {
      String value = env.get("JULIA_DEPOT_PATH");
      List<Path> depots = new ArrayList<>();
      if (value == null) {
        return depots;
      }
      for (String entry : value.split(":", -1)) {
        if (!entry.isEmpty()) {
          String home = env.getOrDefault("HOME", "");
          depots.add(abspath(entry.startsWith("~/") && !home.isEmpty() ? home + entry.substring(1) : entry));
        }
      }
      return depots;
    }

    /**
     * The depots when this process installs something: DEPOT_PATH[1] gets the installs
     * (JULIA-FACTS §3), so it must be given explicitly; the fake never writes to {@code ~/.julia}.
     */
    List<Path> installDepots() {
      String value = env.get("JULIA_DEPOT_PATH");
      if (value == null || value.isEmpty() || value.startsWith(":")) {
        throw new FakeJuliaError(List.of(
            "ERROR: fake julia: JULIA_DEPOT_PATH is " + (value == null ? "unset" : "\"" + value + "\"")
                + ", so Julia would install into ~/.julia (JULIA-FACTS §3); the fake refuses to write there"), 1);
      }
      return explicitDepots();
    }

    /** The {@code -J}/{@code --sysimage} option's value, if given. */
    Optional<String> sysimageOption() {
      for (int i = 0; i < juliaOptions.size(); i++) {
        String o = juliaOptions.get(i);
        if ((o.equals("-J") || o.equals("--sysimage")) && i + 1 < juliaOptions.size()) {
          return Optional.of(juliaOptions.get(i + 1));
        }
        if (o.startsWith("--sysimage=")) {
          return Optional.of(o.substring("--sysimage=".length()));
        }
        if (o.startsWith("-J") && o.length() > 2) {
          return Optional.of(o.substring(2));
        }
      }
      return Optional.empty();
    }
  }

  /** Julia loads the {@code -J} image before anything else and stops when it cannot. */
  private static void checkSysimageOption(Context c) {
    Optional<String> image = c.sysimageOption();
    if (image.isPresent() && !Files.isRegularFile(c.abspath(image.get()))) {
      throw new FakeJuliaError(List.of("ERROR: could not load library \"" + image.get() + "\"",
          image.get() + ": cannot open shared object file: No such file or directory"), 1);
    }
  }

  /**
   * probe.jl. Before anything else it includes siege_protocol.jl, whose {@code import TOML} fails
   * on Julia older than 1.6, where TOML is no stdlib (the confusing failure of issue 14, item 3).
   * The bundled depots are what Julia computes for an installation under {@code bindir/..}
   * (release-1.6 base/initdefs.jl; the same two on 1.11+); the commit is a fixed fake hash per
   * version, as a real build has one.
   */
  private void probe(Context c) {
    Version v = Version.parse(settings.version());
    if (v.release().compareTo(Version.of(1, 6, 0)) < 0) {
      throw FakeJuliaError.uncaught(c.script(), "ArgumentError: Package TOML not found in current path:",
          "- Run `import Pkg; Pkg.add(\"TOML\")` to install the TOML package.");
    }
    c.out().result("julia_version", settings.version());
    c.out().result("arch", settings.arch());
    c.out().result("os", settings.os());
    c.out().result("libc", settings.libc());
    c.out().result("cpu_name", settings.cpuName());
    c.out().result("bindir", settings.bindir());
    c.out().result("word_size", settings.wordSize());
    c.out().result("triplet", settings.hostTriplet());
    c.out().result("executable", settings.bindir() + "/julia");
    c.out().result("commit", commitOf(settings.version()));
    String prefix = settings.bindir().endsWith("/bin")
        ? settings.bindir().substring(0, settings.bindir().length() - "/bin".length())
        : settings.bindir() + "/..";
    List<String> depots = List.of(prefix + "/local/share/julia", prefix + "/share/julia");
    c.out().result("bundled_depots", depots.size());
    for (int i = 0; i < depots.size(); i++) {
      c.out().result("bundled_depot." + (i + 1), depots.get(i));
    }
  }

  /**
   * instantiate.jl: resolve when there is no manifest, install the packages and what Pkg itself
   * selects of their artifacts, then every artifact the script asks for, then precompile when
   * asked.
   */
  private void instantiate(Context c) throws IOException {
    Path projectDir = c.abspath(c.params().string("project"));
    boolean includeLazy = c.params().bool("include_lazy_artifacts", false);
    boolean precompile = c.params().bool("precompile", true);
    String target = c.params().string("platform", "");
    boolean foreign = c.params().bool("foreign_platform", false);
    Project project = FakeEnvironment.readProject(projectDir, settings.version())
        .orElseThrow(() -> FakeJuliaError.siegeFail("no Project.toml in " + repr(projectDir.toString())));
    FakeInstaller installer = new FakeInstaller(settings, c.installDepots(), c.out())
        .forPlatform(targetPlatform(target, foreign))
        .withVersionPreferences(FakeInstaller.versionPreferences(projectDir))
        .withEnvironment(c.env());
    FakeOutput out = c.out();
    Version version = Version.parse(settings.version());

    boolean created = !Files.isRegularFile(project.manifestFile());
    Manifest manifest;
    if (created) {
      out.progress(1, 4, "resolving and instantiating (no Manifest.toml)");
      out.err("  Resolving package versions...");
      manifest = FakeEnvironment.resolve(project, settings.version());
      Files.writeString(project.manifestFile(),
          FakeEnvironment.render(manifest, FakeEnvironment.sha1(project.file())), StandardCharsets.UTF_8);
      out.err("    Updating `" + project.manifestFile() + "`");
      for (Entry e : manifest.entries()) {
        out.err("  [" + e.uuid().toString().substring(0, 8) + "] + " + e.name() + (e.version() == null ? "" : " v" + e.version()));
      }
    } else {
      out.progress(1, 4, "instantiating");
      manifest = FakeEnvironment.readManifest(project.manifestFile());
      warnOnOtherJuliaVersion(manifest, out);
    }

    installer.ensureRegistry(project.manifestFile(), manifest);
    // Pkg.instantiate checks registration only when something is missing (is_instantiated first).
    if (!created && manifest.entries().stream().anyMatch(e -> e.installable() && installer.findPackage(e).isEmpty())) {
      installer.checkRegistered(manifest, c.script());
    }
    List<Path> artifactDirs = new ArrayList<>(List.of(projectDir));
    List<String> labels = new ArrayList<>(List.of("the project"));
    for (Entry e : manifest.entries()) {
      if (e.installable()) {
        Path dir = installer.ensurePackage(e, manifest);
        artifactDirs.add(dir);
        labels.add(e.name());
        Optional<Path> toml = installer.artifactsToml(dir);
        if (toml.isEmpty()) {
          continue;
        }
        if (version.minor() >= 7 && FakeInstaller.hasHook(dir)) {
          // Pkg release-1.7 to release-1.12 collect_artifacts: the hook's output, installed as it
          // is (a BinaryBuilder hook includes the lazy ones), for instantiate's platform.
          for (FakeInstaller.Artifact a : installer.hookSelection(toml.get(), e.name())) {
            installer.ensureArtifact(a);
          }
        } else {
          // Pkg release-1.6 download_artifacts knows no hooks: the best non-lazy entries (§5).
          for (FakeInstaller.Artifact a : installer.bestArtifacts(toml.get())) {
            if (!a.lazy()) {
              installer.ensureArtifact(a);
            }
          }
        }
      } else if (e.path() != null && !Files.isDirectory(projectDir.resolve(e.path()))) {
        throw FakeJuliaError.uncaught(c.script(), "expected package `" + e.name() + " [" + e.uuid().toString().substring(0, 8)
            + "]` to exist at path `" + projectDir.resolve(e.path()).normalize() + "`");
      }
    }
    installer.leftovers(project.manifestFile(), manifest);
    int buildScripts = 0;
    for (String name : settings.depsJlWithAbsolutePath()) {
      Entry e = manifest.entry(name).filter(Entry::installable).orElseThrow(() -> new IllegalStateException(
          "fake julia was told to write an absolute path into " + name + "'s deps.jl, but " + project.manifestFile()
              + " has no installable entry " + name));
      // Pkg.instantiate(; allow_build = false) for another platform runs no deps/build.jl.
      installer.depsJl(installer.findPackage(e).orElseThrow(), !foreign);
      if (foreign) {
        buildScripts++;
        out.out(ScriptProtocol.warning(name + " has deps/build.jl, which Pkg cannot run for another platform: it did not"
            + " run, so what it makes (often deps/deps.jl or a downloaded library) is missing; on the target,"
            + " Pkg.build(\"" + name + "\") must run it, with whatever it needs there (often the network), and write into"
            + " the package's directory"));
      }
    }
    // Pkg.instantiate precompiles on its own unless told not to (release-1.6 to release-1.12
    // _auto_precompile); the script passes allow_autoprecomp=false and the plan sets the variable.
    if (!"0".equals(c.env().get("JULIA_PKG_PRECOMPILE_AUTO"))) {
      precompile(installer, manifest, projectDir, version, out);
    }

    out.progress(2, 4, includeLazy ? "installing artifacts, lazy ones included" : "checking artifacts");
    int tomls = 0;
    int ensured = 0;
    Set<String> kept = new java.util.HashSet<>();
    for (int i = 0; i < artifactDirs.size(); i++) {
      Path dir = artifactDirs.get(i);
      Optional<Path> toml = installer.artifactsToml(dir);
      if (toml.isPresent()) {
        tomls++;
        boolean hooked = FakeInstaller.hasHook(dir);
        if (hooked && FakeInstaller.hasPlatformAugmentation(dir)
            && augmentationUndecided(dir, labels.get(i), target, projectDir)) {
          out.out(ScriptProtocol.warning(labels.get(i) + " chooses its artifacts on the machine it runs on "
              + "(.pkg/platform_augmentation.jl, e.g. by the CUDA driver found): the bundle holds every variant for"
              + " " + installer.platform().triplet() + " and the secure machine loads the one it selects there"
              + (foreign ? "" : ", but code compiled into the sysimage here was compiled with the build server's choice")
              + "; a platform tag (e.g. cuda) or a preference decides it"));
        }
        Optional<String> unknown = installer.unknownTag(toml.get());
        if (unknown.isPresent()) {
          throw FakeJuliaError.siegeFail(labels.get(i) + " has no artifact for " + unknown.get() + ". Give one of these");
        }
        List<FakeInstaller.Artifact> selected =
            hooked ? installer.matchingArtifacts(toml.get()) : installer.bestArtifacts(toml.get());
        if (selected.isEmpty() && installer.platformSpecific(toml.get())) {
          out.out(ScriptProtocol.warning(labels.get(i) + " has no artifact for " + installer.platform().triplet()
              + " (its Artifacts.toml lists other platforms only): it will not load there"));
        }
        for (FakeInstaller.Artifact a : selected) {
          if (includeLazy || !a.lazy()) {
            installer.ensureArtifact(a);
            kept.add(a.treeSha1());
            ensured++;
          }
        }
      }
      out.progress(i + 1, artifactDirs.size(), "artifacts of " + labels.get(i));
    }

    // instantiate.jl: for a platform given, only what it selects stays in the bundle depot.
    int removed = 0;
    Path artifactsDir = installer.firstDepot().resolve("artifacts");
    if (!target.isEmpty() && Files.isDirectory(artifactsDir)) {
      try (var entries = Files.list(artifactsDir)) {
        for (Path p : entries.sorted().toList()) {
          String name = p.getFileName().toString();
          if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && name.matches("[0-9a-f]{40}")
              && !kept.contains(name)) {
            dev.siege.core.io.FileTrees.delete(p);
            removed++;
            out.err("removed artifact " + name + ": " + installer.platform().triplet() + " does not select it");
          }
        }
      }
    }

    if (precompile) {
      out.progress(3, 4, "precompiling");
      precompile(installer, manifest, projectDir, version, out);
    }

    out.progress(4, 4, "done");
    out.result("manifest_created", created);
    out.result("packages", manifest.entries().size());
    out.result("artifacts_toml_files", tomls);
    out.result("artifacts_ensured", ensured);
    out.result("artifacts_removed", removed);
    out.result("target_platform", installer.platform().triplet());
    out.result("build_scripts", buildScripts);
  }

  private static java.util.Set<String> captures(String regex, String text) {
    java.util.Set<String> found = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /**
   * {@code siege_augmentation_undecided} of siege_artifacts.jl: the tags a given tag can decide
   * (those its {@code augment_platform!} sets only {@code if !haskey(platform, ...)}, else every
   * tag it sets) were not all given, and the project's preferences file has no table for it.
   */
  private static boolean augmentationUndecided(Path dir, String name, String target, Path projectDir) throws IOException {
    String text = Files.readString(dir.resolve(".pkg/platform_augmentation.jl"));
    java.util.Set<String> sets = captures("platform\\[\"([A-Za-z0-9_.]+)\"\\]\\s*=", text);
    java.util.Set<String> guarded = captures("haskey\\(\\s*platform\\s*,\\s*\"([A-Za-z0-9_.]+)\"\\s*\\)", text);
    guarded.retainAll(sets);
    java.util.Set<String> decidable = guarded.isEmpty() ? sets : guarded;
    java.util.Set<String> given = target.isEmpty() ? java.util.Set.of() : TargetPlatform.parse(target).tags().keySet();
    if (!decidable.isEmpty() && given.containsAll(decidable)) {
      return false;
    }
    for (String file : List.of("JuliaLocalPreferences.toml", "LocalPreferences.toml")) {
      Path p = projectDir.resolve(file);
      if (Files.isRegularFile(p)) {
        return !(FakeEnvironment.parse(p).get(List.of(name)) instanceof org.tomlj.TomlTable);
      }
    }
    return true;
  }

  /**
   * {@code siege_target_platform} of siege_artifacts.jl: this fake's own platform without a
   * triplet; else the triplet as {@code parse(Platform, ...)} reads it, failing as the script does
   * on one Julia cannot read ({@code ArgumentError: Platform `...` is not an officially supported
   * platform}, julia base/binaryplatforms.jl). The ABI tags the script copies from the host do not
   * matter to the fake, whose artifacts have none.
   */
  private TargetPlatform targetPlatform(String triplet, boolean foreign) {
    if (triplet.isEmpty()) {
      return FakeInstaller.hostPlatform(settings);
    }
    try {
      return TargetPlatform.parse(triplet);
    } catch (IllegalArgumentException e) {
      throw FakeJuliaError.siegeFail("not a platform Julia knows: " + repr(triplet) + " (ArgumentError: Platform `"
          + triplet + "` is not an officially supported platform)");
    }
  }

  /**
   * target_check.jl: every manifest package's directory in some depot, every artifact the platform
   * selects in the bundle depot (DEPOT_PATH[1]), the same selection instantiate made (hooked
   * packages: every entry matching the platform).
   */
  private void targetCheck(Context c) throws IOException {
    Path projectDir = c.abspath(c.params().string("project"));
    String target = c.params().string("platform");
    boolean includeLazy = c.params().bool("include_lazy_artifacts", true);
    if (target.isEmpty()) {
      throw FakeJuliaError.siegeFail("parameter \"platform\" is empty");
    }
    if (!"true".equals(c.env().get("JULIA_PKG_OFFLINE"))) {
      throw new FakeJuliaError(List.of("ERROR: fake julia: the target check runs offline, JULIA_PKG_OFFLINE is not true"), 1);
    }
    Project project = FakeEnvironment.readProject(projectDir, settings.version())
        .orElseThrow(() -> FakeJuliaError.siegeFail("no Project.toml in " + repr(projectDir.toString())));
    Manifest manifest = FakeEnvironment.readManifest(project.manifestFile());
    FakeInstaller installer = new FakeInstaller(settings, c.explicitDepots(), c.out()).forPlatform(targetPlatform(target, true));
    FakeOutput out = c.out();
    out.progress(0, 2, "checking the packages of the manifest");
    List<String> missing = new ArrayList<>();
    List<Path> dirs = new ArrayList<>(List.of(projectDir));
    List<String> labels = new ArrayList<>(List.of("the project"));
    int packages = 0;
    for (Entry e : manifest.entries()) {
      if (!e.installable()) {
        continue;
      }
      Optional<Path> dir = installer.findPackage(e);
      if (dir.isEmpty()) {
        missing.add(e.name());
      } else {
        packages++;
        dirs.add(dir.get());
        labels.add(e.name());
      }
    }
    if (!missing.isEmpty()) {
      throw FakeJuliaError.siegeFail("the depot lacks these packages of the manifest: " + String.join(", ", missing.stream().sorted().toList()));
    }
    out.progress(1, 2, "checking the artifacts " + installer.platform().triplet() + " selects");
    Path bundleArtifacts = installer.firstDepot().resolve("artifacts");
    List<String> lacking = new ArrayList<>();
    int artifacts = 0;
    for (int i = 0; i < dirs.size(); i++) {
      Optional<Path> toml = installer.artifactsToml(dirs.get(i));
      if (toml.isEmpty()) {
        continue;
      }
      boolean hooked = FakeInstaller.hasHook(dirs.get(i));
      for (FakeInstaller.Artifact a : hooked ? installer.matchingArtifacts(toml.get()) : installer.bestArtifacts(toml.get())) {
        if (!includeLazy && a.lazy()) {
          continue;
        }
        if (Files.isDirectory(bundleArtifacts.resolve(a.treeSha1()))) {
          artifacts++;
        } else {
          lacking.add(labels.get(i) + ": " + a.name() + " (" + a.treeSha1() + ")");
        }
      }
    }
    if (!lacking.isEmpty()) {
      throw FakeJuliaError.siegeFail("the bundle depot lacks artifacts " + installer.platform().triplet() + " selects: "
          + String.join("; ", lacking));
    }
    out.progress(2, 2, "done");
    out.result("packages", packages);
    out.result("artifacts", artifacts);
    out.result("target_platform", installer.platform().triplet());
  }

  /**
   * {@code Pkg.precompile()}: a cache per package; loading the packages runs their {@code
   * __init__}, where Scratch.jl users make their scratch spaces; Pkg 1.6 saves its own state in its
   * scratch space (release-1.6 src/API.jl).
   */
  private void precompile(FakeInstaller installer, Manifest manifest, Path projectDir, Version version, FakeOutput out)
      throws IOException {
    out.err("Precompiling project...");
    List<Entry> installable = manifest.entries().stream().filter(Entry::installable).toList();
    for (Entry e : installable) {
      installer.compileCache(e.name(), projectDir.toString());
      if (settings.scratchPackages().contains(e.name())) {
        installer.scratchSpace(e);
      }
    }
    if (version.minor() == 6) {
      installer.pkgScratchSpace();
    }
    out.err("  " + installable.size() + " dependencies successfully precompiled in 2 seconds");
  }

  /** Pkg warns when the manifest was resolved by another Julia minor version (JULIA-FACTS §4). */
  private void warnOnOtherJuliaVersion(Manifest manifest, FakeOutput out) {
    Version v = Version.parse(settings.version());
    String warning;
    if (manifest.juliaVersion() == null) {
      warning = "The active manifest file is missing a julia version entry. Dependencies may have been resolved"
          + " with a different julia version.";
    } else if (!Version.isValid(manifest.juliaVersion()) || !Version.parse(manifest.juliaVersion()).sameMinor(v)) {
      warning = "The active manifest file has dependencies that were resolved with a different julia version ("
          + manifest.juliaVersion() + "). Unexpected behavior may occur.";
    } else {
      return;
    }
    out.err("┌ Warning: " + warning);
    out.err("└ @ Pkg.API " + settings.bindir() + "/../share/julia/stdlib/v" + v.major() + "." + v.minor() + "/Pkg/src/API.jl:1800");
  }

  /**
   * Every manifest entry {@code names} need, transitively through {@code deps}, in discovery order.
   *
   * @throws FakeJuliaError naming the first package the manifest lacks
   */
  static List<Entry> closure(Manifest manifest, List<String> names, String script) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(names);
    List<Entry> result = new ArrayList<>();
    while (!todo.isEmpty()) {
      String name = todo.remove(0);
      if (!seen.add(name)) {
        continue;
      }
      Entry e = manifest.entry(name).orElseThrow(() -> FakeJuliaError.uncaught(script,
          "ArgumentError: Package " + name + " not found in current path."));
      result.add(e);
      todo.addAll(e.deps());
    }
    return result;
  }

  /** Julia's {@code repr} of a string, for messages. */
  static String repr(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Deterministic bytes for a file: a sysimage, a cache. */
  static SplittableRandom random(String seed) {
    return new SplittableRandom(FakeEnvironment.sha1(seed).hashCode());
  }

  /** The fake {@code Base.GIT_VERSION_INFO.commit} of a fake Julia version: one fixed hash each. */
  public static String commitOf(String version) {
    return FakeEnvironment.sha1("julia " + version);
  }
}
