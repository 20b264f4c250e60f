package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void sameComponentsInAnyOrderGiveTheSameHash() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("julia.version", "1.10.4");
    a.put("manifest", "abc");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("manifest", "abc");
    b.put("julia.version", "1.10.4");
    assertThat(Fingerprint.of(a).hex()).isEqualTo(Fingerprint.of(b).hex()).hasSize(64);
  }

  @Test
  void anyChangedValueChangesTheHash() {
    Fingerprint base = Fingerprint.of(Map.of("julia.version", "1.10.4", "manifest", "abc"));
    assertThat(Fingerprint.of(Map.of("julia.version", "1.10.5", "manifest", "abc")).hex())
        .isNotEqualTo(base.hex());
  }

  @Test
  void lengthPrefixingKeepsBoundariesApart() {
    assertThat(Fingerprint.of(Map.of("a", "bc")).hex()).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")).hex());
  }

  @Test
  void changedSinceNamesChangedAddedAndRemovedComponents() {
    Fingerprint now = Fingerprint.of(Map.of("manifest", "new", "project", "same", "cpu", "x"));
    assertThat(now.changedSince(Map.of("manifest", "old", "project", "same", "gone", "y")))
        .containsExactly("cpu", "gone", "manifest");
  }

  @Test
  void theOrderOfPreferenceAndPlatformTagFlagsDoesNotChangeTheFingerprint() {
    java.nio.file.Path dir = java.nio.file.Path.of("env");
    BuildOptions ab = BuildOptions.builder(dir).preference(Preference.parse("A.x=1")).preference(Preference.parse("B.y=2"))
        .platformTag("cuda", "12.6").platformTag("cuda_platform", "sbsa").build();
    BuildOptions ba = BuildOptions.builder(dir).preference(Preference.parse("B.y=2")).preference(Preference.parse("A.x=1"))
        .platformTag("cuda_platform", "sbsa").platformTag("cuda", "12.6").build();
    assertThat(Fingerprint.of(ab.effective()).hex()).isEqualTo(Fingerprint.of(ba.effective()).hex());
  }
}
