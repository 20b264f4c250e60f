package dev.siege.testkit;

import static dev.siege.testkit.FakeJulia.repr;

import dev.siege.core.version.Version;
import dev.siege.testkit.FakeEnvironment.Entry;
import dev.siege.testkit.FakeEnvironment.Manifest;
import dev.siege.testkit.FakeEnvironment.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The fake's tools.jl and build_sysimage.jl: PackageCompiler in a tool environment, and create_sysimage. */
final class FakePackageCompiler {

  private static final String PC = "PackageCompiler";

  private FakePackageCompiler() {}

  /** tools.jl: PackageCompiler into {@code tool_project}, its packages into DEPOT_PATH[1]. */
  static void tools(FakeJuliaSettings settings, FakeJulia.Context c) throws IOException {
    Path toolProject = c.abspath(c.params().string("tool_project"));
    String requested = c.params().string("packagecompiler_version", "");
    FakeInstaller installer = new FakeInstaller(settings, c.installDepots(), c.out());
    FakeOutput out = c.out();

    Files.createDirectories(toolProject);
    out.progress(0, 3, "activating the tool environment");
    Optional<Manifest> existing = toolManifest(toolProject, settings);
    Optional<Entry> current = existing.flatMap(m -> m.entry(PC)).filter(e -> FakeJulia.PACKAGECOMPILER_UUID.equals(e.uuid()));
    Manifest manifest;
    if (current.isPresent() && (requested.isEmpty() || requested.equals(current.get().version()))) {
      out.progress(1, 3, "PackageCompiler " + current.get().version() + " already installed");
      manifest = existing.get();
    } else {
      out.progress(1, 3, "installing PackageCompiler");
      String version = requested.isEmpty() ? newestFor(settings.version()) : requested;
      checkCompatible(version, settings.version(), c.script());
      manifest = toolEnvironment(version, settings.version());
      Files.writeString(toolProject.resolve("Project.toml"),
          "[deps]\n" + PC + " = \"" + FakeJulia.PACKAGECOMPILER_UUID + "\"\n", StandardCharsets.UTF_8);
      Files.writeString(toolProject.resolve("Manifest.toml"),
          FakeEnvironment.render(manifest, FakeEnvironment.sha1(toolProject.resolve("Project.toml"))), StandardCharsets.UTF_8);
      out.err("    Updating `" + toolProject.resolve("Project.toml") + "`");
      out.err("  [9b87118b] + PackageCompiler v" + version);
    }
    for (Entry e : manifest.entries()) {
      if (e.installable()) {
        installer.ensurePackage(e, manifest);
      }
    }
    installer.ensureRegistry(null, manifest);

    out.progress(2, 3, "precompiling PackageCompiler");
    for (Entry e : manifest.entries()) {
      if (e.installable()) {
        installer.compileCache(e.name(), toolProject.toString());
      }
    }
    out.progress(3, 3, "done");
    out.result("packagecompiler_version", manifest.entry(PC).orElseThrow().version());
    out.result("tool_project", toolProject);
  }

  /** build_sysimage.jl, with the checks it and create_sysimage make, in their order. */
  static void sysimage(FakeJuliaSettings settings, FakeJulia.Context c) throws IOException {
    FakeParameters p = c.params();
    Path toolProject = c.abspath(p.string("tool_project"));
    Path projectDir = c.abspath(p.string("project"));
    Path sysimage = c.abspath(p.string("sysimage_path"));
    List<String> packages = p.strings("packages");
    String cpuTarget = p.string("cpu_target");
    p.bool("import_into_main", false); // read as build_sysimage.jl does: must be true or false
    List<String> files = new ArrayList<>(p.strings("precompile_execution_files"));
    files.addAll(p.strings("precompile_statements_files"));
    FakeOutput out = c.out();

    // JULIA-FACTS §0: String[] would build an image without any project package.
    if (packages.isEmpty()) {
      throw FakeJuliaError.siegeFail("the package list for the sysimage is empty; "
          + "String[] would build an image without any project package");
    }
    if (cpuTarget.isEmpty()) {
      throw FakeJuliaError.siegeFail("cpu_target must be given (e.g. the generic multi-target string)");
    }
    if (Files.isDirectory(sysimage)) {
      throw FakeJuliaError.siegeFail("sysimage_path is a directory: " + repr(sysimage.toString()));
    }
    Files.createDirectories(sysimage.getParent());
    // PackageCompiler's packages are found only through JULIA_DEPOT_PATH (the tool depot in it).
    FakeInstaller installer = new FakeInstaller(settings, c.installDepots(), out);

    out.progress(0, 2, "loading PackageCompiler");
    Entry pc = loadable(installer, toolManifest(toolProject, settings), List.of(PC), c.script()).get(0);

    out.progress(1, 2, "creating the sysimage with " + packages.size() + " packages");
    Project project = FakeEnvironment.readProject(projectDir, settings.version()).orElseThrow(() ->
        FakeJuliaError.uncaught(c.script(), "could not find project at " + repr(projectDir.toString())));
    List<String> missing = packages.stream()
        .filter(n -> !project.deps().containsKey(n) && !n.equals(project.name())).toList();
    if (!missing.isEmpty()) {
      throw FakeJuliaError.uncaught(c.script(), "package(s) " + String.join(", ", missing) + " not in project");
    }
    Optional<Manifest> manifest = Files.isRegularFile(project.manifestFile())
        ? Optional.of(FakeEnvironment.readManifest(project.manifestFile())) : Optional.empty();
    List<Entry> loaded = loadable(installer, manifest, withoutProject(project, projectDir, packages, c.script()), c.script());
    for (String f : files) {
      if (!Files.isRegularFile(c.abspath(f))) {
        throw FakeJuliaError.uncaught(c.script(), "SystemError: opening file " + repr(f) + ": No such file or directory");
      }
      out.err("[ Info: PackageCompiler: Executing " + c.abspath(f) + " => " + sysimage.getParent().resolve("precompile_statements.jl"));
    }
    out.err("✔ [00m:03s] PackageCompiler: compiling incremental system image");
    FakeContent.writeBinary(sysimage, settings.sysimageBytes(),
        FakeJulia.random("sysimage:" + String.join(",", packages) + ":" + cpuTarget));
    for (Entry e : loaded) {
      if (e.installable()) {
        installer.compileCache(e.name(), projectDir + ":" + sysimage);
        // The image's packages are loaded in the build (their __init__ runs): Scratch.jl users
        // make their scratch spaces in DEPOT_PATH[1], the bundle depot (JULIA-FACTS §3).
        if (settings.scratchPackages().contains(e.name())) {
          installer.scratchSpace(e);
        }
      }
    }
    out.progress(2, 2, "done");
    out.result("sysimage_path", sysimage);
    out.result("sysimage_bytes", Files.size(sysimage));
    out.result("packagecompiler_version", pc.version() == null ? "unknown" : pc.version());
    out.result("packages", packages.size());
  }

  /**
   * {@code packages} with the project's own package replaced by its dependencies: PackageCompiler
   * loads it in a process started with {@code --project=<project>}, from {@code
   * <project>/src/<Name>.jl} (PC v2.4.0 create_sysimage; JULIA-FACTS §8), and that fails as any
   * package Julia cannot locate when the file is missing.
   */
  private static List<String> withoutProject(Project project, Path projectDir, List<String> packages, String script) {
    if (project.name() == null || !packages.contains(project.name()) || project.deps().containsKey(project.name())) {
      return packages;
    }
    if (project.uuid() == null || !Files.isRegularFile(projectDir.resolve("src").resolve(project.name() + ".jl"))) {
      throw FakeJuliaError.uncaught(script, "ArgumentError: Package " + project.name() + " not found in current path.");
    }
    List<String> out = new ArrayList<>(packages);
    out.remove(project.name());
    project.deps().keySet().stream().filter(d -> !out.contains(d)).forEach(out::add);
    return out;
  }

  /**
   * What {@code import} needs for {@code names}: each in the manifest with every dependency, and
   * each installable one present in some depot; Julia's errors otherwise.
   */
  private static List<Entry> loadable(FakeInstaller installer, Optional<Manifest> manifest, List<String> names, String script) {
    for (String name : names) {
      if (manifest.isEmpty() || manifest.get().entry(name).isEmpty()) {
        throw FakeJuliaError.uncaught(script, "ArgumentError: Package " + name + " not found in current path.",
            "- Run `import Pkg; Pkg.add(\"" + name + "\")` to install the " + name + " package.");
      }
    }
    List<Entry> entries = FakeJulia.closure(manifest.get(), names, script);
    for (Entry e : entries) {
      if (e.installable() && installer.findPackage(e).isEmpty()) {
        throw FakeJuliaError.uncaught(script, "ArgumentError: Package " + e.name() + " [" + e.uuid()
            + "] is required but does not seem to be installed:", " - Run `Pkg.instantiate()` to install all recorded dependencies.");
      }
    }
    return entries;
  }

  private static Optional<Manifest> toolManifest(Path toolProject, FakeJuliaSettings settings) throws IOException {
    Optional<Project> project = FakeEnvironment.readProject(toolProject, settings.version());
    if (project.isEmpty() || !Files.isRegularFile(project.get().manifestFile())) {
      return Optional.empty();
    }
    return Optional.of(FakeEnvironment.readManifest(project.get().manifestFile()));
  }

  /** JULIA-FACTS §1: PC 2.2.0+ needs Julia 1.10; 2.1.x and earlier 2.x need 1.6. */
  static String newestFor(String juliaVersion) {
    return Version.parse(juliaVersion).compareTo(Version.of(1, 10, 0)) >= 0 ? "2.4.0" : "2.1.24";
  }

  private static void checkCompatible(String pc, String julia, String script) {
    if (!Version.isValid(pc)) {
      throw FakeJuliaError.uncaught(script, "ArgumentError: invalid version string: " + repr(pc));
    }
    if (Version.parse(pc).compareTo(Version.of(2, 2, 0)) >= 0 && Version.parse(julia).compareTo(Version.of(1, 10, 0)) < 0) {
      throw new FakeJuliaError(List.of(
          "ERROR: LoadError: Unsatisfiable requirements detected for package PackageCompiler [9b87118b]:",
          " PackageCompiler [9b87118b] log:",
          " ├─possible versions are: 1.0.0-2.4.0 or uninstalled",
          " ├─restricted to versions " + pc + " by an explicit requirement, leaving only versions: " + pc,
          " └─restricted by julia compatibility requirements to versions: 1.0.0-2.1.24 or uninstalled — no versions left",
          "in expression starting at " + script + ":1"), 1);
    }
  }

  /** The tool environment's manifest: PackageCompiler, its registered deps and the stdlibs they use. */
  private static Manifest toolEnvironment(String version, String juliaVersion) {
    Map<String, UUID> std = FakeEnvironment.STDLIBS;
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(PC, FakeJulia.PACKAGECOMPILER_UUID, version, FakeEnvironment.sha1("tree:" + PC + "@" + version),
        null, null, List.of("Artifacts", "LazyArtifacts", "Libdl", "Pkg", "RelocatableFolders", "TOML")));
    entries.add(FakeEnvironment.registered("RelocatableFolders",
        UUID.fromString("05181044-ff0b-4ac5-8273-598c1e38db00"), List.of("SHA", "Scratch")));
    entries.add(FakeEnvironment.registered("Scratch", UUID.fromString("6c6a2e73-6563-6170-7368-637461726353"), List.of("Dates")));
    for (String s : List.of("Artifacts", "Dates", "LazyArtifacts", "Libdl", "Pkg", "SHA", "TOML")) {
      entries.add(FakeEnvironment.stdlib(s, std.get(s), juliaVersion));
    }
    return new Manifest(juliaVersion, entries);
  }
}
