package dev.siege.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each row: a specifier, the highest version outside below it, the range's ends, the first version above it. */
class VersionSpecTest {

  @ParameterizedTest(name = "\"{0}\" is [{2}, {3}], excluding {1} and {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // caret (default): the leftmost non-zero part is fixed (Pkg docs compatibility.md)
        "1.2.3|1.2.2|1.2.3|1.99.99|2.0.0",
        "^1.2.3|1.2.2|1.2.3|1.99.99|2.0.0",
        "1.2|1.1.99|1.2.0|1.99.0|2.0.0",
        "1|0.99.99|1.0.0|1.99.99|2.0.0",
        "0.2.3|0.2.2|0.2.3|0.2.99|0.3.0",
        "^0.2.3|0.2.2|0.2.3|0.2.99|0.3.0",
        "0.2|0.1.99|0.2.0|0.2.99|0.3.0",
        "0.0.3|0.0.2|0.0.3|0.0.3|0.0.4",
        "^0.0.3|0.0.2|0.0.3|0.0.3|0.0.4",
        "0.0|-|0.0.0|0.0.99|0.1.0",
        "0|-|0.0.0|0.99.99|1.0.0",
        "v1.2|1.1.9|1.2.0|1.9.0|2.0.0",
        // tilde
        "~1.2.3|1.2.2|1.2.3|1.2.99|1.3.0",
        "~1.2|1.1.99|1.2.0|1.2.99|1.3.0",
        "~1|0.99.0|1.0.0|1.99.99|2.0.0",
        "~0.0.3|0.0.2|0.0.3|0.0.99|0.1.0",
        "~0.2|0.1.9|0.2.0|0.2.9|0.3.0",
        // equality
        "=1.2.3|1.2.2|1.2.3|1.2.3|1.2.4",
        "= 1.2|1.1.99|1.2.0|1.2.0|1.2.1",
        "=0.0.1|0.0.0|0.0.1|0.0.1|0.0.2",
        // inequalities
        ">= 1.2.3|1.2.2|1.2.3|99.0.0|-",
        ">=1.2|1.1.99|1.2.0|99.0.0|-",
        "≥ 0.7|0.6.99|0.7.0|99.0.0|-",
        "≥0.7.1|0.7.0|0.7.1|99.0.0|-",
        "< 1.2.3|-|0.0.0|1.2.2|1.2.3",
        "<1.2|-|0.0.0|1.1.99|1.2.0",
        "<1|-|0.0.0|0.99.99|1.0.0",
        "<0.0.1|-|0.0.0|0.0.0|0.0.1",
        // hyphen: inclusive; missing parts are zero on the left and wildcards on the right
        "1.2.3 - 4.5.6|1.2.2|1.2.3|4.5.6|4.5.7",
        "1.2 - 4.5|1.1.99|1.2.0|4.5.99|4.6.0",
        "0.7 - 1|0.6.99|0.7.0|1.99.0|2.0.0",
        "1 - 1|0.99.0|1.0.0|1.99.0|2.0.0",
        "  1.2   -   1.3  |1.1.0|1.2.0|1.3.9|1.4.0",
      })
  void coversExactlyPkgsRange(String spec, String below, String first, String last, String above) {
    VersionSpec s = VersionSpec.parse(spec);
    assertThat(s.contains(Version.parse(first))).as("%s in %s", first, spec).isTrue();
    assertThat(s.contains(Version.parse(last))).as("%s in %s", last, spec).isTrue();
    if (!below.equals("-")) {
      assertThat(s.contains(Version.parse(below))).as("%s in %s", below, spec).isFalse();
    }
    if (!above.equals("-")) {
      assertThat(s.contains(Version.parse(above))).as("%s in %s", above, spec).isFalse();
    }
    assertThat(s.text()).isEqualTo(spec);
  }

  @Test
  void commaIsAUnionOfRanges() {
    VersionSpec s = VersionSpec.parse("0.2, 1");
    assertThat(s.ranges()).hasSize(2);
    assertThat(s.contains(Version.parse("0.2.5"))).isTrue();
    assertThat(s.contains(Version.parse("0.3.0"))).isFalse();
    assertThat(s.contains(Version.parse("0.9.0"))).isFalse();
    assertThat(s.contains(Version.parse("1.7.0"))).isTrue();
    assertThat(s.contains(Version.parse("2.0.0"))).isFalse();

    VersionSpec mixed = VersionSpec.parse("~0.5.1, =0.6.0, >= 2.1");
    assertThat(mixed.contains(Version.parse("0.5.9"))).isTrue();
    assertThat(mixed.contains(Version.parse("0.6.0"))).isTrue();
    assertThat(mixed.contains(Version.parse("0.6.1"))).isFalse();
    assertThat(mixed.contains(Version.parse("5.0.0"))).isTrue();
    assertThat(mixed.contains(Version.parse("2.0.9"))).isFalse();
  }

  @Test
  void ignoresPreReleaseAndBuildPartsAsPkgDoes() {
    VersionSpec julia = VersionSpec.parse("1.11");
    assertThat(julia.contains(Version.parse("1.11.0-DEV.1234"))).isTrue();
    assertThat(julia.contains(Version.parse("1.12.0-rc1"))).isTrue();
    assertThat(julia.contains(Version.parse("2.0.0-rc1"))).isFalse();
    assertThat(VersionSpec.parse("=1.11.0").contains(Version.parse("1.11.0+1"))).isTrue();
    assertThat(VersionSpec.parse("1.10 - 1.11").contains(Version.parse("1.11.5-rc2"))).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(
      strings = {
        "", " ", "1.2,", ",1", "1.2.3.4", "1.2-1.3", "1.2 -1.3", "> 1", "<= 2", "^ 1.2", "~ 1",
        "0.0.0", "^0.0.0", "=0.0.0", "< 0", "<0.0.0", "1.0.0-rc1", "1.2+3", "1.x", "*", "latest",
        "4294967296", "1 || 2", "^~1"
      })
  void rejectsWhatPkgRejects(String spec) {
    assertThat(VersionSpec.tryParse(spec)).isEmpty();
    assertThatThrownBy(() -> VersionSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(spec.strip().isEmpty() ? "\"" : spec);
  }

  @Test
  void acceptsTheLargestUInt32Part() {
    assertThat(VersionSpec.tryParse("4294967295")).isPresent();
  }

  @Test
  void copiesItsRanges() {
    java.util.List<VersionSpec.Range> ranges = new java.util.ArrayList<>(VersionSpec.parse("1").ranges());
    VersionSpec s = new VersionSpec("1", ranges);
    ranges.clear();
    assertThat(s.ranges()).hasSize(1);
  }
}
