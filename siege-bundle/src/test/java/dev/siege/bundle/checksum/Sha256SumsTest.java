package dev.siege.bundle.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256SumsTest {
  @TempDir Path dir;

  @Test
  void computedSumsAreAcceptedBySystemSha256sum() throws Exception {
    Files.createDirectories(dir.resolve("depot/packages/A"));
    Files.writeString(dir.resolve("depot/packages/A/a.jl"), "module A end\n");
    Files.writeString(dir.resolve("name with spaces.txt"), "x");
    Files.writeString(dir.resolve("back\\slash"), "y");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("name with spaces.txt"));

    Sha256Sums sums = Sha256Sums.compute(dir, List.of("SHA256SUMS"));
    sums.write(dir.resolve("SHA256SUMS"));

    assertThat(sums.entries()).containsOnlyKeys("depot/packages/A/a.jl", "name with spaces.txt", "back\\slash");
    assertThat(sums.entries().get("name with spaces.txt"))
        .isEqualTo("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
    Process p =
        new ProcessBuilder("sha256sum", "--strict", "-c", "SHA256SUMS")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void readRoundTripsEscapedNames() throws Exception {
    Sha256Sums sums = Sha256Sums.of(Map.of("a\nb\\c", "0".repeat(64), "plain", "f".repeat(64)));
    sums.write(dir.resolve("S"));
    assertThat(Files.readString(dir.resolve("S"))).startsWith("\\" + "0".repeat(64) + "  a\\nb\\\\c\n");
    assertThat(Sha256Sums.read(dir.resolve("S"))).isEqualTo(sums);
  }

  @Test
  void malformedLineIsAnErrorNamingFileAndLine() throws Exception {
    Files.writeString(dir.resolve("S"), "f".repeat(64) + "  ok\nnot a checksum line\n");
    assertThatThrownBy(() -> Sha256Sums.read(dir.resolve("S")))
        .isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).line()).hasValue(2))
        .hasMessageContaining("not a sha256sum line");
  }

  @Test
  void readsBinaryModeAndUpperCaseDigestsAsSha256sumDoes() throws Exception {
    Files.writeString(dir.resolve("S"), "AB".repeat(32) + " *bin/julia\n" + "c".repeat(64) + "  a  b\n");
    assertThat(Sha256Sums.read(dir.resolve("S")).entries())
        .containsExactly(Map.entry("a  b", "c".repeat(64)), Map.entry("bin/julia", "ab".repeat(32)));
  }

  @Test
  void rejectsEveryMalformedShape() throws Exception {
    String hex = "0".repeat(64);
    for (String line :
        List.of(hex.substring(1) + "  short", hex + " one-space", hex + "  ", hex + "x  name", hex + "  crlf\r",
            "g".repeat(64) + "  not-hex", "\\" + hex, "\u0660".repeat(64) + "  arabic-indic-digits",
            "\uff10".repeat(64) + "  fullwidth-digits", hex + "  line\u2028separator", hex + "\t name")) {
      Files.writeString(dir.resolve("S"), line + "\n");
      assertThatThrownBy(() -> Sha256Sums.read(dir.resolve("S")))
          .as(line)
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("not a sha256sum line");
    }
  }

  @Test
  void constructorRefusesDigestsThatAreNotLowerCaseSha256() {
    for (String bad : List.of("0".repeat(63), "0".repeat(65), "A".repeat(64), "g".repeat(64))) {
      assertThatThrownBy(() -> Sha256Sums.of(Map.of("f", bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
