package dev.siege.bundle.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.core.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherWriterTest {
  @TempDir Path tmp;

  private static final LauncherSettings SETTINGS = LauncherHarness.settings("1.10.4", true);

  private static FileSystem posixJimfs() {
    return Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build());
  }

  @Test
  void writesAnExecutableLauncherAtBinJulia() throws Exception {
    try (FileSystem fs = posixJimfs()) {
      BundleLayout layout = BundleLayout.at(fs.getPath("/bundle"));

      Path written = LauncherWriter.write(layout, SETTINGS);

      assertThat(written).isEqualTo(layout.launcher());
      assertThat(Files.readString(written)).startsWith("#!/usr/bin/env bash\n# siege-launcher:");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rwxr-xr-x");
    }
  }

  @Test
  void replacesAnExistingLauncherAndLeavesNoTemporaryFile() throws Exception {
    try (FileSystem fs = posixJimfs()) {
      BundleLayout layout = BundleLayout.at(fs.getPath("/bundle"));
      Files.createDirectories(layout.bin());
      Files.writeString(layout.launcher(), "old");

      LauncherWriter.write(layout, SETTINGS);

      assertThat(Files.readString(layout.launcher())).contains("build_julia_version='1.10.4'");
      try (Stream<Path> files = Files.list(layout.bin())) {
        assertThat(files).containsExactly(layout.launcher());
      }
    }
  }

  @Test
  void bakesValuesInAsSingleQuotedWordsAndNeverExpandsPlaceholdersInsideThem() {
    LauncherSettings s = new LauncherSettings("aarch64", "linux", "musl", Version.parse("1.12.0-rc1"), "abc123", false,
        "generic;neoverse-512tvb,-rand,base(3) '$(rm -rf x)' @BUNDLE_ID@", "p-1.2_x");

    String script = LauncherWriter.render(s);

    assertThat(script)
        .contains("  build_arch='aarch64'\n")
        .contains("  build_os='linux'\n")
        .contains("  build_libc='musl'\n")
        .contains("build_julia_version='1.12.0-rc1'\n")
        .contains("build_julia_commit='abc123'\n")
        .contains("cpu_target='generic;neoverse-512tvb,-rand,base(3) '\\''$(rm -rf x)'\\'' @BUNDLE_ID@'\n")
        .contains("has_sysimage='false'\n")
        .contains("bundle_id='p-1.2_x'\n")
        .contains("sysimage_file='sysimage/sys.so'\n")
        .doesNotContain("@JULIA_VERSION@");
  }

  @Test
  void recordsAnUnknownCommitAsAnEmptyWord() {
    LauncherSettings s =
        new LauncherSettings("x86_64", "linux", "glibc", Version.parse("1.10.4"), "", true, "native", "demo");

    assertThat(LauncherWriter.render(s)).contains("build_julia_commit=''\n");
  }

  @Test
  void settingsRecordTheTargetsPlatformTheBuildJuliasVersionAndNoPath() {
    JuliaInfo info =
        new JuliaInfo(Path.of("/opt/julia-1.10.4/bin/julia"), Version.parse("1.10.4"), "x86_64", "linux", "glibc",
            "skylake", Path.of("/opt/julia-1.10.4/bin"), 64, "x86_64-linux-gnu");

    LauncherSettings s = LauncherSettings.forTarget(TargetPlatform.parse("aarch64-linux-musl"), info, "48d4fd4843",
        false, "", "demo");

    assertThat(s).isEqualTo(
        new LauncherSettings("aarch64", "linux", "musl", Version.parse("1.10.4"), "48d4fd4843", false, "", "demo"));
    assertThat(LauncherWriter.render(s)).doesNotContain("/opt/julia-1.10.4");
  }

  @Test
  void rejectsABundleIdThatIsNotOnePathComponent() {
    assertThatThrownBy(() -> new LauncherSettings("x86_64", "linux", "glibc", Version.parse("1.10.4"), "", true, "", "../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bundleId");
  }

  @Test
  void rejectsAnArchThatIsNotASysArchName() {
    assertThatThrownBy(() -> new LauncherSettings("x86 64; rm", "linux", "glibc", Version.parse("1.10.4"), "", true, "", "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsACommitThatIsNotHex() {
    assertThatThrownBy(() -> new LauncherSettings("x86_64", "linux", "glibc", Version.parse("1.10.4"), "v1.10.4'", true, "", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("juliaCommit");
  }

  @Test
  void rejectsACpuTargetWithANewline() {
    assertThatThrownBy(() -> new LauncherSettings("x86_64", "linux", "glibc", Version.parse("1.10.4"), "", true, "a\nb", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpuTarget");
  }

  @Test
  void generatedLaunchersPassShellcheckWithNoFindings() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean present = Files.isExecutable(Path.of("/usr/bin/shellcheck")) || onPath("shellcheck");
    if (ci) {
      assertThat(present).as("CI=true but shellcheck is not installed (.ci/run installs it)").isTrue();
    }
    assumeThat(present).as("shellcheck is not installed").isTrue();

    LauncherSettings[] variants = {
      SETTINGS,
      new LauncherSettings("aarch64", "linux", "", Version.parse("1.11.1"), "", false, "", "d"),
      new LauncherSettings("x86_64", "macos", "", Version.parse("1.12.0"), "abc", true, "it's $x;`y`", "d"),
    };
    for (int i = 0; i < variants.length; i++) {
      BundleLayout layout = BundleLayout.at(tmp.resolve("b" + i));
      Path launcher = LauncherWriter.write(layout, variants[i]);
      Process p =
          new ProcessBuilder("shellcheck", "--severity=style", "--shell=bash", launcher.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).isEmpty();
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyVariableThePlanSaysTheLauncherSetsIsSetByTheTemplate() throws Exception {
    String template;
    try (var in = LauncherWriter.class.getResourceAsStream("julia.sh")) {
      template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    for (String variable : dev.siege.core.plan.LauncherEnvironment.of(true, "generic").keySet()) {
      assertThat(template).as(variable).containsPattern("(export|unset) " + variable + "\\b");
    }
  }
}
