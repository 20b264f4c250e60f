package dev.siege.core.env;

import com.google.common.collect.ImmutableMap;
import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * An {@code Artifacts.toml} / {@code JuliaArtifacts.toml} (JULIA-FACTS §5): per artifact name,
 * one platform-independent binding ({@code [name]}) or several platform-specific ones ({@code
 * [[name]]} with platform keys).
 *
 * @param bindings in file order
 */
public record ArtifactsFile(Path path, List<ArtifactsFile.Binding> bindings) {

  /** File names Julia tries, in order (Artifacts stdlib {@code artifact_names}). */
  public static final List<String> FILE_NAMES = List.of("JuliaArtifacts.toml", "Artifacts.toml");

  private static final String HINT = "see https://pkgdocs.julialang.org/v1/artifacts/";

  public ArtifactsFile {
    Objects.requireNonNull(path, "path");
    bindings = List.copyOf(bindings);
  }

  /**
   * One binding of an artifact name to a tree hash.
   *
   * @param platformSpecific written as {@code [[name]]} (one of several per-platform entries)
   * @param platform the platform keys ({@code arch}, {@code os}, {@code libc}, custom tags...),
   *     values as written ({@code toString} of non-strings)
   * @param downloads tried in order; empty when the artifact cannot be installed by download
   * @param line 1-based line of the binding's header, 0 when unknown
   */
  public record Binding(
      String name,
      String gitTreeSha1,
      boolean lazy,
      boolean platformSpecific,
      Map<String, String> platform,
      List<Download> downloads,
      int line) {
    public Binding {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(gitTreeSha1, "gitTreeSha1");
      platform = ImmutableMap.copyOf(platform);
      downloads = List.copyOf(downloads);
    }
  }

  /** A {@code [[name.download]]} source. */
  public record Download(String url, String sha256) {
    public Download {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * The one artifacts file Julia uses in {@code dir}: the first of {@link #FILE_NAMES} that
   * exists, the other being ignored (Artifacts stdlib {@code find_artifacts_toml}; Pkg
   * src/Operations.jl {@code collect_artifacts}, master e524989, stops at the first). Julia skips a
   * name that is not a regular file; SIEGE returns it, so that reading it says what is wrong.
   */
  public static Optional<Path> find(Path dir) {
    return FILE_NAMES.stream().map(dir::resolve).filter(RegularFiles::exists).findFirst();
  }

  /** Reads the artifacts file Julia uses in {@code dir} ({@link #find}), if there is one. */
  public static Optional<ArtifactsFile> load(Path dir) throws SiegeException {
    Optional<Path> file = find(dir);
    return file.isPresent() ? Optional.of(read(file.get())) : Optional.empty();
  }

  public static ArtifactsFile read(Path file) throws SiegeException {
    return parse(file, TomlReader.read(file));
  }

  static ArtifactsFile parse(Path file, TomlParseResult toml) throws SiegeException {
    TomlFields root = TomlFields.root(file, toml);
    List<Binding> out = new ArrayList<>();
    for (String name : toml.keySet()) {
      Object v = root.raw(name);
      if (v instanceof TomlTable) {
        out.add(binding(name, false, root.table(name, "[" + name + "]").orElseThrow()));
      } else if (v instanceof TomlArray a && !a.isEmpty() && TomlFields.allTables(a)) {
        for (int i = 0; i < a.size(); i++) {
          TomlPosition pos = a.inputPositionOf(i);
          int line = pos == null ? root.line(name) : pos.line();
          out.add(binding(name, true, new TomlFields(file, a.getTable(i), "[[" + name + "]]", line)));
        }
      } else {
        throw root.error(
            name,
            "artifact \"" + name + "\" must be a table, not " + TomlTypes.describe(v),
            HINT);
      }
    }
    return new ArtifactsFile(file, out);
  }

  private static Binding binding(String name, boolean platformSpecific, TomlFields t)
      throws SiegeException {
    String sha =
        t.string("git-tree-sha1")
            .orElseThrow(
                () ->
                    new SiegeException(
                        "artifact \"" + name + "\" has no git-tree-sha1", HINT, t.file(), t.fallbackLine(), null));
    Map<String, String> platform = new LinkedHashMap<>();
    for (String key : t.table().keySet()) {
      if (!key.equals("git-tree-sha1") && !key.equals("lazy") && !key.equals("download")) {
        platform.put(key, String.valueOf(t.raw(key)));
      }
    }
    List<Download> downloads = new ArrayList<>();
    Object d = t.raw("download");
    if (d != null) {
      if (!(d instanceof TomlArray a) || !TomlFields.allTables(a)) {
        throw t.error("download", "\"download\" of artifact \"" + name + "\" must be [[" + name + ".download]] tables", HINT);
      }
      for (int i = 0; i < a.size(); i++) {
        TomlFields dl = new TomlFields(t.file(), a.getTable(i), "download of \"" + name + "\"", t.fallbackLine());
        downloads.add(
            new Download(
                dl.string("url").orElseThrow(() -> dl.error("url", "a download of artifact \"" + name + "\" has no url", HINT)),
                dl.string("sha256").orElseThrow(() -> dl.error("sha256", "a download of artifact \"" + name + "\" has no sha256", HINT))));
      }
    }
    return new Binding(
        name, sha, t.bool("lazy").orElse(false), platformSpecific, platform, downloads, t.fallbackLine());
  }

  /** Distinct artifact names, in file order. */
  public List<String> names() {
    return List.copyOf(new LinkedHashSet<>(bindings.stream().map(Binding::name).toList()));
  }

  public List<Binding> bindings(String name) {
    return bindings.stream().filter(b -> b.name().equals(name)).toList();
  }

  /** Bindings {@code instantiate} skips (§5): SIEGE must install them itself. */
  public List<Binding> lazyBindings() {
    return bindings.stream().filter(Binding::lazy).toList();
  }
}
