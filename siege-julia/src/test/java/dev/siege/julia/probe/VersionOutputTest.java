package dev.siege.julia.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.version.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOutputTest {

  @Test
  void readsReleaseAndPrereleaseVersions() {
    assertThat(VersionOutput.parse(List.of("julia version 1.10.4"))).contains(Version.of(1, 10, 4));
    assertThat(VersionOutput.parse(List.of("julia version 1.12.0-rc1"))).contains(Version.parse("1.12.0-rc1"));
    assertThat(VersionOutput.parse(List.of("julia version 1.14.0-DEV.123"))).contains(Version.parse("1.14.0-DEV.123"));
  }

  @Test
  void skipsNoiseBeforeTheVersionLine() {
    assertThat(VersionOutput.parse(List.of("WARNING: something", "julia version 1.6.7  "))).contains(Version.of(1, 6, 7));
  }

  @Test
  void rejectsOtherPrograms() {
    assertThat(VersionOutput.parse(List.of("Python 3.11.2"))).isEmpty();
    assertThat(VersionOutput.parse(List.of("julia version banana"))).isEmpty();
    assertThat(VersionOutput.parse(List.of())).isEmpty();
  }
}
