package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.plan.Preference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class LocalPreferencesFileTest {
  @TempDir Path env;

  @Test
  void mergingKeepsDatesTimesArraysAndInlineTablesAsValidTomlWithTheirValues() throws Exception {
    Files.writeString(env.resolve("Project.toml"), "[deps]\nFoo = \"7876af07-990d-54b4-ab0e-23690620f79a\"\n");
    String original = """
        [Foo]
        odt = 1979-05-27T07:32:00Z
        odt_offset = 1979-05-27T07:32:00-07:00
        ldt = 1979-05-27T07:32:00
        ldt_fraction = 1979-05-27T00:32:00.999
        ld = 1979-05-27
        lt = 07:32:00
        arr = [1, 2]
        inline = { a = 07:32:00, b = [true] }
        """;
    Files.writeString(env.resolve("LocalPreferences.toml"), original);

    Path file = LocalPreferencesFile.write(env, List.of(Preference.parse("Foo.new=1")), Map.of());

    TomlParseResult written = Toml.parse(Files.readString(file));
    assertThat(written.errors()).as(Files.readString(file)).isEmpty();
    TomlParseResult before = Toml.parse(original);
    for (String key : before.getTable("Foo").keySet()) {
      assertThat(plain(written.get(List.of("Foo", key)))).as(key).isEqualTo(plain(before.get(List.of("Foo", key))));
    }
    assertThat(Files.readString(file)).contains("lt = 07:32:00\n").contains("odt = 1979-05-27T07:32:00Z\n");
    assertThat(written.getLong(List.of("Foo", "new"))).isEqualTo(1L);
  }

  private static Object plain(Object v) {
    return v instanceof org.tomlj.TomlArray a ? a.toJson() : v instanceof org.tomlj.TomlTable t ? t.toJson() : v;
  }
}
