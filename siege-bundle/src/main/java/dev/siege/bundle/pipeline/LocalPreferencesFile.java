package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.plan.Preference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Writes preferences into the shipped environment's preferences file, where Base reads them for
 * the active project (julia base/loading.jl {@code collect_preferences}: {@code
 * JuliaLocalPreferences.toml}, else {@code LocalPreferences.toml}, beside the project file). An
 * existing file is merged: its other packages and keys stay (values, not comments: the file is
 * written anew from what tomlj read), a key given replaces the same key. A package that the
 * shipped Project.toml names neither in {@code [deps]}, {@code [weakdeps]} nor {@code [extras]}
 * is added to {@code [extras]}, as {@code Preferences.set_preferences!} does: Base looks a
 * package's preferences up by its name in the project (base/loading.jl {@code get_uuid_name}
 * reads deps, extras and weakdeps on master; older Julias only deps, so there a package that is
 * not a direct dependency gets its preference only as a direct dependency). Adding an extra does
 * not make the manifest stale: Pkg's {@code project_resolve_hash} covers deps and compat only
 * (Pkg release-1.10 src/Types.jl).
 */
final class LocalPreferencesFile {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private LocalPreferencesFile() {}

  /**
   * Merges {@code preferences} into {@code envDir}'s preferences file.
   *
   * @param uuids each preference's package uuid, by name (from the manifest or the project)
   * @return the file written
   */
  static Path write(Path envDir, List<Preference> preferences, Map<String, String> uuids) throws SiegeException, IOException {
    Path file = envDir.resolve("JuliaLocalPreferences.toml");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      file = envDir.resolve("LocalPreferences.toml");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      doc = toMap(parse(file));
    }
    for (Preference p : preferences) {
      Object existing = doc.get(p.pkg());
      Map<String, Object> table;
      if (existing instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) m;
        table = t;
      } else {
        if (existing != null) {
          throw new SiegeException(file.getFileName() + " has " + p.pkg() + " as a value, not a table of preferences",
              "fix " + file + " or leave out the {option:PREFERENCE} for " + p.pkg(), file, 0, null);
        }
        table = new LinkedHashMap<>();
        doc.put(p.pkg(), table);
      }
      table.put(p.key(), p.value());
    }
    StringBuilder sb = new StringBuilder();
    render(sb, List.of(), doc);
    AtomicFiles.writeString(file, sb.toString());
    addExtras(envDir, preferences, uuids);
    return file;
  }

  private static TomlParseResult parse(Path file) throws SiegeException, IOException {
    TomlParseResult toml = Toml.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (toml.hasErrors()) {
      throw new SiegeException("the project's " + file.getFileName() + " is not valid TOML: "
          + toml.errors().get(0).getMessage(), "fix it before adding preferences with {option:PREFERENCE}", file,
          toml.errors().get(0).position() == null ? 0 : Math.max(toml.errors().get(0).position().line(), 0), null);
    }
    return toml;
  }

  /** The shipped Project.toml gets an {@code [extras]} entry for each package it does not name. */
  private static void addExtras(Path envDir, List<Preference> preferences, Map<String, String> uuids)
      throws SiegeException, IOException {
    Path project = envDir.resolve("JuliaProject.toml");
    if (!Files.isRegularFile(project, LinkOption.NOFOLLOW_LINKS)) {
      project = envDir.resolve("Project.toml");
    }
    TomlParseResult toml = parse(project);
    List<String> missing = new ArrayList<>();
    for (Preference p : preferences) {
      boolean named = p.pkg().equals(toml.getString("name"))
          || List.of("deps", "weakdeps", "extras").stream().anyMatch(s -> toml.contains(List.of(s, p.pkg())));
      if (!named && !missing.contains(p.pkg()) && uuids.containsKey(p.pkg())) {
        missing.add(p.pkg());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Map<String, Object> doc = toMap(toml);
    Object extras = doc.computeIfAbsent("extras", k -> new LinkedHashMap<String, Object>());
    if (!(extras instanceof Map<?, ?>)) {
      throw new SiegeException(project.getFileName() + " has extras as a value, not a table", null, project, 0, null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) extras;
    for (String name : missing) {
      e.put(name, uuids.get(name));
    }
    StringBuilder sb = new StringBuilder();
    render(sb, List.of(), doc);
    AtomicFiles.writeString(project, sb.toString());
  }

  private static Map<String, Object> toMap(TomlTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      Object v = table.get(List.of(key));
      m.put(key, v instanceof TomlTable t ? toMap(t) : v);
    }
    return m;
  }

  /** Plain values first, then each sub-table under its full dotted header, as TOML requires. */
  private static void render(StringBuilder sb, List<String> path, Map<String, Object> table) {
    List<Map.Entry<String, Object>> tables = new ArrayList<>();
    for (Map.Entry<String, Object> e : table.entrySet()) {
      if (e.getValue() instanceof Map<?, ?>) {
        tables.add(e);
      } else {
        sb.append(key(e.getKey())).append(" = ").append(value(e.getValue())).append('\n');
      }
    }
    for (Map.Entry<String, Object> e : tables) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      sb.append(sb.length() == 0 ? "" : "\n").append('[')
          .append(String.join(".", sub.stream().map(LocalPreferencesFile::key).toList())).append("]\n");
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) e.getValue();
      render(sb, sub, m);
    }
  }

  private static String value(Object v) {
    if (v instanceof String s) {
      return "\"" + Toml.tomlEscape(s) + "\"";
    }
    if (v instanceof TomlArray a) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        items.add(value(a.get(i)));
      }
      return "[" + String.join(", ", items) + "]";
    }
    if (v instanceof TomlTable t) {
      List<String> items = new ArrayList<>();
      for (String k : t.keySet()) {
        items.add(key(k) + " = " + value(t.get(List.of(k))));
      }
      return "{" + String.join(", ", items) + "}";
    }
    if (v instanceof Double d) {
      return d.isNaN() ? "nan" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.toString();
    }
    // TOML needs the seconds, which toString() drops when they are 0 ("07:32" is not TOML);
    // the ISO formatters always write them, and a fraction only when there is one.
    if (v instanceof java.time.OffsetDateTime t) {
      return t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    if (v instanceof java.time.LocalDateTime t) {
      return t.format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (v instanceof java.time.LocalTime t) {
      return t.format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME);
    }
    if (v instanceof TemporalAccessor) {
      return v.toString(); // a LocalDate: yyyy-mm-dd
    }
    return String.valueOf(v); // Boolean, Long
  }

  private static String key(String k) {
    return BARE_KEY.matcher(k).matches() ? k : "\"" + Toml.tomlEscape(k) + "\"";
  }
}
