package dev.siege.testkit;

import dev.siege.core.depot.DepotPaths;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.testkit.FakeEnvironment.Entry;
import dev.siege.testkit.FakeEnvironment.Manifest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Finds and installs packages and artifacts in depots the way Pkg does (JULIA-FACTS §3, §5):
 * packages are looked up in every depot ({@code packages/<Name>/<slug>}, 5- or 4-character slug)
 * and installed into the first; artifacts likewise under {@code artifacts/<git-tree-sha1>}.
 * Contents are deterministic from names and versions.
 */
final class FakeInstaller {

  /** Platforms every fake JLL has an artifact for: arch, os, libc (empty: none). */
  private static final List<String[]> PLATFORMS = List.of(
      new String[] {"x86_64", "linux", "glibc"}, new String[] {"aarch64", "linux", "glibc"},
      new String[] {"x86_64", "linux", "musl"}, new String[] {"x86_64", "macos", ""},
      new String[] {"aarch64", "macos", ""}, new String[] {"x86_64", "windows", ""});

  /** The CUDA variants of a hooked JLL's artifacts ({@code cuda} tag; "none": no GPU). */
  static final List<String> CUDA_VARIANTS = List.of("none", "11.8", "12.4", "12.6");

  /** What {@code augment_platform!} finds on the build machine: no CUDA driver. */
  static final String BUILD_MACHINE_CUDA = "none";

  /** A hook's platform augmentation as BinaryBuilder writes it (shortened): it asks the machine. */
  private static final String PLATFORM_AUGMENTATION = """
      using Base.BinaryPlatforms
      # Looks for the CUDA driver of the machine it runs on (fake: none is ever found).
      function augment_platform!(platform::Platform)
          platform["cuda_local"] = "false"   # as CUDA_Runtime_jll's: set whatever the platform has
          haskey(platform, "cuda") && return platform
          platform["cuda"] = "none"
          return platform
      end
      """;

  /** {@code .pkg/select_artifacts.jl} as BinaryBuilder generates it (JULIA-FACTS §8). */
  private static final String SELECT_ARTIFACTS = """
      push!(Base.LOAD_PATH, dirname(@__DIR__))
      using TOML, Artifacts, Base.BinaryPlatforms
      include("./platform_augmentation.jl")
      artifacts_toml = joinpath(dirname(@__DIR__), "Artifacts.toml")
      # Get "target triplet" from ARGS, if given (defaulting to the host triplet otherwise)
      target_triplet = get(ARGS, 1, Base.BinaryPlatforms.host_triplet())
      # Augment this platform object with any special tags we require
      platform = augment_platform!(HostPlatform(parse(Platform, target_triplet)))
      # Select all downloadable artifacts that match that platform
      artifacts = select_downloadable_artifacts(artifacts_toml; platform, include_lazy = true)
      TOML.print(stdout, artifacts)
      # NAME
      """;

  /** An artifact an Artifacts.toml selects for the host. */
  record Artifact(String name, String treeSha1, boolean lazy) {}

  private final FakeJuliaSettings settings;
  private final List<Path> depots;
  private final FakeOutput output;
  /** The platform artifacts are selected for: the fake's host unless {@link #forPlatform} says otherwise. */
  private TargetPlatform platform;
  /**
   * What a hooked JLL's {@code augment_platform!} reads from the project's preferences: {@code
   * [<JLL>] version}, as CUDA_Runtime_jll's reads {@code version} (its .pkg/platform_augmentation.jl
   * {@code cuda_toolkit_tag}); by JLL name.
   */
  private java.util.Map<String, String> versionPreferences = java.util.Map.of();

  /** @param depots the explicit depot entries, first = where installs go; may be empty for lookups */
  FakeInstaller(FakeJuliaSettings settings, List<Path> depots, FakeOutput output) {
    this.settings = settings;
    this.depots = List.copyOf(depots);
    this.output = output;
    this.platform = hostPlatform(settings);
  }

  /** The fake Julia's own platform: arch, OS and libc of its settings. */
  static TargetPlatform hostPlatform(FakeJuliaSettings settings) {
    boolean linux = "linux".equals(settings.os());
    return new TargetPlatform(settings.arch(), settings.os(), linux ? (settings.libc().isEmpty() ? "glibc" : settings.libc()) : "",
        "", java.util.Map.of());
  }

  /**
   * Whether artifacts are unpacked with their symbolic links replaced by copies of their targets:
   * Pkg unpacks with {@code Tar.extract(...; copy_symlinks = copy_symlinks())}, and {@code
   * copy_symlinks()} is true when {@code BINARYPROVIDER_COPYDEREF} says so (Pkg release-1.6 to
   * release-1.12 src/PlatformEngines.jl; docs/platforms.md §5). Unset, Tar.jl creates links where
   * it can, as on Linux here.
   */
  private boolean copySymlinks;

  /** Reads {@code BINARYPROVIDER_COPYDEREF} of the process environment, as Pkg's {@code copy_symlinks()} does. */
  FakeInstaller withEnvironment(java.util.Map<String, String> env) {
    String v = env.getOrDefault("BINARYPROVIDER_COPYDEREF", "").toLowerCase(Locale.ROOT);
    this.copySymlinks = List.of("true", "t", "yes", "y", "1").contains(v);
    return this;
  }

  /** Selects artifacts for {@code target} from now on. */
  FakeInstaller forPlatform(TargetPlatform target) {
    this.platform = target;
    return this;
  }

  /** The preferences hooked JLLs read: {@code [<JLL>] version = "X.Y"} of the project's preferences file. */
  FakeInstaller withVersionPreferences(java.util.Map<String, String> byJll) {
    this.versionPreferences = java.util.Map.copyOf(byJll);
    return this;
  }

  /**
   * {@code [<Name>] version} of each table of the project's preferences file, the one Base reads
   * ({@code JuliaLocalPreferences.toml}, else {@code LocalPreferences.toml}; julia base/loading.jl).
   */
  static java.util.Map<String, String> versionPreferences(Path projectDir) throws IOException {
    Path file = projectDir.resolve("JuliaLocalPreferences.toml");
    if (!Files.isRegularFile(file)) {
      file = projectDir.resolve("LocalPreferences.toml");
    }
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      TomlParseResult toml = FakeEnvironment.parse(file);
      for (String name : toml.keySet()) {
        if (toml.get(List.of(name)) instanceof TomlTable t && t.get(List.of("version")) instanceof String v) {
          out.put(name, v);
        }
      }
    }
    return out;
  }

  TargetPlatform platform() {
    return platform;
  }

  Path firstDepot() {
    return depots.get(0);
  }

  /** The installed directory of {@code e} in any depot. */
  Optional<Path> findPackage(Entry e) {
    for (Path depot : depots) {
      for (int length : new int[] {DepotPaths.SLUG_LENGTH, 4}) {
        Path dir = depot.resolve("packages").resolve(e.name()).resolve(DepotPaths.versionSlug(e.uuid(), e.treeSha1(), length));
        if (Files.isDirectory(dir)) {
          return Optional.of(dir);
        }
      }
    }
    return Optional.empty();
  }

  Optional<Path> findArtifact(String treeSha1) {
    return depots.stream().map(d -> d.resolve(DepotPaths.artifactDir(treeSha1))).filter(Files::isDirectory).findFirst();
  }

  /** Installs {@code e} into the first depot unless some depot has it; returns its directory. */
  Path ensurePackage(Entry e, Manifest manifest) throws IOException {
    Optional<Path> found = findPackage(e);
    if (found.isPresent()) {
      return found.get();
    }
    String dir = DepotPaths.packageDir(e.name(), e.uuid(), e.treeSha1()) + "/";
    FakeTree tree = new FakeTree(firstDepot());
    SplittableRandom r = random("package:" + e.name() + "@" + e.version());
    tree.text(dir + "Project.toml", FakeEnvironment.packageProject(e, manifest));
    tree.text(dir + "README.md", FakeContent.prose("# " + e.name() + ".jl", 600, r));
    tree.text(dir + "LICENSE", FakeContent.prose("MIT License", 1100, r));
    if (e.isJll()) {
      String artifact = artifactName(e);
      boolean hooked = settings.hookJlls().contains(e.name());
      boolean lazy = hooked || settings.lazyJlls().contains(e.name());
      tree.text(dir + "Artifacts.toml", artifactsToml(e, artifact, lazy, hooked ? CUDA_VARIANTS : List.of("")));
      if (hooked) {
        tree.text(dir + ".pkg/platform_augmentation.jl", PLATFORM_AUGMENTATION);
        tree.text(dir + ".pkg/select_artifacts.jl", SELECT_ARTIFACTS.replace("NAME", e.name()));
      }
      tree.text(dir + "src/" + e.name() + ".jl", "# Use baremodule to shave off a few KB from the serialized `.ji` file\nbaremodule "
          + e.name() + "\nusing Base\nusing Base: UUID\n" + (lazy ? "using LazyArtifacts\n" : "")
          + (hooked ? "Base.include(@__MODULE__, joinpath(\"..\", \".pkg\", \"platform_augmentation.jl\"))\n" : "")
          + "import JLLWrappers\n\nJLLWrappers.@generate_main_file_header(\"" + artifact + "\")\n"
          + "JLLWrappers.@generate_main_file(\"" + artifact + "\", UUID(\"" + e.uuid() + "\"))\nend  # module " + e.name() + "\n");
      tree.text(dir + "src/wrappers/" + settings.arch() + "-linux-gnu.jl", FakeContent.juliaSource(e.name(), 700, r));
    } else {
      tree.text(dir + "src/" + e.name() + ".jl", "module " + e.name() + "\n\ninclude(\"internals.jl\")\n\nend # module\n");
      tree.text(dir + "src/internals.jl", FakeContent.juliaSource(e.name(), 2500, r));
      tree.text(dir + "test/runtests.jl", "using " + e.name() + "\nusing Test\n\n@testset \"" + e.name() + "\" begin\nend\n");
    }
    output.err("   Installed " + e.name() + " ─ v" + (e.version() == null ? "0.0.0" : e.version()));
    return firstDepot().resolve(dir);
  }

  /**
   * The (Julia)Artifacts.toml Julia reads for the package in {@code dir}: the first of {@code
   * Artifacts.artifact_names} = JuliaArtifacts.toml, Artifacts.toml (the Artifacts stdlib; Pkg's
   * download_artifacts stops at the first, release-1.6 to release-1.12 src/Operations.jl).
   */
  Optional<Path> artifactsToml(Path dir) {
    for (String name : List.of("JuliaArtifacts.toml", "Artifacts.toml")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return Optional.of(dir.resolve(name));
      }
    }
    return Optional.empty();
  }

  /** Whether the package in {@code dir} chooses its artifacts with {@code .pkg/select_artifacts.jl}. */
  static boolean hasHook(Path dir) {
    return Files.isRegularFile(dir.resolve(".pkg/select_artifacts.jl"));
  }

  static boolean hasPlatformAugmentation(Path dir) {
    return Files.isRegularFile(dir.resolve(".pkg/platform_augmentation.jl"));
  }

  /**
   * {@code select_downloadable_artifacts(toml; platform=HostPlatform(), include_lazy=true)}
   * (JULIA-FACTS §5): per name, the best entry for the host; where several match (tags the host
   * lacks, such as {@code cuda}, are wildcards), base/binaryplatforms.jl select_platform takes the
   * last by triplet, here by the tag's value.
   */
  List<Artifact> bestArtifacts(Path toml) throws IOException {
    List<Artifact> selected = new ArrayList<>();
    for (Named n : entries(toml)) {
      n.entries().stream().filter(t -> matches(t, platform)).max(Comparator.comparing(t -> t.getString(List.of("cuda"), () -> "")))
          .ifPresent(t -> selected.add(artifact(n.name(), t)));
    }
    return selected;
  }

  /**
   * The artifacts loading the package in {@code dir} on this machine asks for (one list, empty
   * when it has no artifacts file): what its hook selects for this machine, else the best entry
   * per name.
   */
  List<List<Artifact>> selectArtifacts(Path dir) throws IOException {
    Optional<Path> toml = artifactsToml(dir);
    if (toml.isEmpty()) {
      return List.of();
    }
    return List.of(hasHook(dir) ? hookSelection(toml.get(), packageName(dir)) : bestArtifacts(toml.get()));
  }

  /** The package name of an installed package directory {@code packages/<Name>/<slug>}. */
  static String packageName(Path dir) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
  }

  /** Every entry that matches the platform where both name a tag (base/binaryplatforms.jl platforms_match). */
  List<Artifact> matchingArtifacts(Path toml) throws IOException {
    List<Artifact> matching = new ArrayList<>();
    for (Named n : entries(toml)) {
      n.entries().stream().filter(t -> matches(t, platform)).forEach(t -> matching.add(artifact(n.name(), t)));
    }
    return matching;
  }

  /** As siege_artifacts.jl's {@code siege_platform_specific}: some entry of {@code toml} names an os and arch. */
  boolean platformSpecific(Path toml) throws IOException {
    for (Named n : entries(toml)) {
      if (n.entries().stream().anyMatch(t -> t.contains(List.of("os")) && t.contains(List.of("arch")))) {
        return true;
      }
    }
    return false;
  }

  /** Tags compared by a strategy rather than equality (siege_artifacts.jl SIEGE_ABI_TAGS). */
  private static final Set<String> ABI_TAGS = Set.of("libc", "call_abi", "os_version", "libgfortran_version",
      "libstdcxx_version", "cxxstring_abi", "julia_version");

  /**
   * As siege_artifacts.jl's {@code siege_unknown_tag}: the first tag given for the platform that
   * {@code toml}'s entries for its arch and OS know with other values only, as {@code key=value:
   * v1, v2}; empty when every given tag is fine.
   */
  Optional<String> unknownTag(Path toml) throws IOException {
    for (Map.Entry<String, String> tag : platform.tags().entrySet()) {
      if (ABI_TAGS.contains(tag.getKey())) {
        continue;
      }
      java.util.TreeSet<String> values = new java.util.TreeSet<>();
      for (Named n : entries(toml)) {
        for (TomlTable t : n.entries()) {
          if (platform.arch().equals(t.getString(List.of("arch"))) && platform.os().equals(t.getString(List.of("os")))
              && t.isString(List.of(tag.getKey()))) {
            values.add(t.getString(List.of(tag.getKey())));
          }
        }
      }
      if (!values.isEmpty() && !values.contains(tag.getValue())) {
        return Optional.of(tag.getKey() + "=" + tag.getValue() + " on " + platform.arch() + "-" + platform.os()
            + ": it has " + tag.getKey() + " " + String.join(", ", values));
      }
    }
    return Optional.empty();
  }

  /**
   * What the package's {@code .pkg/select_artifacts.jl} prints when Pkg runs it with the triplet
   * of the platform (tags included; Pkg release-1.10 src/Operations.jl collect_artifacts), as
   * BinaryBuilder generates it ({@link #SELECT_ARTIFACTS}): {@code augment_platform!} keeps a
   * {@code cuda} tag the triplet has; else it takes the JLL's {@code version} preference (as
   * CUDA_Runtime_jll's {@code cuda_toolkit_tag} does); else it asks this machine, which has no
   * CUDA driver ({@code cuda = "none"}). Then {@code select_downloadable_artifacts(toml; platform,
   * include_lazy=true)}: per name, the entry matching the augmented platform. The fake runs no
   * Julia: this is the one form of hook it understands.
   *
   * @param jll the hooked package's name, whose preference is read
   */
  List<Artifact> hookSelection(Path toml, String jll) throws IOException {
    String cuda = platform.tags().getOrDefault("cuda", versionPreferences.getOrDefault(jll, BUILD_MACHINE_CUDA));
    TargetPlatform augmented = platform.withTag("cuda", cuda);
    List<Artifact> selected = new ArrayList<>();
    for (Named n : entries(toml)) {
      n.entries().stream().filter(t -> matches(t, augmented))
          .findFirst().ifPresent(t -> selected.add(artifact(n.name(), t)));
    }
    return selected;
  }

  /** The entries of one artifact name. */
  private record Named(String name, List<TomlTable> entries) {}

  /** The entries of each name in {@code toml} that can be downloaded (JULIA-FACTS §5), in file order. */
  private static List<Named> entries(Path toml) throws IOException {
    TomlParseResult parsed = FakeEnvironment.parse(toml);
    List<Named> names = new ArrayList<>();
    for (String name : parsed.keySet()) {
      Object value = parsed.get(List.of(name));
      List<TomlTable> entries = new ArrayList<>();
      if (value instanceof TomlTable t) {
        entries.add(t);
      } else if (value instanceof TomlArray a && FakeEnvironment.allTables(a)) {
        for (int i = 0; i < a.size(); i++) {
          entries.add(a.getTable(i));
        }
      }
      entries.removeIf(t -> !t.contains(List.of("download")));
      if (!entries.isEmpty()) {
        names.add(new Named(name, entries));
      }
    }
    return names;
  }

  /** Installs {@code a} into the first depot unless some depot has it. */
  void ensureArtifact(Artifact a) throws IOException {
    if (findArtifact(a.treeSha1()).isPresent()) {
      return;
    }
    String dir = DepotPaths.artifactDir(a.treeSha1()) + "/";
    FakeTree tree = new FakeTree(firstDepot());
    SplittableRandom r = random("artifact:" + a.treeSha1());
    String lib = "lib" + a.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String major = lib + ".so." + (1 + r.nextInt(3));
    String real = major + "." + r.nextInt(10) + "." + r.nextInt(20);
    tree.binary(dir + "lib/" + real, 8_192 + r.nextInt(24_576), true, r);
    // Relative chains as in real JLL artifacts: libfoo.so -> libfoo.so.1 -> libfoo.so.1.2.3.
    if (copySymlinks) {
      tree.copyOf(dir + "lib/" + major, dir + "lib/" + real);
      tree.copyOf(dir + "lib/" + lib + ".so", dir + "lib/" + real);
    } else {
      tree.link(dir + "lib/" + major, real);
      tree.link(dir + "lib/" + lib + ".so", major);
    }
    tree.text(dir + "include/" + lib + ".h", "/* " + a.name() + " */\nint " + lib + "_version(void);\n");
    tree.text(dir + "share/licenses/" + a.name() + "/LICENSE", FakeContent.prose(a.name() + " licence", 900, r));
    output.err("  Downloaded artifact: " + a.name());
  }

  /**
   * {@code registries/General} unless some depot has a registry at all: Pkg.instantiate installs
   * the default registries only into a depot path without any (Pkg release-1.12
   * src/Registry/Registry.jl {@code download_default_registries(; only_if_empty = true)}).
   */
  void ensureRegistry(Path manifestFile, Manifest manifest) throws IOException {
    if (!FakeRegistries.reachable(depots).isEmpty()) {
      return;
    }
    installGeneral(manifestFile, manifest);
  }

  /**
   * Writes the fake General registry into the first depot: every installable entry of {@code
   * manifest} except those the manifest says come from another registry (a per-entry {@code
   * registries} key without "General", the format 2.1 field; {@link FakeRegistries#elsewhere}).
   * That is the fake's picture of the world: those packages are not in General.
   */
  void installGeneral(Path manifestFile, Manifest manifest) throws IOException {
    java.util.Set<java.util.UUID> elsewhere =
        manifestFile != null && Files.isRegularFile(manifestFile) ? FakeRegistries.elsewhere(manifestFile) : java.util.Set.of();
    List<FakePackage> packages = new ArrayList<>();
    for (Entry e : manifest == null ? List.<Entry>of() : manifest.entries()) {
      if (e.installable() && !elsewhere.contains(e.uuid())) {
        String version = e.version() == null ? "0.0.0" : e.version();
        packages.add(new FakePackage(e.name(), e.uuid(), version, e.treeSha1(),
            DepotPaths.versionSlug(e.uuid(), e.treeSha1(), DepotPaths.SLUG_LENGTH), Optional.empty(), 0));
      }
    }
    FakeTree tree = new FakeTree(firstDepot());
    tree.text("registries/General/Registry.toml", FakeTomls.registry(packages));
    for (FakePackage p : packages) {
      String dir = "registries/General/" + p.name().substring(0, 1).toUpperCase(Locale.ROOT) + "/" + p.name() + "/";
      tree.text(dir + "Package.toml", FakeTomls.registryPackage(p));
      tree.text(dir + "Versions.toml", "[\"" + p.version() + "\"]\ngit-tree-sha1 = \"" + p.treeSha1() + "\"\n");
    }
  }

  /**
   * Pkg's {@code check_registered} (release-1.10 src/Operations.jl, the same message in
   * release-1.6 and release-1.12): every entry that tracks a registered version (not a stdlib,
   * developed or repo-tracked package) must be in some registry of the depot path, else
   * {@code expected package `Name [uuid8]` to be registered}.
   */
  void checkRegistered(Manifest manifest, String script) throws IOException {
    java.util.Set<java.util.UUID> registered = FakeRegistries.registeredUuids(depots);
    for (Entry e : manifest.entries()) {
      if (e.installable() && e.repoUrl() == null && !registered.contains(e.uuid())) {
        throw FakeJuliaError.uncaught(script, "expected package `" + e.name() + " ["
            + e.uuid().toString().substring(0, 8) + "]` to be registered");
      }
    }
  }

  /** {@code compiled/v1.X/<Name>/<entry>_<slug>.ji} and {@code .so} (JULIA-FACTS §3), keyed by {@code key}. */
  void compileCache(String name, String key) throws IOException {
    String h = FakeEnvironment.sha1("cache:" + name + ":" + key);
    String base = "compiled/" + settings.compiledDir() + "/" + name + "/" + h.substring(0, 4) + "_" + h.substring(4, 9);
    FakeTree tree = new FakeTree(firstDepot());
    SplittableRandom r = random(h);
    tree.binary(base + ".ji", 2_048 + r.nextInt(8_192), false, r);
    tree.binary(base + ".so", 4_096 + r.nextInt(16_384), true, r);
  }

  /** What Pkg leaves besides packages: usage logs and a clone, for the pruner (§3). */
  void leftovers(Path manifestFile, Manifest manifest) throws IOException {
    FakeTree tree = new FakeTree(firstDepot());
    tree.text("logs/manifest_usage.toml", FakeTomls.usage(manifestFile.toAbsolutePath().toString()));
    tree.text("logs/artifact_usage.toml", FakeTomls.usage(firstDepot().toAbsolutePath().resolve("artifacts").toString()));
    Optional<Entry> first = manifest.entries().stream().filter(Entry::installable).findFirst();
    if (first.isEmpty()) {
      return;
    }
    Entry e = first.get();
    String url = e.repoUrl() != null ? e.repoUrl() : "https://github.com/example/" + e.name() + ".jl.git";
    // Pkg names a clone directory after a hash of the URL.
    String clone = "clones/" + new BigInteger(FakeEnvironment.sha1(url).substring(0, 15), 16) + "/";
    tree.text(clone + "HEAD", "ref: refs/heads/main\n");
    tree.text(clone + "config", "[core]\n\tbare = true\n[remote \"origin\"]\n\turl = " + url + "\n");
    tree.text(clone + "description", "Unnamed repository\n");
    tree.dir(clone + "objects/pack");
  }

  /**
   * {@code scratchspaces/<uuid>/<key>} in DEPOT_PATH[1], as Scratch.jl's {@code @get_scratch!}
   * makes it when {@code e} is loaded (JULIA-FACTS §3).
   */
  void scratchSpace(Entry e) throws IOException {
    new FakeTree(firstDepot()).text("scratchspaces/" + e.uuid() + "/cache/state.toml",
        "# scratch space of " + e.name() + "\nruns = 1\n");
  }

  /** Pkg's own scratch space, where Pkg 1.6's precompile saves its state (release-1.6 src/API.jl save_precompile_state). */
  void pkgScratchSpace() throws IOException {
    new FakeTree(firstDepot()).binary("scratchspaces/44cfe95a-1eb2-52ea-b672-e2afdf69b78f/suspend_cache_"
        + Long.toUnsignedString(FakeEnvironment.sha1(firstDepot().toString()).hashCode()), 64, false, random("pkg-scratch"));
  }

  /**
   * {@code deps/build.jl} and the {@code deps/deps.jl} it would write, holding the depot's absolute
   * path (JULIA-FACTS §6: the typical non-relocatable package).
   */
  void depsJl(Path packageDir) throws IOException {
    depsJl(packageDir, true);
  }

  /** {@code deps/build.jl}, and the {@code deps.jl} it writes when the build runs ({@code built}). */
  void depsJl(Path packageDir, boolean built) throws IOException {
    Path deps = Files.createDirectories(packageDir.resolve("deps"));
    String depot = firstDepot().toAbsolutePath().normalize().toString();
    Files.writeString(deps.resolve("build.jl"), "# writes deps.jl with absolute paths (JULIA-FACTS §6)\n"
        + "open(joinpath(@__DIR__, \"deps.jl\"), \"w\") do io\n    println(io, \"const depot = \", repr(DEPOT_PATH[1]))\nend\n");
    if (!built) {
      return;
    }
    Files.writeString(deps.resolve("deps.jl"), "# This file is automatically generated by build.jl\nconst depot = "
        + FakeEnvironment.quote(depot) + "\nconst libpath = " + FakeEnvironment.quote(depot + "/artifacts") + "\n");
  }

  /**
   * {@code platforms_match(entry, platform)} (julia base/binaryplatforms.jl): arch and OS equal;
   * every other tag both sides have equal (libc included; a Linux entry without libc is glibc, as
   * {@code Platform()} makes it); a tag only one side has is a wildcard. No compare strategies.
   */
  static boolean matches(TomlTable t, TargetPlatform p) {
    if (!t.contains(List.of("os")) && !t.contains(List.of("arch"))) {
      return true; // a platform-independent artifact
    }
    if (!p.arch().equals(t.getString(List.of("arch"))) || !p.os().equals(t.getString(List.of("os")))) {
      return false;
    }
    String libc = t.getString(List.of("libc"), () -> "linux".equals(p.os()) ? "glibc" : "");
    if (!libc.equals(p.libc())) {
      return false;
    }
    for (String key : t.keySet()) {
      Object v = t.get(List.of(key));
      if (v instanceof String s && p.tags().containsKey(key) && !s.toLowerCase(Locale.ROOT).equals(p.tags().get(key))) {
        return false;
      }
    }
    return true;
  }

  private static Artifact artifact(String name, TomlTable t) {
    return new Artifact(name, t.getString(List.of("git-tree-sha1")),
        t.getBoolean(List.of("lazy"), () -> false));
  }

  static String artifactName(Entry jll) {
    return jll.name().substring(0, jll.name().length() - "_jll".length());
  }

  /**
   * JULIA-FACTS §5: one {@code [[Name]]} per platform (and per CUDA variant for a hooked JLL, with
   * the augmented tag {@code cuda}), each with a download, some {@code lazy = true}.
   */
  private static String artifactsToml(Entry e, String artifact, boolean lazy, List<String> cudaVariants) {
    StringBuilder sb = new StringBuilder();
    for (String[] p : PLATFORMS) {
     for (String cuda : cudaVariants) {
      String os = switch (p[1]) {
        case "macos" -> "apple-darwin";
        case "windows" -> "w64-mingw32";
        default -> "linux-" + ("musl".equals(p[2]) ? "musl" : "gnu");
      };
      // Each platform's artifact is its own tree, as in a real JLL (the triplet seeds the hash).
      String triplet = p[0] + "-" + os + (cuda.isEmpty() ? "" : "-cuda+" + cuda);
      String sha = FakeEnvironment.sha1("artifact:" + e.name() + "@" + e.version() + ":" + triplet);
      sb.append("[[").append(artifact).append("]]\n");
      sb.append("arch = \"").append(p[0]).append("\"\n");
      if (!cuda.isEmpty()) {
        sb.append("cuda = \"").append(cuda).append("\"\n");
      }
      sb.append("git-tree-sha1 = \"").append(sha).append("\"\n");
      if (lazy) {
        sb.append("lazy = true\n");
      }
      if (!p[2].isEmpty()) {
        sb.append("libc = \"").append(p[2]).append("\"\n");
      }
      sb.append("os = \"").append(p[1]).append("\"\n\n");
      sb.append("    [[").append(artifact).append(".download]]\n");
      sb.append("    sha256 = \"").append(sha).append(sha, 0, 24).append("\"\n");
      sb.append("    url = \"https://github.com/JuliaBinaryWrappers/").append(e.name()).append(".jl/releases/download/")
          .append(artifact).append("-v").append(e.version()).append('/').append(artifact).append(".v")
          .append(e.version()).append('.').append(triplet).append(".tar.gz\"\n\n");
     }
    }
    return sb.toString();
  }

  private static SplittableRandom random(String seed) {
    return FakeJulia.random(seed);
  }
}
