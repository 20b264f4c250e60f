package dev.siege.core.env;

import com.google.common.collect.ImmutableMap;
import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFiles;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A Julia project directory: its project file and the manifest Julia would read with it (or none,
 * in which case the build resolves one).
 *
 * @param dir the directory as the caller named it (paths in messages stay relative)
 */
public record Environment(Path dir, ProjectFile project, Optional<Manifest> manifest) {

  /** Versioned manifests exist from Julia 1.10.8 / 1.11 on (JULIA-FACTS §4). */
  static final Version FIRST_VERSIONED_MANIFEST_JULIA = Version.of(1, 10, 8);

  public Environment {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Loads {@code dir} choosing the manifest without knowing the Julia version: the {@code
   * manifest} key, then {@code JuliaManifest.toml}, then {@code Manifest.toml} (what every Julia
   * reads when no versioned manifest matches it). When only versioned manifests exist, the one for
   * the newest Julia is taken; pass the Julia version to pick as that Julia would.
   */
  public static Environment load(Path dir) throws SiegeException {
    return load(dir, null);
  }

  /**
   * Loads {@code dir} choosing the manifest as {@code julia} would (null: see {@link
   * #load(Path)}).
   */
  public static Environment load(Path dir, Version julia) throws SiegeException {
    Path projectFile = locateProject(dir);
    ProjectFile project = ProjectFile.read(projectFile);
    Optional<Path> manifestFile = locateManifest(dir, project, julia);
    Optional<Manifest> manifest =
        manifestFile.isPresent() ? Optional.of(Manifest.read(manifestFile.get())) : Optional.empty();
    return new Environment(dir, project, manifest);
  }

  /**
   * The project file Julia would read in {@code dir} (Base {@code locate_project_file}: {@code
   * JuliaProject.toml}, then {@code Project.toml}). Where Julia would skip a name that is not a
   * regular file, SIEGE stops and says what it is (a FIFO, a dangling link, ...): such a file is a
   * mistake to show, not a reason to report "no Project.toml".
   */
  public static Path locateProject(Path dir) throws SiegeException {
    if (!Files.exists(dir)) {
      Optional<String> link = RegularFiles.problem(dir);
      throw new SiegeException(
          link.isPresent() && link.get().contains("symbolic link") ? link.get() : "no such directory",
          "give the directory that holds the Julia project's Project.toml", dir, 0, null);
    }
    if (!Files.isDirectory(dir)) {
      throw new SiegeException(
          "not a directory", "give the directory that holds Project.toml, not a file", dir, 0, null);
    }
    try {
      Files.readAttributes(dir.resolve(ProjectFile.FILE_NAMES.get(0)), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      throw new SiegeException(
          "cannot look into this directory (permission denied), so its Project.toml cannot be read",
          "make the directory readable and searchable by this user (chmod u+rx)", dir, 0, null);
    } catch (IOException e) {
      // absent: the loop below finds what is there
    }
    for (String name : ProjectFile.FILE_NAMES) {
      Path candidate = dir.resolve(name);
      if (RegularFiles.exists(candidate)) {
        RegularFiles.requireRegular(candidate);
        return candidate;
      }
    }
    throw new SiegeException(
        "no Project.toml (or JuliaProject.toml) in this directory",
        "create one, e.g. julia --project=" + dir + " -e 'using Pkg; Pkg.add(\"CSV\")'",
        dir,
        0,
        null);
  }

  /**
   * The manifest Julia would read for {@code project} (Base {@code project_file_manifest_path}):
   * a workspace root's manifest when {@code dir} is one of its {@code projects}; else the {@code
   * manifest} key if that file exists; else {@code JuliaManifest-vX.Y.toml}, {@code
   * Manifest-vX.Y.toml} (only for Julia ≥ 1.10.8), {@code JuliaManifest.toml}, {@code
   * Manifest.toml}. With {@code julia} null, see {@link #load(Path)}.
   */
  public static Optional<Path> locateManifest(Path dir, ProjectFile project, Version julia) {
    return locateManifest(dir, project.manifest(), julia);
  }

  /**
   * {@link #locateManifest(Path, ProjectFile, Version)} for a project whose {@code manifest} key
   * is {@code manifestKey}, for callers that read the project file their own way (the testkit's
   * fake Julia).
   */
  public static Optional<Path> locateManifest(Path dir, Optional<String> manifestKey, Version julia) {
    Optional<Path> workspace = workspaceRootManifest(dir, julia);
    if (workspace.isPresent()) {
      return workspace;
    }
    if (manifestKey.isPresent()) {
      Path explicit = dir.resolve(manifestKey.get()).normalize();
      if (RegularFiles.exists(explicit)) {
        return Optional.of(explicit);
      }
    }
    List<String> names = new ArrayList<>();
    if (julia != null && julia.compareTo(FIRST_VERSIONED_MANIFEST_JULIA) >= 0) {
      String suffix = "-v" + julia.major() + "." + julia.minor() + ".toml";
      names.add("JuliaManifest" + suffix);
      names.add("Manifest" + suffix);
    }
    names.add("JuliaManifest.toml");
    names.add("Manifest.toml");
    for (String name : names) {
      if (RegularFiles.exists(dir.resolve(name))) {
        return Optional.of(dir.resolve(name));
      }
    }
    return julia == null ? newestVersionedManifest(dir) : Optional.empty();
  }

  // Base.base_project: the parent directory's project lists this directory's name under
  // [workspace] projects. An unreadable parent project is ignored here (it is not ours to check).
  private static Optional<Path> workspaceRootManifest(Path dir, Version julia) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (parent == null || name == null) {
      return Optional.empty();
    }
    for (String projectName : ProjectFile.FILE_NAMES) {
      Path candidate = parent.resolve(projectName);
      if (Files.isRegularFile(candidate)) {
        try {
          ProjectFile root = ProjectFile.read(candidate);
          if (root.workspaceProjects().contains(name.toString())) {
            return locateManifest(dir.resolve("..").normalize(), root, julia);
          }
        } catch (SiegeException e) {
          return Optional.empty();
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> newestVersionedManifest(Path dir) {
    Path best = null;
    Version bestVersion = null;
    for (String prefix : List.of("JuliaManifest-v", "Manifest-v")) {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          String n = p.getFileName().toString();
          if (n.startsWith(prefix) && n.endsWith(".toml")) {
            String v = n.substring(prefix.length(), n.length() - ".toml".length());
            if (v.matches("\\d+\\.\\d+")) {
              Version version = Version.parse(v);
              if (bestVersion == null || version.compareTo(bestVersion) > 0) {
                best = p;
                bestVersion = version;
              }
            }
          }
        }
      } catch (IOException e) {
        return Optional.empty();
      }
      if (best != null) {
        return Optional.of(best);
      }
    }
    return Optional.empty();
  }

  /** The project's {@code [deps]}: name to uuid, in file order. */
  public Map<String, UUID> directDeps() {
    return project.deps();
  }

  /** The manifest's entries, or none without a manifest. */
  public List<ManifestEntry> entries() {
    return manifest.map(Manifest::entries).orElse(List.of());
  }

  /** For each direct dependency, its manifest entry (matched by uuid) when there is one. */
  public Map<String, Optional<ManifestEntry>> directEntries() {
    Map<String, Optional<ManifestEntry>> out = new LinkedHashMap<>();
    project.deps().forEach((name, uuid) -> out.put(name, manifest.flatMap(m -> m.entry(uuid))));
    return ImmutableMap.copyOf(out);
  }
}
