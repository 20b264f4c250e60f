package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreferenceTest {

  @Test
  void valuesAreTypedAsTomlReadsThemBareAndAQuotedValueIsAlwaysAString() {
    assertThat(Preference.parse("CUDA_Runtime_jll.version=12.6").value()).isEqualTo("12.6");
    assertThat(Preference.parse("CUDA_Runtime_jll.local=false").value()).isEqualTo(false);
    assertThat(Preference.parse("MKL_jll.threads=4").value()).isEqualTo(4L);
    assertThat(Preference.parse("MKL_jll.threads=\"4\"").value()).isEqualTo("4");
    assertThat(Preference.parse("Foo.mode= fast ").spec()).isEqualTo("Foo.mode=\"fast\"");
    assertThat(Preference.parse("Foo.path=C:\\a\"b").tomlValue()).isEqualTo("\"C:\\\\a\\\"b\"");
  }

  @Test
  void refusesSpecsThatAreNotPkgDotKeyEqualsValueNamingTheProblem() {
    assertThatThrownBy(() -> Preference.parse("version=12.6")).hasMessageContaining("is not PKG.KEY=VALUE");
    assertThatThrownBy(() -> Preference.parse("CUDA_Runtime_jll.version")).hasMessageContaining("is not PKG.KEY=VALUE");
    assertThatThrownBy(() -> Preference.parse("1CUDA.version=1")).hasMessageContaining("is not a package name");
    assertThatThrownBy(() -> Preference.parse("CUDA.a.b=1")).hasMessageContaining("nested tables cannot be set");
    assertThatThrownBy(() -> Preference.parse("CUDA.=1")).hasMessageContaining("a preference name is 1-100");
    assertThatThrownBy(() -> Preference.parse("CUDA.v=a\u0001b")).hasMessageContaining("control character");
  }

  @Test
  void echoesAtMostAHundredCharactersOfAHugeSpec() {
    String huge = "A".repeat(5000);
    assertThatThrownBy(() -> Preference.parse(huge))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("(5000 characters)"));
    assertThatThrownBy(() -> Preference.parse("Foo." + huge + "-=1")).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }
}
