package dev.siege.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildOptionTest {

  @Test
  void aFrontEndRendersOptionReferencesInItsOwnWords() {
    String text = "pass " + BuildOption.JULIA.ref() + " PATH or " + BuildOption.JULIA_VERSION.ref() + " X.Y.Z";
    assertThat(BuildOption.forCli(text)).isEqualTo("pass --julia PATH or --julia-version X.Y.Z");
    assertThat(BuildOption.forLibrary(text))
        .isEqualTo("pass JuliaSource.executable(...) PATH or JuliaSource.version(...) X.Y.Z");
  }

  @Test
  void textWithoutReferencesAndUnknownReferencesAreLeftReadable() {
    assertThat(BuildOption.forCli("a {b} c $1 \\")).isEqualTo("a {b} c $1 \\");
    assertThat(BuildOption.forCli("{option:NO_SUCH}")).isEqualTo("no-such");
    assertThat(BuildOption.forCli(null)).isNull();
  }

  @Test
  void anExceptionShowsBuilderCallsToAnEmbedderAndKeepsTheReferenceForAFrontEnd() {
    SiegeException e = new SiegeException("bad " + BuildOption.OUTPUT.ref(), "choose another " + BuildOption.OUTPUT.ref());
    assertThat(e.getMessage()).isEqualTo("bad SiegeBuilder.output(...)");
    assertThat(e.hint()).hasValue("choose another SiegeBuilder.output(...)");
    assertThat(BuildOption.forCli(e.rawMessage())).isEqualTo("bad --output");
    assertThat(e.rawHint().map(BuildOption::forCli)).hasValue("choose another --output");
  }
}
