package dev.siege.core.plan;

import static dev.siege.core.platform.TargetPlatform.shown;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One preference the bundle ships in its environment's {@code LocalPreferences.toml}, as {@code
 * Preferences.set_preferences!(PKG, KEY => VALUE)} would write it: under {@code [PKG]}, {@code KEY
 * = VALUE}. Base reads a package's preferences from the active project's LocalPreferences.toml
 * (julia base/loading.jl {@code collect_preferences}), so the secure machine sees exactly what
 * was decided at build time, e.g. CUDA_Runtime_jll's {@code version} that {@code
 * CUDA.set_runtime_version!} writes (CUDA.jl {@code set_runtime_version!}).
 *
 * @param pkg the package's name (a Julia identifier)
 * @param key the preference's name: letters, digits, {@code _} and {@code -}
 * @param value a {@link Boolean}, a {@link Long} or a {@link String}
 */
public record Preference(String pkg, String key, Object value) {
  private static final Pattern PKG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern INTEGER = Pattern.compile("[+-]?(?:0|[1-9][0-9]{0,17})");

  public Preference {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!PKG.matcher(pkg).matches()) {
      throw new IllegalArgumentException("preference " + shown(pkg + "." + key) + ": \"" + shown(pkg) + "\" is not a package name");
    }
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("preference " + shown(pkg + "." + key) + ": a preference name is 1-100 letters, digits,"
          + " '_' or '-' (nested tables cannot be set this way)");
    }
    if (!(value instanceof Boolean || value instanceof Long || value instanceof String)) {
      throw new IllegalArgumentException("a preference value is a boolean, an integer or a string");
    }
    if (value instanceof String s && s.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
      throw new IllegalArgumentException("preference " + shown(pkg + "." + key) + ": the value holds a control character");
    }
  }

  /**
   * Reads {@code PKG.KEY=VALUE}. The value is typed as TOML would read it bare: {@code true} and
   * {@code false} are booleans, a decimal integer is an integer, anything else is a string; a
   * value in double quotes is always a string ({@code "12"}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Preference parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    int eq = spec.indexOf('=');
    int dot = eq < 0 ? spec.indexOf('.') : spec.substring(0, eq).indexOf('.');
    if (eq < 0 || dot < 0) {
      throw new IllegalArgumentException("\"" + shown(spec) + "\" is not PKG.KEY=VALUE, such as CUDA_Runtime_jll.version=12.6");
    }
    String pkg = spec.substring(0, dot).strip();
    String key = spec.substring(dot + 1, eq).strip();
    String raw = spec.substring(eq + 1).strip();
    return new Preference(pkg, key, typed(raw));
  }

  private static Object typed(String raw) {
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      return raw.substring(1, raw.length() - 1);
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.valueOf(lower);
    }
    if (INTEGER.matcher(raw).matches()) {
      return Long.valueOf(raw);
    }
    return raw;
  }

  /** The value as TOML writes it: {@code true}, {@code 12}, {@code "12.6"}. */
  public String tomlValue() {
    if (value instanceof String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          default -> sb.append(c);
        }
      }
      return sb.append('"').toString();
    }
    return value.toString();
  }

  /** {@code PKG.KEY=VALUE} with the value as TOML writes it: recorded in the metadata and the fingerprint. */
  public String spec() {
    return pkg + "." + key + "=" + tomlValue();
  }
}
