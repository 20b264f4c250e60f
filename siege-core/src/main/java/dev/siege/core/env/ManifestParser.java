package dev.siege.core.env;

import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Builds a {@link Manifest} from parsed TOML following Pkg's src/manifest.jl (JULIA-FACTS §4). */
final class ManifestParser {
  private static final String HINT =
      "re-create the manifest with Pkg (julia --project=DIR -e 'using Pkg; Pkg.resolve()')";

  private ManifestParser() {}

  static Manifest parse(Path file, TomlParseResult toml) throws SiegeException {
    TomlFields root = TomlFields.root(file, toml);
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (String key : toml.keySet()) {
      lines.put(key, root.line(key));
    }

    // Base.is_v1_format_manifest: v1 when manifest_format is absent, or is a table with a uuid
    // (a dependency that happens to be called "manifest_format").
    Object mf = root.raw("manifest_format");
    boolean v1 = mf == null || (mf instanceof TomlTable t && t.contains(List.of("uuid")));
    String format = "1.0";
    if (!v1) {
      format = root.string("manifest_format").orElseThrow();
      if (!Version.isValid(format)) {
        throw root.error(
            "manifest_format",
            "invalid manifest_format \"" + format + "\"",
            "Pkg writes manifest_format = \"2.0\"; " + HINT);
      }
    }

    List<ManifestEntry> entries = new ArrayList<>();
    List<Manifest.Registry> registries = new ArrayList<>();
    Optional<Version> julia = Optional.empty();
    Optional<String> projectHash = Optional.empty();
    if (v1) {
      readEntries(root, entries);
    } else {
      julia = root.version("julia_version");
      projectHash = root.string("project_hash");
      Optional<TomlFields> deps = root.table("deps", "[deps]");
      if (deps.isPresent()) {
        readEntries(deps.get(), entries);
      }
      Optional<TomlFields> regs = root.table("registries", "[registries]");
      if (regs.isPresent()) {
        for (String name : regs.get().table().keySet()) {
          TomlFields r = regs.get().table(name, "[registries." + name + "]").orElseThrow();
          UUID uuid =
              r.uuid("uuid")
                  .orElseThrow(
                      () -> r.error("uuid", "registry \"" + name + "\" has no uuid", HINT));
          registries.add(new Manifest.Registry(name, uuid, r.string("url")));
        }
      }
    }
    return new Manifest(
        file, format, !v1, julia, projectHash, entries, registries, lines);
  }

  private static void readEntries(TomlFields deps, List<ManifestEntry> out) throws SiegeException {
    for (String name : deps.table().keySet()) {
      Object v = deps.raw(name);
      if (!(v instanceof TomlArray array) || !TomlFields.allTables(array)) {
        throw deps.error(
            name,
            "\"" + name + "\" in the manifest's " + deps.where()
                + " must be entries written [[" + name + "]], not " + TomlTypes.describe(v),
            HINT);
      }
      for (int i = 0; i < array.size(); i++) {
        TomlPosition pos = array.inputPositionOf(i);
        int line = pos == null ? deps.line(name) : pos.line();
        out.add(entry(name, new TomlFields(deps.file(), array.getTable(i), "entry \"" + name + "\"", line)));
      }
    }
  }

  private static ManifestEntry entry(String name, TomlFields e) throws SiegeException {
    UUID uuid =
        e.uuid("uuid")
            .orElseThrow(
                () ->
                    new SiegeException(
                        "manifest entry \"" + name + "\" has no uuid", HINT, e.file(), e.fallbackLine(), null));
    Map<String, List<String>> extensions = new LinkedHashMap<>();
    Optional<TomlFields> ext = e.table("extensions", "extensions of \"" + name + "\"");
    if (ext.isPresent()) {
      for (String k : ext.get().table().keySet()) {
        extensions.put(k, ext.get().stringOrStrings(k));
      }
    }
    return new ManifestEntry(
        name,
        uuid,
        e.version("version"),
        e.string("git-tree-sha1"),
        e.string("path"),
        e.string("repo-url"),
        e.string("repo-rev"),
        e.string("repo-subdir"),
        e.bool("pinned").orElse(false),
        deps(e, "deps"),
        deps(e, "weakdeps"),
        extensions,
        e.string("entryfile"),
        e.stringOrStrings("registries"),
        e.fallbackLine());
  }

  /** {@code deps}/{@code weakdeps}: a list of names, or a name = uuid table. */
  private static List<ManifestEntry.Dep> deps(TomlFields e, String key) throws SiegeException {
    Object v = e.raw(key);
    List<ManifestEntry.Dep> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof TomlTable) {
      TomlFields t = e.table(key, key + " of " + e.where()).orElseThrow();
      for (String dep : t.table().keySet()) {
        out.add(new ManifestEntry.Dep(dep, Optional.of(t.uuid(dep).orElseThrow())));
      }
      return out;
    }
    for (String dep : e.stringList(key)) {
      out.add(new ManifestEntry.Dep(dep, Optional.empty()));
    }
    return out;
  }
}
