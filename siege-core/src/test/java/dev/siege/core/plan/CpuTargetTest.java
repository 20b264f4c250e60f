package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuTargetTest {

  static final Version V1_10 = Version.of(1, 10, 4);
  static final Version V1_6 = Version.of(1, 6, 7);

  static String resolve(CpuTarget target, String arch) {
    return target.resolve(arch, "linux", V1_10);
  }

  @Test
  void portableResolvesToPackageCompilersAppTargetOnX86_JuliaFacts1() {
    assertThat(resolve(CpuTarget.portable(), "x86_64"))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(resolve(CpuTarget.portable(), "powerpc64le")).isEqualTo("pwr8");
  }

  @Test
  void portableOnAarch64IsTheOfficialListNotPackageCompilersGeneric_JuliaFacts8() {
    assertThat(resolve(CpuTarget.portable(), "aarch64"))
        .isEqualTo("generic;cortex-a57;thunderx2t99;carmel,clone_all;apple-m1,base(3);neoverse-512tvb,-rand,-fpac,base(3)")
        .isEqualTo(resolve(CpuTarget.official(), "aarch64"));
    assertThat(CpuTarget.portable().resolve("aarch64", "linux", V1_6)).isEqualTo("generic;cortex-a57;thunderx2t99;carmel");
  }

  @Test
  void officialIsTheTargetListOfTheOfficialBinaryOfThatJuliaVersion_JuliaFacts8() {
    assertThat(CpuTarget.of(" official ").isOfficial()).isTrue();
    assertThat(resolve(CpuTarget.official(), "x86_64"))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1);x86-64-v4,-rdrnd,base(1)");
    // julia-buildkite release-julia-1.6-old ... 1.9-old: before x86-64-v4 was added (fe8b26e).
    assertThat(CpuTarget.official().resolve("x86_64", "linux", V1_6))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(CpuTarget.official().resolve("aarch64", "macos", V1_10)).isEqualTo("generic;apple-m1,clone_all");
    assertThat(CpuTarget.official().resolve("x86_64", "linux", Version.parse("1.12.0-rc1")))
        .endsWith(";x86-64-v4,-rdrnd,base(1)");
  }

  @Test
  void explicitTargetsPassThroughUnchanged() {
    assertThat(resolve(CpuTarget.nativeCpu(), "x86_64")).isEqualTo("native");
    assertThat(resolve(CpuTarget.of(" haswell "), "x86_64")).isEqualTo("haswell");
    assertThat(CpuTarget.of("native").isNative()).isTrue();
  }

  @Test
  void portableOnAnUnknownArchIsAnErrorThatNamesTheFix() {
    assertThatThrownBy(() -> resolve(CpuTarget.portable(), "riscv64"))
        .hasMessageContaining("riscv64")
        .hasMessageContaining("{option:CPU_TARGET}");
  }

  @Test
  void blankTargetsAreRejected() {
    assertThatThrownBy(() -> CpuTarget.of("  ")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- issue 9 item 18: only target strings Julia accepts (src/processor.cpp parse_cmdline) ----

  @ParameterizedTest
  @ValueSource(strings = {
      "native", "haswell", "generic", "x86-64-v3", "sysimage",
      "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)",
      "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1);x86-64-v4,-rdrnd,base(1)",
      "generic;cortex-a57;thunderx2t99;carmel,clone_all;apple-m1,base(3);neoverse-512tvb,-rand,-fpac,base(3)",
      "pentium4;sandybridge,-xsaveopt,clone_all", "armv7-a;armv7-a,neon;armv7-a,neon,vfp4", "pwr8",
      "skylake,+avx2,-sse4.2,opt_size", "generic,min_size", "znver2,clone_all,-clone_all", "a;b,clone_all;c,base(1);d,base(1)"})
  void targetStringsJuliaAcceptsAreAccepted(String spec) {
    assertThat(resolve(CpuTarget.of(spec), "x86_64")).isEqualTo(spec);
  }

  @Test
  void everyPortableStringIsAValidTarget() {
    for (String arch : new String[] {"x86_64", "i686", "armv7l", "aarch64", "powerpc64le"}) {
      for (CpuTarget t : new CpuTarget[] {CpuTarget.portable(), CpuTarget.official()}) {
        for (Version v : new Version[] {V1_6, V1_10}) {
          for (String os : new String[] {"linux", "macos"}) {
            String s = t.resolve(arch, os, v);
            assertThat(CpuTarget.of(s).spec()).isEqualTo(s);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "haswell;               | target 2 (\"\") has an empty CPU name (two ';' in a row, or one at either end)",
      ";haswell               | target 1 (\"\") has an empty CPU name (two ';' in a row, or one at either end)",
      "generic;;haswell       | target 2 (\"\") has an empty CPU name",
      ",avx2                  | the target has an empty CPU name",
      "haswell,               | the target has an empty feature (a ',' too many?)",
      "haswell,+              | the target has an empty feature",
      "haswell avx2           | the target has the CPU name \"haswell avx2\", which is not a name",
      "haswell,avx2 $(id)     | the target has the feature \"avx2 $(id)\", which is not a name",
      "generic,-opt_size      | the target disables opt_size, which can only be enabled",
      "generic,opt_size,min_size | the target has both opt_size and min_size",
      "generic,base(0)        | the target has base(0), but base(N) must name an earlier target (0 is the first); the first target has none",
      "generic;haswell,base(1) | target 2 (\"haswell,base(1)\") has base(1), but base(N) must name an earlier target (0 is the first), here 0 to 0",
      "generic;haswell,base(0) | target 2 (\"haswell,base(0)\") has base(0), but target 1 it names is not clone_all",
      "generic,clone_all,-clone_all;haswell,base(0) | but target 1 it names is not clone_all",
      "generic,clone_all;haswell,-base(0) | disables base(0); a base index can only be set",
      "generic;haswell,base(-1) | the feature \"base(-1)\", which is not a name",
      "help                   | \"help\" makes Julia list the CPU names",
      "generic,help           | \"help\" makes Julia list the CPU features"})
  void otherStringsAreRefusedSayingWhichPartIsWrong(String spec, String problem) {
    assertThatThrownBy(() -> CpuTarget.of(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid CPU target \"" + spec.strip() + "\": ")
        .hasMessageContaining(problem);
  }

  @Test
  void controlCharactersInARefusedTargetAreEscapedInTheMessage() {
    assertThatThrownBy(() -> CpuTarget.of("native\u001b[2J\nx"))
        .hasMessageStartingWith("invalid CPU target \"native\\u{1b}[2J\\nx\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
  }
}
