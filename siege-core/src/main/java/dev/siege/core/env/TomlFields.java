package dev.siege.core.env;

import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed access to one table of a TOML file, where a value of the wrong type is a {@link
 * SiegeException} naming the file, the line and the key. Keys are looked up literally (never as
 * dotted paths), since artifact and package names are arbitrary strings.
 *
 * @param where how messages name this table, e.g. {@code [deps]} or {@code entry "CSV"}
 * @param fallbackLine the line reported for keys whose position tomlj does not know
 */
record TomlFields(Path file, TomlTable table, String where, int fallbackLine) {

  // Julia's UUID parser takes the canonical 8-4-4-4-12 hex form.
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  static TomlFields root(Path file, TomlTable table) {
    return new TomlFields(file, table, "top level", 0);
  }

  boolean has(String key) {
    return table.contains(List.of(key));
  }

  Object raw(String key) {
    return table.get(List.of(key));
  }

  int line(String key) {
    TomlPosition p = table.inputPositionOf(List.of(key));
    return p == null ? fallbackLine : p.line();
  }

  SiegeException error(String key, String message, String hint) {
    return new SiegeException(message, hint, file, line(key), null);
  }

  private SiegeException wrongType(String key, String expected) {
    return error(
        key,
        "\"" + key + "\" in " + where + " must be " + expected + ", not " + TomlTypes.describe(raw(key)),
        "see https://pkgdocs.julialang.org/v1/toml-files/");
  }

  Optional<String> string(String key) throws SiegeException {
    Object v = raw(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof String s)) throw wrongType(key, "a string");
    return Optional.of(s);
  }

  Optional<Boolean> bool(String key) throws SiegeException {
    Object v = raw(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof Boolean b)) throw wrongType(key, "true or false");
    return Optional.of(b);
  }

  Optional<TomlFields> table(String key, String name) throws SiegeException {
    Object v = raw(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof TomlTable t)) throw wrongType(key, "a table");
    return Optional.of(new TomlFields(file, t, name, line(key)));
  }

  Optional<UUID> uuid(String key) throws SiegeException {
    Optional<String> s = string(key);
    if (s.isEmpty()) return Optional.empty();
    return Optional.of(parseUuid(key, s.get()));
  }

  UUID parseUuid(String key, String text) throws SiegeException {
    if (!UUID_TEXT.matcher(text).matches()) {
      throw error(
          key,
          "invalid UUID for \"" + key + "\" in " + where + ": \"" + text + "\"",
          "a UUID looks like 336ed68f-0bac-5ca0-87d4-7b16caf5d00b; copy it from the package's Project.toml or the registry");
    }
    return UUID.fromString(text.toLowerCase(Locale.ROOT));
  }

  Optional<Version> version(String key) throws SiegeException {
    Optional<String> s = string(key);
    if (s.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Version.parse(s.get()));
    } catch (IllegalArgumentException e) {
      throw error(
          key,
          "invalid version for \"" + key + "\" in " + where + ": \"" + s.get() + "\"",
          "a version looks like 1.2.3 (with optional -prerelease and +build parts)");
    }
  }

  /** A string or an array of strings, as Pkg accepts for e.g. {@code extensions} and {@code registries}. */
  List<String> stringOrStrings(String key) throws SiegeException {
    Object v = raw(key);
    if (v == null) return List.of();
    if (v instanceof String s) return List.of(s);
    if (v instanceof TomlArray a) return strings(key, a, "a string or an array of strings");
    throw wrongType(key, "a string or an array of strings");
  }

  List<String> stringList(String key) throws SiegeException {
    Object v = raw(key);
    if (v == null) return List.of();
    if (v instanceof TomlArray a) return strings(key, a, "an array of strings");
    throw wrongType(key, "an array of strings");
  }

  private List<String> strings(String key, TomlArray a, String expected) throws SiegeException {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof String s)) throw wrongType(key, expected);
      out.add(s);
    }
    return out;
  }

  /** A {@code name = "uuid"} table such as {@code [deps]}, in file order. */
  Map<String, UUID> uuidTable(String key, String name) throws SiegeException {
    Optional<TomlFields> t = table(key, name);
    Map<String, UUID> out = new LinkedHashMap<>();
    if (t.isPresent()) {
      for (String dep : t.get().table().keySet()) {
        out.put(dep, t.get().uuid(dep).orElseThrow());
      }
    }
    return out;
  }

  /** A {@code name = "text"} table such as {@code [compat]}, in file order. */
  Map<String, String> stringTable(String key, String name) throws SiegeException {
    Optional<TomlFields> t = table(key, name);
    Map<String, String> out = new LinkedHashMap<>();
    if (t.isPresent()) {
      for (String k : t.get().table().keySet()) {
        out.put(k, t.get().string(k).orElseThrow());
      }
    }
    return out;
  }

  /** Whether every element is a table ({@code [[name]]} entries); true for an empty array. */
  static boolean allTables(TomlArray a) {
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof TomlTable)) return false;
    }
    return true;
  }
}
