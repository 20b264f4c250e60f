package dev.siege.julia.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptProtocolTest {

  @Test
  void resultLineCarriesKeyAndTheRestOfTheLineAsValue() {
    assertThat(ScriptProtocol.parse("##siege result bindir /opt/julia 1.10/bin"))
        .contains(new ScriptProtocol.Result("bindir", "/opt/julia 1.10/bin"));
  }

  @Test
  void valuesWithNewlinesAndBackslashesRoundTripThroughOneLine() {
    String value = "C:\\path\\n not a newline\nreal newline\r\\";
    String line = ScriptProtocol.result("k", value);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(ScriptProtocol.parse(line)).contains(new ScriptProtocol.Result("k", value));
  }

  @Test
  void progressLineCarriesDoneTotalAndText() {
    assertThat(ScriptProtocol.parse("##siege progress 3 -1 installing lazy artifacts"))
        .contains(new ScriptProtocol.Progress(3, -1, "installing lazy artifacts"));
    assertThat(ScriptProtocol.parse(ScriptProtocol.progress(1, 2, "a\\b")))
        .contains(new ScriptProtocol.Progress(1, 2, "a\\b"));
  }

  @Test
  void warningLineCarriesItsTextAndRoundTripsThroughOneLine() {
    assertThat(ScriptProtocol.parse("##siege warning CUDA_Runtime_jll chooses its artifacts"))
        .contains(new ScriptProtocol.Warning("CUDA_Runtime_jll chooses its artifacts"));
    String text = "two\nlines\\";
    assertThat(ScriptProtocol.parse(ScriptProtocol.warning(text))).contains(new ScriptProtocol.Warning(text));
    assertThat(ScriptProtocol.parse("##siege warning ")).isEmpty();
  }

  @Test
  void ordinaryAndMalformedLinesAreNotProtocol() {
    assertThat(ScriptProtocol.parse("  Downloading artifact: MKL")).isEmpty();
    assertThat(ScriptProtocol.parse("##siege progress x 4 text")).isEmpty();
    assertThat(ScriptProtocol.parse("##siege progress 4")).isEmpty();
    assertThat(ScriptProtocol.parse("##siege result ")).isEmpty();
    assertThat(ScriptProtocol.parse("##siegeresult a b")).isEmpty();
  }

  @Test
  void rejectsKeysWithSpaces() {
    assertThatThrownBy(() -> ScriptProtocol.result("a b", "v")).isInstanceOf(IllegalArgumentException.class);
  }
}
