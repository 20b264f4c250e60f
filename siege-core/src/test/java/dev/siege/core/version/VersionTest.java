package dev.siege.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1|1.0.0",
        "1.2|1.2.0",
        "1.10.4|1.10.4",
        "v1.10.4|1.10.4",
        "V1.2|1.2.0",
        "1.12.0-rc1|1.12.0-rc1",
        "1.14.0-DEV.123|1.14.0-DEV.123",
        "1.11.0+1|1.11.0+1",
        "1.0.0-rc1+build.7|1.0.0-rc1+build.7",
        "0.4.2+|0.4.2+",
        "1.2.3-|1.2.3-",
        "1.0rc1|1.0.0-rc1",
        "1.0.0-01|1.0.0-1",
        "1.0.0+2023c|1.0.0+2023c",
        "' 1.2.3 '|1.2.3",
      })
  void parsesAsJuliaVersionNumberDoes(String text, String canonical) {
    assertThat(Version.parse(text).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "\"{0}\" is not a version")
  @ValueSource(
      strings = {"", "v", "1.", "1..2", "1.2.3.4", "1.2.3-+", "1.2.3-a..b", "x1", "1.2.3_4",
        "1.2.3+a+b", "99999999999.0.0", "-1.0.0", "1.2.3-é"})
  void rejectsWhatJuliaRejects(String text) {
    assertThat(Version.isValid(text)).isFalse();
    assertThatThrownBy(() -> Version.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.2|1.2.3",
        "1.9.9|1.10.0",
        "1.12.0-rc1|1.12.0",
        "1.12.0-alpha1|1.12.0-rc1",
        "1.12.0-rc1|1.12.0-rc2",
        "1.0.0-2|1.0.0-10",
        "1.0.0-10|1.0.0-a",
        "1.0.0-|1.0.0-0",
        "1.0.0-a|1.0.0-a.1",
        "1.11.0|1.11.0+1",
        "1.11.0+1|1.11.0+2",
        "0.4.2|0.4.2+",
        "0.4.2+|0.4.2+0",
        "1.0.0-rc1|1.0.0-rc1+build",
        "1.14.0-DEV|1.14.0",
        "1.13.0-DEV.9|1.13.0-alpha1",
      })
  void ordersAsJuliaIslessDoes(String lower, String higher) {
    Version a = Version.parse(lower);
    Version b = Version.parse(higher);
    assertThat(a).isLessThan(b);
    assertThat(b).isGreaterThan(a);
  }

  @ParameterizedTest
  @CsvSource({"1.0.0-01,1.0.0-1", "v1.2,1.2.0", "1,1.0.0"})
  void equalSpellingsAreEqualVersions(String a, String b) {
    assertThat(Version.parse(a)).isEqualTo(Version.parse(b)).isEqualByComparingTo(Version.parse(b));
  }

  @org.junit.jupiter.api.Test
  void keepsPartsAndHelpers() {
    Version v = Version.parse("1.11.0-DEV.42+abc");
    assertThat(v.major()).isEqualTo(1);
    assertThat(v.minor()).isEqualTo(11);
    assertThat(v.prerelease()).containsExactly("DEV", "42");
    assertThat(v.build()).containsExactly("abc");
    assertThat(v.isPrerelease()).isTrue();
    assertThat(v.release()).isEqualTo(Version.of(1, 11, 0));
    assertThat(v.sameMinor(Version.parse("1.11.7"))).isTrue();
    assertThat(v.sameMinor(Version.parse("1.10.7"))).isFalse();
    assertThat(new Version(1, 0, 0, List.of(), List.of()).isPrerelease()).isFalse();
  }
}
