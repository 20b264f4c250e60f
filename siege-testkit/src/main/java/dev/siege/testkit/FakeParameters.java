package dev.siege.testkit;

import dev.siege.julia.script.ParameterFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A script's parameters as the Julia side sees them after {@code TOML.parsefile(ARGS[1])}, with
 * the typed getters and the error messages of {@code siege_protocol.jl}.
 */
final class FakeParameters {
  private final Map<String, Object> values;

  private FakeParameters(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * The parameters a {@code JuliaCall} carries, through the same TOML text the real runner
   * writes ({@link ParameterFile#render}), so a value the real runner would reject is rejected.
   */
  static FakeParameters ofCall(Map<String, ?> parameters) {
    TomlParseResult toml = Toml.parse(ParameterFile.render(parameters));
    if (toml.hasErrors()) {
      throw new IllegalStateException("ParameterFile wrote TOML that does not parse: " + toml.errors());
    }
    return new FakeParameters(plain(toml));
  }

  /** The parameter file at {@code file}, as {@code siege_parameters()} reads it. */
  static FakeParameters read(Path file) throws IOException {
    return new FakeParameters(plain(FakeEnvironment.parse(file)));
  }

  /** The values as plain Java objects: String, Boolean, Long, Double, List. */
  Map<String, Object> asMap() {
    return Map.copyOf(values);
  }

  String string(String key) {
    if (!values.containsKey(key)) {
      throw FakeJuliaError.siegeFail("missing parameter \"" + key + "\"");
    }
    if (!(values.get(key) instanceof String s)) {
      throw FakeJuliaError.siegeFail("parameter \"" + key + "\" must be a string");
    }
    return s;
  }

  String string(String key, String defaultValue) {
    return values.containsKey(key) ? string(key) : defaultValue;
  }

  List<String> strings(String key) {
    if (!values.containsKey(key)) {
      return List.of();
    }
    if (!(values.get(key) instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
      throw FakeJuliaError.siegeFail("parameter \"" + key + "\" must be a list of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  boolean bool(String key, boolean defaultValue) {
    if (!values.containsKey(key)) {
      return defaultValue;
    }
    if (!(values.get(key) instanceof Boolean b)) {
      throw FakeJuliaError.siegeFail("parameter \"" + key + "\" must be a boolean");
    }
    return b;
  }

  private static Map<String, Object> plain(TomlTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      m.put(key, plainValue(table.get(List.of(key))));
    }
    return m;
  }

  private static Object plainValue(Object v) {
    if (v instanceof TomlArray a) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        list.add(plainValue(a.get(i)));
      }
      return list;
    }
    if (v instanceof TomlTable t) {
      return plain(t);
    }
    return v;
  }
}
