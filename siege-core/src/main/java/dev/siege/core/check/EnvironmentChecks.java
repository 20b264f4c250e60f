package dev.siege.core.check;

import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.env.PackageNames;
import dev.siege.core.env.ProjectFile;
import dev.siege.core.io.RegularFiles;
import dev.siege.core.version.Version;
import dev.siege.core.version.VersionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a loaded {@link Environment} (optionally against the Julia that will build it) and
 * returns every problem as a {@link Diagnostic}; it never throws for bad content, so {@code siege
 * check} can list all problems at once. Errors are what would make the build or the bundle fail;
 * warnings are what Pkg itself warns about or what makes a bundle less reproducible.
 *
 * <p>Stable codes: {@code manifest-missing}, {@code manifest-key-missing}, {@code
 * manifest-not-for-julia}, {@code compat-unknown-dep}, {@code julia-compat-binary}, {@code
 * manifest-format-unknown}, {@code manifest-julia-version-missing}, {@code julia-compat}, {@code
 * julia-version-mismatch}, {@code manifest-stale}, {@code manifest-uuid-mismatch}, {@code
 * manifest-duplicate-uuid}, {@code manifest-dep-missing}, {@code manifest-dep-ambiguous}, {@code
 * manifest-entry-invalid}, {@code package-name-invalid}, {@code compat-violated}, {@code developed-outside-project}, {@code
 * developed-missing}, {@code tracked-repo}, {@code registry-not-installed}.
 */
public final class EnvironmentChecks {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final String RESOLVE =
      "re-resolve it: julia --project=DIR -e 'using Pkg; Pkg.resolve()'";
  /** The General registry's uuid, the one default registry (Pkg src/Registry/Registry.jl DEFAULT_REGISTRIES). */
  static final UUID GENERAL = UUID.fromString("23338594-aafe-5451-b93e-139f81909106");

  private EnvironmentChecks() {}

  /**
   * @param julia the Julia version that will build the bundle, or null when unknown (then the
   *     checks that compare against it are skipped)
   */
  public static List<Diagnostic> check(Environment env, Version julia) {
    return check(env, julia, List.of());
  }

  /**
   * As {@link #check(Environment, Version)}, knowing the registries the build installs besides
   * the default ones ({@code --registry}, as {@link dev.siege.core.plan.RegistrySource#recorded()}
   * gives them): a manifest entry of one of those is not reported as {@code registry-not-installed}.
   */
  public static List<Diagnostic> check(Environment env, Version julia, Collection<String> registries) {
    List<Diagnostic> out = new ArrayList<>();
    ProjectFile project = env.project();
    checkProjectNames(project, out);
    env.manifest().ifPresent(m -> checkManifestNames(m, out));
    checkProject(project, julia, out);
    LocalPreferences.check(env.dir()).ifPresent(out::add);
    if (project.manifest().isPresent()
        && !RegularFiles.exists(env.dir().resolve(project.manifest().get()))) {
      out.add(
          Diagnostic.warning(
              "manifest-key-missing",
              project.path(),
              project.lineOf("manifest"),
              "the project's manifest key names \"" + project.manifest().get()
                  + "\", which does not exist; Julia falls back to Manifest.toml",
              "fix the manifest key or remove it"));
    }
    if (env.manifest().isEmpty()) {
      out.add(
          Diagnostic.warning(
              "manifest-missing",
              project.path(),
              0,
              "no Manifest.toml: the environment will be resolved at build time",
              "for a reproducible bundle commit a manifest (julia --project=DIR -e 'using Pkg; Pkg.resolve()')"));
      return out;
    }
    Manifest manifest = env.manifest().get();
    if (julia != null) {
      Optional<Path> wanted = Environment.locateManifest(env.dir(), project, julia);
      if (wanted.isPresent() && !sameFile(wanted.get(), manifest.path())) {
        out.add(
            Diagnostic.warning(
                "manifest-not-for-julia",
                manifest.path(),
                0,
                "Julia " + julia + " reads " + wanted.get().getFileName() + ", not this manifest",
                "load the environment for the Julia that builds it"));
      }
    }
    checkManifestHeader(project, manifest, julia, out);
    checkSync(project, manifest, out);
    checkEntries(env, manifest, out);
    RegistryChecks.check(manifest, registries, out);
    return List.copyOf(out);
  }

  /**
   * Every name Project.toml gives a package (or an extension, which is loaded from {@code
   * ext/<name>.jl}) must be one Pkg accepts ({@link PackageNames}): a name becomes a directory and
   * a parameter of the Julia scripts.
   */
  private static void checkProjectNames(ProjectFile project, List<Diagnostic> out) {
    project.name().ifPresent(n -> checkName(project.path(), project.lineOf("name"), "the project's name", n, out));
    record Section(String key, Iterable<String> names) {}
    for (Section s :
        List.of(
            new Section("deps", project.deps().keySet()),
            new Section("weakdeps", project.weakdeps().keySet()),
            new Section("extras", project.extras().keySet()),
            new Section("sources", project.sources().keySet()),
            new Section("extensions", project.extensions().keySet()),
            new Section("compat", project.compat().keySet()))) {
      for (String name : s.names()) {
        if (!(s.key().equals("compat") && name.equals("julia"))) {
          checkName(project.path(), project.lineOf(s.key(), name), "[" + s.key() + "] entry", name, out);
        }
      }
    }
    project.targets().forEach((target, names) -> {
      for (String name : names) {
        checkName(project.path(), project.lineOf("targets"), "[targets] " + target + " entry", name, out);
      }
    });
  }

  private static void checkManifestNames(Manifest manifest, List<Diagnostic> out) {
    for (ManifestEntry e : manifest.entries()) {
      checkName(manifest.path(), e.line(), "manifest entry", e.name(), out);
      e.gitTreeSha1()
          .filter(sha -> !HEX.matcher(sha).matches())
          .ifPresent(
              sha ->
                  out.add(
                      Diagnostic.error(
                          "manifest-entry-invalid", manifest.path(), e.line(),
                          e.name() + " has git-tree-sha1 " + PackageNames.quote(sha)
                              + ", which is not a hexadecimal hash",
                          RESOLVE)));
    }
  }

  private static void checkName(Path file, int line, String what, String name, List<Diagnostic> out) {
    PackageNames.problem(name)
        .ifPresent(
            problem ->
                out.add(
                    Diagnostic.error(
                        "package-name-invalid",
                        file,
                        line,
                        what + " " + PackageNames.quote(name) + " is not a valid package name: " + problem,
                        "package names are Julia identifiers (Base.isidentifier), as Pkg requires;"
                            + " fix or remove the entry")));
  }

  private static void checkProject(ProjectFile project, Version julia, List<Diagnostic> out) {
    for (String name : project.compat().keySet()) {
      if (!name.equals("julia")
          && !project.deps().containsKey(name)
          && !project.weakdeps().containsKey(name)
          && !project.extras().containsKey(name)) {
        out.add(
            Diagnostic.error(
                "compat-unknown-dep",
                project.path(),
                project.lineOf("compat", name),
                "[compat] names " + name + ", which is not in [deps], [weakdeps] or [extras]",
                "Pkg rejects such a project: add " + name + " to [deps] or remove its compat entry"));
      }
    }
    Optional<VersionSpec> juliaCompat = project.juliaCompat();
    if (julia != null && juliaCompat.isPresent() && !juliaCompat.get().contains(julia)) {
      out.add(
          Diagnostic.error(
              "julia-compat-binary",
              project.path(),
              project.lineOf("compat", "julia"),
              "Julia " + julia + " is outside the project's julia compat \"" + juliaCompat.get() + "\"",
              "build with a Julia the project supports, or widen [compat] julia"));
    }
  }

  private static void checkManifestHeader(
      ProjectFile project, Manifest manifest, Version julia, List<Diagnostic> out) {
    Path file = manifest.path();
    if (!manifest.isKnownFormat()) {
      out.add(
          Diagnostic.warning(
              "manifest-format-unknown",
              file,
              manifest.lineOf("manifest_format"),
              "unknown manifest_format \"" + manifest.format() + "\"; read as Pkg reads it (like 2.x)",
              "it was written by a newer Pkg; build with that Julia or " + RESOLVE));
    }
    Optional<Version> jv = manifest.juliaVersion();
    if (jv.isEmpty()) {
      if (!manifest.entries().isEmpty()) {
        out.add(
            Diagnostic.warning(
                "manifest-julia-version-missing",
                file,
                0,
                manifest.formatDeclared()
                    ? "the manifest has no julia_version: it may have been resolved with another Julia"
                    : "format 1.0 manifest (Julia 1.6 or older) has no julia_version: it may have been resolved with another Julia",
                RESOLVE + " with the Julia that builds the bundle"));
      }
      return;
    }
    Optional<VersionSpec> juliaCompat = project.juliaCompat();
    if (juliaCompat.isPresent() && !juliaCompat.get().contains(jv.get())) {
      out.add(
          Diagnostic.error(
              "julia-compat",
              file,
              manifest.lineOf("julia_version"),
              "julia_version " + jv.get() + " is outside the project's julia compat \""
                  + juliaCompat.get() + "\"",
              RESOLVE + " with a Julia the project supports, or widen [compat] julia"));
    }
    // Pkg.instantiate does not re-resolve a manifest of another minor version, it only warns
    // (check_warn_manifest_julia_version_compat, Pkg release-1.10 src/manifest.jl, called from
    // src/API.jl instantiate); a stdlib that moved between versions then fails at instantiate or
    // at load time (JULIA-FACTS §8 "A different Julia minor"). So it is an error here.
    if (julia != null && !jv.get().sameMinor(julia)) {
      out.add(
          Diagnostic.error(
              "julia-version-mismatch",
              file,
              manifest.lineOf("julia_version"),
              "the manifest was resolved with Julia " + jv.get() + " but Julia " + julia
                  + " will build the bundle, and Pkg does not re-resolve it",
              "build with Julia " + jv.get().major() + "." + jv.get().minor() + " ({option:JULIA_VERSION} "
                  + jv.get() + "), or pass {option:RESOLVE} to re-resolve it with Julia " + julia
                  + " and ship the resolved manifest"));
    }
  }

  private static void checkSync(ProjectFile project, Manifest manifest, List<Diagnostic> out) {
    for (Map.Entry<String, UUID> dep : project.deps().entrySet()) {
      String name = dep.getKey();
      if (manifest.entry(dep.getValue()).isPresent()) {
        Optional<VersionSpec> compat = Optional.ofNullable(project.compatSpecs().get(name));
        Optional<Version> version = manifest.entry(dep.getValue()).get().version();
        if (compat.isPresent() && version.isPresent() && !compat.get().contains(version.get())) {
          out.add(
              Diagnostic.warning(
                  "compat-violated",
                  project.path(),
                  project.lineOf("compat", name),
                  name + " " + version.get() + " in " + manifest.path().getFileName()
                      + " is outside its compat \"" + compat.get() + "\"",
                  "the manifest is stale: " + RESOLVE));
        }
        continue;
      }
      List<ManifestEntry> named = manifest.entriesNamed(name);
      if (named.isEmpty()) {
        out.add(
            Diagnostic.error(
                "manifest-stale",
                project.path(),
                project.lineOf("deps", name),
                name + " is in [deps] but not in " + manifest.path().getFileName()
                    + " (the manifest is stale)",
                RESOLVE));
      } else {
        out.add(
            Diagnostic.error(
                "manifest-uuid-mismatch",
                project.path(),
                project.lineOf("deps", name),
                name + " has uuid " + dep.getValue() + " in [deps] but " + named.get(0).uuid()
                    + " in " + manifest.path().getFileName() + " (line " + named.get(0).line() + ")",
                "one of them names another package with the same name; fix [deps], then " + RESOLVE));
      }
    }
  }

  private static void checkEntries(Environment env, Manifest manifest, List<Diagnostic> out) {
    Path file = manifest.path();
    Map<String, Integer> namesCount = new HashMap<>();
    Set<UUID> uuids = new HashSet<>();
    Map<UUID, ManifestEntry> firstByUuid = new HashMap<>();
    for (ManifestEntry e : manifest.entries()) {
      namesCount.merge(e.name(), 1, Integer::sum);
      uuids.add(e.uuid());
      ManifestEntry first = firstByUuid.putIfAbsent(e.uuid(), e);
      if (first != null) {
        out.add(
            Diagnostic.error(
                "manifest-duplicate-uuid",
                file,
                e.line(),
                e.name() + " (" + e.uuid() + ") appears twice (first at line " + first.line() + ")",
                "a bad merge duplicated it: " + RESOLVE));
      }
    }
    for (ManifestEntry e : manifest.entries()) {
      for (ManifestEntry.Dep d : e.deps()) {
        if (d.uuid().isPresent() ? !uuids.contains(d.uuid().get()) : !namesCount.containsKey(d.name())) {
          out.add(
              Diagnostic.error(
                  "manifest-dep-missing",
                  file,
                  e.line(),
                  e.name() + " depends on " + d.name() + ", which has no entry in the manifest",
                  RESOLVE));
        } else if (d.uuid().isEmpty() && namesCount.get(d.name()) > 1) {
          out.add(
              Diagnostic.error(
                  "manifest-dep-ambiguous",
                  file,
                  e.line(),
                  e.name() + " depends on " + d.name() + " by name, but " + namesCount.get(d.name())
                      + " entries have that name",
                  "Pkg writes such deps as a name = uuid table; " + RESOLVE));
        }
      }
      if (e.path().isPresent() && e.gitTreeSha1().isPresent()) {
        out.add(
            Diagnostic.error(
                "manifest-entry-invalid", file, e.line(),
                e.name() + " has both path and git-tree-sha1", RESOLVE));
      }
      if (e.repoUrl().isPresent() && e.gitTreeSha1().isEmpty()) {
        out.add(
            Diagnostic.error(
                "manifest-entry-invalid", file, e.line(),
                e.name() + " has repo-url but no git-tree-sha1", RESOLVE));
      }
      e.path().ifPresent(p -> checkDeveloped(env, manifest, e, p, out));
      e.repoUrl()
          .ifPresent(
              url ->
                  out.add(
                      Diagnostic.warning(
                          "tracked-repo",
                          file,
                          e.line(),
                          e.name() + " tracks " + url
                              + e.repoRev().map(r -> " (rev " + r + ")").orElse("")
                              + " instead of a registered release",
                          "the build server must reach that repository; for a reproducible bundle"
                              + " use a registered version (Pkg.free) or pin a commit")));
    }
  }

  private static void checkDeveloped(
      Environment env, Manifest manifest, ManifestEntry e, String rawPath, List<Diagnostic> out) {
    Path manifestDir = manifest.path().toAbsolutePath().getParent();
    String portable =
        manifestDir.getFileSystem().getSeparator().equals("/") ? rawPath.replace('\\', '/') : rawPath;
    Path target = manifestDir.resolve(portable).normalize();
    Path root = env.dir().toAbsolutePath().normalize();
    if (!Files.isDirectory(target)) {
      out.add(
          Diagnostic.error(
              "developed-missing",
              manifest.path(),
              e.line(),
              e.name() + " is developed at " + rawPath + ", which does not exist",
              "check out the package there, or Pkg.free(\"" + e.name() + "\") to use a registered version"));
    } else if (!target.startsWith(root)) {
      out.add(
          Diagnostic.error(
              "developed-outside-project",
              manifest.path(),
              e.line(),
              e.name() + " is developed at " + rawPath
                  + ", outside the project directory: the bundle would not be relocatable",
              "pass {option:VENDOR_DEV} to copy it into the bundle, or move it under " + env.dir()));
    }
  }

  private static boolean sameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
