package dev.siege.core.env;

import dev.siege.core.SiegeException;
import dev.siege.core.version.VersionSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tomlj.TomlTable;

/** Builds a {@link ProjectFile} from parsed TOML, with Pkg's type rules (src/project.jl). */
final class ProjectFileParser {
  private ProjectFileParser() {}

  static ProjectFile parse(Path file, TomlTable toml) throws SiegeException {
    TomlFields root = TomlFields.root(file, toml);
    Map<List<String>, Integer> lines = new HashMap<>();
    for (String key : toml.keySet()) {
      lines.put(List.of(key), root.line(key));
    }

    Map<String, UUID> deps = root.uuidTable("deps", "[deps]");
    Map<String, UUID> weakdeps = root.uuidTable("weakdeps", "[weakdeps]");
    Map<String, UUID> extras = root.uuidTable("extras", "[extras]");
    Map<String, String> compat = root.stringTable("compat", "[compat]");
    record Section(String key, Map<String, ?> entries) {}
    for (Section s :
        List.of(
            new Section("deps", deps),
            new Section("weakdeps", weakdeps),
            new Section("extras", extras),
            new Section("compat", compat))) {
      TomlFields t = root.table(s.key(), "[" + s.key() + "]").orElse(null);
      if (t != null) {
        for (String k : s.entries().keySet()) {
          lines.put(List.of(s.key(), k), t.line(k));
        }
      }
    }

    Map<String, VersionSpec> specs = new LinkedHashMap<>();
    TomlFields compatTable = root.table("compat", "[compat]").orElse(null);
    for (Map.Entry<String, String> e : compat.entrySet()) {
      try {
        specs.put(e.getKey(), VersionSpec.parse(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw compatTable.error(
            e.getKey(),
            "unparseable [compat] entry for " + e.getKey() + ": \"" + e.getValue() + "\"",
            "use Pkg's syntax: \"1.2\" (caret), \"~1.2\", \"=1.2.3\", \">= 1.2\", \"1.2 - 1.5\", unions with commas");
      }
    }

    Map<String, List<String>> extensions = new LinkedHashMap<>();
    Optional<TomlFields> ext = root.table("extensions", "[extensions]");
    if (ext.isPresent()) {
      for (String k : ext.get().table().keySet()) {
        extensions.put(k, ext.get().stringOrStrings(k));
        lines.put(List.of("extensions", k), ext.get().line(k));
      }
    }

    Map<String, List<String>> targets = new LinkedHashMap<>();
    Optional<TomlFields> tgt = root.table("targets", "[targets]");
    if (tgt.isPresent()) {
      for (String k : tgt.get().table().keySet()) {
        targets.put(k, tgt.get().stringList(k));
      }
    }

    Map<String, ProjectFile.Source> sources = new LinkedHashMap<>();
    Optional<TomlFields> src = root.table("sources", "[sources]");
    if (src.isPresent()) {
      for (String k : src.get().table().keySet()) {
        TomlFields s = src.get().table(k, "[sources." + k + "]").orElseThrow();
        sources.put(
            k,
            new ProjectFile.Source(
                s.string("url"), s.string("rev"), s.string("subdir"), s.string("path")));
        lines.put(List.of("sources", k), src.get().line(k));
      }
    }

    List<String> workspace = List.of();
    Optional<TomlFields> ws = root.table("workspace", "[workspace]");
    if (ws.isPresent()) {
      workspace = ws.get().stringList("projects");
    }

    return new ProjectFile(
        file,
        root.string("name"),
        root.uuid("uuid"),
        root.version("version"),
        deps,
        weakdeps,
        extensions,
        compat,
        specs,
        extras,
        targets,
        sources,
        workspace,
        root.string("manifest"),
        lines);
  }
}
