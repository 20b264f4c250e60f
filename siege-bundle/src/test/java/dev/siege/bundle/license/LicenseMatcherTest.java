package dev.siege.bundle.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.sbom.SampleBundle;
import org.junit.jupiter.api.Test;

class LicenseMatcherTest {
  @Test
  void usesTheLicenseListInsideTheJarNotTheNetwork() {
    assertThat(LicenseMatcher.licenseListVersion()).matches("\\d+\\.\\d+.*");
    assertThat(System.getProperty("org.spdx.useJARLicenseInfoOnly")).isEqualTo("true");
  }

  @Test
  void ignoresWhiteSpaceAndCaseAsTheSpdxMatchingGuidelinesDo() throws Exception {
    String mit = SampleBundle.mit().replace("\n", "\n\n   ").toUpperCase(java.util.Locale.ROOT);
    assertThat(LicenseMatcher.identify(mit)).containsExactly("MIT");
  }

  @Test
  void everyCandidateIsOnTheBundledList() {
    LicenseMatcher.identify("nothing");
    assertThat(LicenseMatcher.CANDIDATES).doesNotHaveDuplicates();
    assertThat(LicenseMatcher.loadedCandidates()).containsExactlyElementsOf(LicenseMatcher.CANDIDATES);
  }
}
