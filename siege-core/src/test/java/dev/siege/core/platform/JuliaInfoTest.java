package dev.siege.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JuliaInfoTest {

  private static final Path BINDIR = Path.of("/opt/julia-1.10.4/bin");

  @Test
  void theShortConstructorAssumesTheBundledDepotsJulia16To110ComputeAndNoCommit() {
    JuliaInfo info = new JuliaInfo(BINDIR.resolve("julia"), Version.parse("1.10.4"), "x86_64", "linux", "glibc",
        "skylake", BINDIR, 64, "t");

    assertThat(info.bundledDepots())
        .containsExactly(Path.of("/opt/julia-1.10.4/local/share/julia"), Path.of("/opt/julia-1.10.4/share/julia"));
    assertThat(info.commit()).isEmpty();
    assertThat(info.officialLayout()).isFalse();
  }

  @Test
  void bundledDepotsAreCopiedSoTheRecordCannotChangeAfterwards() {
    List<Path> depots = new ArrayList<>(List.of(Path.of("/d")));
    JuliaInfo info = new JuliaInfo(BINDIR.resolve("julia"), Version.parse("1.11.2"), "x86_64", "linux", "glibc",
        "skylake", BINDIR, 64, "t", "abc", depots, true);
    depots.add(Path.of("/e"));

    assertThat(info.bundledDepots()).containsExactly(Path.of("/d"));
    assertThatThrownBy(() -> info.bundledDepots().add(Path.of("/f"))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withExecutableChangesOnlyTheBinary() {
    JuliaInfo info = new JuliaInfo(Path.of("/home/u/.juliaup/bin/julia"), Version.parse("1.11.2"), "x86_64", "linux",
        "glibc", "skylake", BINDIR, 64, "t", "abc", List.of(Path.of("/d")), true);

    JuliaInfo real = info.withExecutable(BINDIR.resolve("julia"));

    assertThat(real.executable()).isEqualTo(BINDIR.resolve("julia"));
    assertThat(real.withExecutable(info.executable())).isEqualTo(info);
  }
}
