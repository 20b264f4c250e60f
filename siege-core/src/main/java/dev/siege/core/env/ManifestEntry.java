package dev.siege.core.env;

import com.google.common.collect.ImmutableMap;
import dev.siege.core.version.Version;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One {@code [[deps.Name]]} (format 2.x) or {@code [[Name]]} (format 1.0) entry of a manifest,
 * with the keys Pkg parses (JULIA-FACTS §4). Several entries may share a name with different
 * uuids.
 *
 * @param path a developed package's directory as written, relative to the manifest's directory
 * @param deps in file order; from the list form ({@code deps = ["A"]}) without uuids, from the
 *     table form ({@code [deps.X.deps] A = "uuid"}) with them
 * @param extensions extension name to the weak dependencies that trigger it
 * @param registries the 2.1 per-entry {@code registries} key (a string or a vector)
 * @param line 1-based line of the entry's header, 0 when unknown
 */
public record ManifestEntry(
    String name,
    UUID uuid,
    Optional<Version> version,
    Optional<String> gitTreeSha1,
    Optional<String> path,
    Optional<String> repoUrl,
    Optional<String> repoRev,
    Optional<String> repoSubdir,
    boolean pinned,
    List<Dep> deps,
    List<Dep> weakdeps,
    Map<String, List<String>> extensions,
    Optional<String> entryfile,
    List<String> registries,
    int line) {

  public ManifestEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(gitTreeSha1, "gitTreeSha1");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(repoRev, "repoRev");
    Objects.requireNonNull(repoSubdir, "repoSubdir");
    Objects.requireNonNull(entryfile, "entryfile");
    deps = List.copyOf(deps);
    weakdeps = List.copyOf(weakdeps);
    extensions = ProjectFile.copyOfLists(extensions);
    registries = List.copyOf(registries);
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
  }

  /** A dependency of an entry: its name, and its uuid when the manifest gives it (table form). */
  public record Dep(String name, Optional<UUID> uuid) {
    public Dep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uuid, "uuid");
    }
  }

  /**
   * A standard library: no {@code git-tree-sha1}, {@code path} or {@code repo-url} (its code ships
   * with Julia; from 1.11 such entries carry a version, before they did not; JULIA-FACTS §4).
   */
  public boolean isStdlib() {
    return gitTreeSha1.isEmpty() && path.isEmpty() && repoUrl.isEmpty();
  }

  /** A binary wrapper package ({@code Foo_jll}), whose artifacts must be installed (§5). */
  public boolean isJll() {
    return name.endsWith("_jll");
  }

  /** Developed with {@code Pkg.develop}: the code lives at {@link #path}, not in the depot. */
  public boolean isDeveloped() {
    return path.isPresent();
  }

  /** Added from a repository ({@code Pkg.add(url=...)}): tracks a branch or commit, not a registry. */
  public boolean isTracked() {
    return repoUrl.isPresent();
  }

  public List<String> depNames() {
    return deps.stream().map(Dep::name).toList();
  }

  public Map<String, UUID> depUuids() {
    ImmutableMap.Builder<String, UUID> b = ImmutableMap.builder();
    deps.forEach(d -> d.uuid().ifPresent(u -> b.put(d.name(), u)));
    return b.buildKeepingLast();
  }
}
