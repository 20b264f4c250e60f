package dev.siege.core.env;

import com.google.common.collect.ImmutableMap;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import dev.siege.core.version.VersionSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.tomlj.TomlParseResult;

/**
 * A {@code Project.toml} / {@code JuliaProject.toml} (JULIA-FACTS §4). Maps keep file order.
 * Unknown keys ({@code authors}, {@code [apps]}, ...) are ignored; a known key of the wrong type,
 * an invalid UUID or version, or an unparseable {@code [compat]} value is a {@link
 * SiegeException}, because Pkg refuses such a project too.
 *
 * @param compat {@code [compat]} as written, {@code julia} included
 * @param compatSpecs the same entries parsed with Pkg's semantics
 * @param workspaceProjects {@code [workspace] projects}, empty when there is no workspace
 * @param manifest the {@code manifest} key: a manifest path relative to the project directory
 * @param lines 1-based lines of keys, by key path ({@code ["deps", "CSV"]}); see {@link #lineOf}
 */
public record ProjectFile(
    Path path,
    Optional<String> name,
    Optional<UUID> uuid,
    Optional<Version> version,
    Map<String, UUID> deps,
    Map<String, UUID> weakdeps,
    Map<String, List<String>> extensions,
    Map<String, String> compat,
    Map<String, VersionSpec> compatSpecs,
    Map<String, UUID> extras,
    Map<String, List<String>> targets,
    Map<String, Source> sources,
    List<String> workspaceProjects,
    Optional<String> manifest,
    Map<List<String>, Integer> lines) {

  /** File names Julia tries for a project, in order (Base {@code project_names}). */
  public static final List<String> FILE_NAMES = List.of("JuliaProject.toml", "Project.toml");

  public ProjectFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(manifest, "manifest");
    deps = ImmutableMap.copyOf(deps);
    weakdeps = ImmutableMap.copyOf(weakdeps);
    extensions = copyOfLists(extensions);
    compat = ImmutableMap.copyOf(compat);
    compatSpecs = ImmutableMap.copyOf(compatSpecs);
    extras = ImmutableMap.copyOf(extras);
    targets = copyOfLists(targets);
    sources = ImmutableMap.copyOf(sources);
    workspaceProjects = List.copyOf(workspaceProjects);
    lines = Map.copyOf(lines);
  }

  /** One {@code [sources]} entry (Julia 1.11+): a URL (with rev/subdir) or a local path. */
  public record Source(
      Optional<String> url, Optional<String> rev, Optional<String> subdir, Optional<String> path) {
    public Source {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(rev, "rev");
      Objects.requireNonNull(subdir, "subdir");
      Objects.requireNonNull(path, "path");
    }
  }

  /** Reads and validates a project file. */
  public static ProjectFile read(Path file) throws SiegeException {
    return ProjectFileParser.parse(file, TomlReader.read(file));
  }

  static ProjectFile parse(Path file, TomlParseResult toml) throws SiegeException {
    return ProjectFileParser.parse(file, toml);
  }

  /** The project's {@code julia} compat, if it declares one. */
  public Optional<VersionSpec> juliaCompat() {
    return Optional.ofNullable(compatSpecs.get("julia"));
  }

  /** 1-based line of a key (e.g. {@code lineOf("deps", "CSV")}), or 0 when unknown. */
  public int lineOf(String... keyPath) {
    return lines.getOrDefault(List.of(keyPath), 0);
  }

  static <K> Map<K, List<String>> copyOfLists(Map<K, List<String>> m) {
    Map<K, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return ImmutableMap.copyOf(out);
  }
}
