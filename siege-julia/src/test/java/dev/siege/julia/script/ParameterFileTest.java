package dev.siege.julia.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class ParameterFileTest {

  private static TomlParseResult parse(Map<String, ?> params) {
    TomlParseResult toml = Toml.parse(ParameterFile.render(params));
    assertThat(toml.errors()).isEmpty();
    return toml;
  }

  @Test
  void injectionAttemptRoundTripsAsTheSameString() {
    String evil = "x\"; run(`rm -rf ~`); \"$(run(`id`)) \\ \\\" \\u0041 '''\n\"\"\"\r\t\b\f\u0000\u001f\u007f end";
    assertThat(parse(Map.of("project", evil)).getString("project")).isEqualTo(evil);
  }

  @Test
  void nonAsciiTextAndSupplementaryCharactersRoundTrip() {
    String s = "/data/Übung/проект/数据/😀 ≥ 1.10";
    assertThat(parse(Map.of("project", s)).getString("project")).isEqualTo(s);
  }

  @Test
  void writesBooleansIntegersPathsAndStringLists() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("incremental", true);
    params.put("count", 42);
    params.put("bytes", 5_000_000_000L);
    params.put("sysimage_path", Path.of("/b/sysimage/sys.so"));
    params.put("packages", List.of("CSV", "DataFrames", "a\"b"));
    params.put("empty", List.of());
    TomlParseResult toml = parse(params);
    assertThat(toml.getBoolean("incremental")).isTrue();
    assertThat(toml.getLong("count")).isEqualTo(42L);
    assertThat(toml.getLong("bytes")).isEqualTo(5_000_000_000L);
    assertThat(toml.getString("sysimage_path")).isEqualTo("/b/sysimage/sys.so");
    assertThat(toml.getArray("packages").toList()).containsExactly("CSV", "DataFrames", "a\"b");
    assertThat(toml.getArray("empty").size()).isZero();
  }

  @Test
  void keysThatAreNotBareAreQuoted() {
    TomlParseResult toml = parse(Map.of("odd key\"=", "v"));
    assertThat(toml.getString(List.of("odd key\"="))).isEqualTo("v");
  }

  @Test
  void rejectsUnsupportedValues() {
    assertThatThrownBy(() -> ParameterFile.render(Map.of("x", 1.5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
    assertThatThrownBy(() -> ParameterFile.render(Map.of("x", List.of(1)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsStringsThatAreNotValidUnicode() {
    assertThatThrownBy(() -> ParameterFile.render(Map.of("x", "a\uD800b"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");
  }
}
