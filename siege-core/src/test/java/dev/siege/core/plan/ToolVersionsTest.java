package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.version.Version;
import org.junit.jupiter.api.Test;

class ToolVersionsTest {

  @Test
  void julia110AndLaterGetTheCurrentPackageCompiler_JuliaFacts1() {
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.10.4"))).hasValue("2.4.0");
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.12.0-rc1"))).hasValue("2.4.0");
  }

  @Test
  void julia16To19GetTheLastReleaseThatSupportsThem() {
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.6.7"))).hasValue("2.1.24");
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.9.4"))).hasValue("2.1.24");
    // A 1.10 pre-release is still 1.10 for PackageCompiler's compat purposes.
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.10.0-beta1"))).hasValue("2.4.0");
  }

  @Test
  void juliaBefore16HasNoSupportedPackageCompiler() {
    assertThat(ToolVersions.packageCompilerFor(Version.parse("1.5.4"))).isEmpty();
  }
}
