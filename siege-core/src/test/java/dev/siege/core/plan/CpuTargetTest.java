package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuTargetTest {

  @Test
  void portableResolvesToPackageCompilersAppTargetPerArch_JuliaFacts1() {
    assertThat(CpuTarget.portable().resolve("x86_64"))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(CpuTarget.portable().resolve("aarch64")).isEqualTo("generic");
    assertThat(CpuTarget.portable().resolve("powerpc64le")).isEqualTo("pwr8");
  }

  @Test
  void explicitTargetsPassThroughUnchanged() {
    assertThat(CpuTarget.nativeCpu().resolve("x86_64")).isEqualTo("native");
    assertThat(CpuTarget.of(" haswell ").resolve("x86_64")).isEqualTo("haswell");
    assertThat(CpuTarget.of("native").isNative()).isTrue();
  }

  @Test
  void portableOnAnUnknownArchIsAnErrorThatNamesTheFix() {
    assertThatThrownBy(() -> CpuTarget.portable().resolve("riscv64"))
        .hasMessageContaining("riscv64")
        .hasMessageContaining("--cpu-target");
  }

  @Test
  void blankTargetsAreRejected() {
    assertThatThrownBy(() -> CpuTarget.of("  ")).isInstanceOf(IllegalArgumentException.class);
  }
}
