package dev.siege.core.env;

import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Names TOML value types for error messages ("must be a string, not an integer"). */
public final class TomlTypes {
  private TomlTypes() {}

  /** "a string", "an integer", "a float", "a boolean", "an array", "a table" or "a date/time". */
  public static String describe(Object value) {
    if (value instanceof String) return "a string";
    if (value instanceof Long) return "an integer";
    if (value instanceof Double) return "a float";
    if (value instanceof Boolean) return "a boolean";
    if (value instanceof TomlArray) return "an array";
    if (value instanceof TomlTable) return "a table";
    return "a date/time";
  }
}
