package dev.siege.testkit;

import dev.siege.core.depot.DepotPaths;
import dev.siege.testkit.FakeEnvironment.Entry;
import dev.siege.testkit.FakeEnvironment.Manifest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
      new String[] {"x86_64", "linux", "musl"}, new String[] {"x86_64", "macos", ""});

  /** An artifact an Artifacts.toml selects for the host. */
  record Artifact(String name, String treeSha1, boolean lazy) {}

  private final FakeJuliaSettings settings;
  private final List<Path> depots;
  private final FakeOutput output;

  /** @param depots the explicit depot entries, first = where installs go; may be empty for lookups */
  FakeInstaller(FakeJuliaSettings settings, List<Path> depots, FakeOutput output) {
    this.settings = settings;
    this.depots = List.copyOf(depots);
    this.output = output;
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
      boolean lazy = settings.lazyJlls().contains(e.name());
      tree.text(dir + "Artifacts.toml", artifactsToml(e, artifact, lazy));
      tree.text(dir + "src/" + e.name() + ".jl", "# Use baremodule to shave off a few KB from the serialized `.ji` file\nbaremodule "
          + e.name() + "\nusing Base\nusing Base: UUID\n" + (lazy ? "using LazyArtifacts\n" : "")
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
   * The artifacts {@code dir}'s (Julia)Artifacts.toml files select for the host platform, as
   * {@code select_downloadable_artifacts(...; include_lazy=true)} does (JULIA-FACTS §5); empty
   * when there is no such file.
   */
  List<List<Artifact>> selectArtifacts(Path dir) throws IOException {
    List<List<Artifact>> files = new ArrayList<>();
    for (String name : List.of("Artifacts.toml", "JuliaArtifacts.toml")) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      TomlParseResult toml = FakeEnvironment.parse(file);
      List<Artifact> selected = new ArrayList<>();
      for (String artifact : toml.keySet()) {
        Object value = toml.get(List.of(artifact));
        if (value instanceof TomlTable t) {
          selected.add(artifact(artifact, t));
        } else if (value instanceof TomlArray a && FakeEnvironment.allTables(a)) {
          for (int i = 0; i < a.size(); i++) {
            if (matchesHost(a.getTable(i))) {
              selected.add(artifact(artifact, a.getTable(i)));
              break;
            }
          }
        }
      }
      files.add(selected);
    }
    return files;
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
    tree.link(dir + "lib/" + major, real);
    tree.link(dir + "lib/" + lib + ".so", major);
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

  /** What Pkg leaves besides packages: usage logs, a scratch space and a clone, for the pruner (§3). */
  void leftovers(Path manifestFile, Manifest manifest) throws IOException {
    FakeTree tree = new FakeTree(firstDepot());
    tree.text("logs/manifest_usage.toml", FakeTomls.usage(manifestFile.toAbsolutePath().toString()));
    tree.text("logs/artifact_usage.toml", FakeTomls.usage(firstDepot().toAbsolutePath().resolve("artifacts").toString()));
    Optional<Entry> first = manifest.entries().stream().filter(Entry::installable).findFirst();
    if (first.isEmpty()) {
      return;
    }
    Entry e = first.get();
    tree.text("scratchspaces/" + e.uuid() + "/cache/state.toml", "# scratch space of " + e.name() + "\nruns = 1\n");
    String url = e.repoUrl() != null ? e.repoUrl() : "https://github.com/example/" + e.name() + ".jl.git";
    // Pkg names a clone directory after a hash of the URL.
    String clone = "clones/" + new BigInteger(FakeEnvironment.sha1(url).substring(0, 15), 16) + "/";
    tree.text(clone + "HEAD", "ref: refs/heads/main\n");
    tree.text(clone + "config", "[core]\n\tbare = true\n[remote \"origin\"]\n\turl = " + url + "\n");
    tree.text(clone + "description", "Unnamed repository\n");
    tree.dir(clone + "objects/pack");
  }

  /**
   * {@code deps/build.jl} and the {@code deps/deps.jl} it would write, holding the depot's absolute
   * path (JULIA-FACTS §6: the typical non-relocatable package).
   */
  void depsJl(Path packageDir) throws IOException {
    Path deps = Files.createDirectories(packageDir.resolve("deps"));
    String depot = firstDepot().toAbsolutePath().normalize().toString();
    Files.writeString(deps.resolve("build.jl"), "# writes deps.jl with absolute paths (JULIA-FACTS §6)\n"
        + "open(joinpath(@__DIR__, \"deps.jl\"), \"w\") do io\n    println(io, \"const depot = \", repr(DEPOT_PATH[1]))\nend\n");
    Files.writeString(deps.resolve("deps.jl"), "# This file is automatically generated by build.jl\nconst depot = "
        + FakeEnvironment.quote(depot) + "\nconst libpath = " + FakeEnvironment.quote(depot + "/artifacts") + "\n");
  }

  private boolean matchesHost(TomlTable t) {
    if (!settings.arch().equals(t.getString(List.of("arch"))) || !settings.os().equals(t.getString(List.of("os")))) {
      return false;
    }
    return !"linux".equals(settings.os()) || settings.libc().equals(t.getString(List.of("libc"), () -> ""));
  }

  private static Artifact artifact(String name, TomlTable t) {
    return new Artifact(name, t.getString(List.of("git-tree-sha1")), t.getBoolean(List.of("lazy"), () -> false));
  }

  static String artifactName(Entry jll) {
    return jll.name().substring(0, jll.name().length() - "_jll".length());
  }

  /** JULIA-FACTS §5: one {@code [[Name]]} per platform, each with a download, some {@code lazy = true}. */
  private static String artifactsToml(Entry e, String artifact, boolean lazy) {
    StringBuilder sb = new StringBuilder();
    for (String[] p : PLATFORMS) {
      String triplet = p[0] + "-" + ("macos".equals(p[1]) ? "apple-darwin" : "linux-" + ("musl".equals(p[2]) ? "musl" : "gnu"));
      String sha = FakeEnvironment.sha1("artifact:" + e.name() + "@" + e.version() + ":" + triplet);
      sb.append("[[").append(artifact).append("]]\n");
      sb.append("arch = \"").append(p[0]).append("\"\n");
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
    return sb.toString();
  }

  private static SplittableRandom random(String seed) {
    return FakeJulia.random(seed);
  }
}
