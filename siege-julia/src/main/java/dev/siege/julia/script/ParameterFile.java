package dev.siege.julia.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a script's parameters as a TOML file, which the script reads with Julia's TOML stdlib.
 * This is the only way a value reaches Julia (DESIGN.md, "Julia code that SIEGE runs"): every
 * string is a TOML basic string with every quote, backslash and control character escaped, so a
 * path or package name is data and never code.
 *
 * <p>Accepted values: {@code String}, {@code Path} (written as its string), {@code Boolean},
 * {@code Integer}/{@code Long}, and {@code List} of {@code String}.
 */
public final class ParameterFile {

  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private ParameterFile() {}

  /** Writes {@code parameters} to {@code file} (UTF-8), replacing it. */
  public static void write(Map<String, ?> parameters, Path file) throws IOException {
    Files.writeString(file, render(parameters), StandardCharsets.UTF_8);
  }

  /**
   * The TOML text for {@code parameters}, keys sorted.
   *
   * @throws IllegalArgumentException for a value type outside the accepted ones, or a string
   *     that is not valid Unicode (a lone surrogate)
   */
  public static String render(Map<String, ?> parameters) {
    StringBuilder sb = new StringBuilder("# written by SIEGE\n");
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(parameters).entrySet()) {
      sb.append(key(e.getKey())).append(" = ").append(value(e.getKey(), e.getValue())).append('\n');
    }
    return sb.toString();
  }

  private static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : quote(key);
  }

  private static String value(String key, Object value) {
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Path p) {
      return quote(p.toString());
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s)) {
          throw new IllegalArgumentException("parameter " + key + ": lists may hold only strings");
        }
        sb.append(i == 0 ? "" : ", ").append(quote(s));
      }
      return sb.append(']').toString();
    }
    throw new IllegalArgumentException(
        "parameter " + key + ": unsupported type " + (value == null ? "null" : value.getClass().getName()));
  }

  /** A TOML basic string: quotes, backslashes and all control characters escaped. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("string is not valid Unicode (lone surrogate at " + i + ")");
      }
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
