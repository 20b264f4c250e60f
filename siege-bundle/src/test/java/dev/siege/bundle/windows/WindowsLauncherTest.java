package dev.siege.bundle.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.launcher.LauncherSettings;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsLauncherTest {
  private static LauncherSettings settings(String arch, String os, boolean sysimage, String cpuTarget) {
    return new LauncherSettings(arch, os, "", Version.parse("1.10.4"), "", sysimage, cpuTarget, "demo-1");
  }

  @Test
  void writesAnAsciiBatchFileWithCrlfLineEndsAndNoPlaceholderLeft(@TempDir Path tmp) throws Exception {
    Path file = WindowsLauncher.write(BundleLayout.at(tmp), settings("x86_64", "windows", false, ""));
    assertThat(file).isEqualTo(tmp.resolve("bin/julia.cmd"));
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    for (byte b : bytes) {
      assertThat(b & 0xff).isLessThan(128);
    }
    assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    assertThat(text).doesNotContainPattern("@[A-Z_]+@").contains("set \"julia_copy=julia\\bin\\julia.exe\"");
  }

  @Test
  void refusesASysimageBecauseNoneCanBeCrossCompiled() {
    assertThatThrownBy(() -> WindowsLauncher.render(settings("x86_64", "windows", true, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot have a sysimage");
  }

  @Test
  void refusesAnotherOsAndAnArchWindowsDoesNotRun() {
    assertThatThrownBy(() -> WindowsLauncher.render(settings("x86_64", "linux", false, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("os must be windows");
    assertThatThrownBy(() -> WindowsLauncher.render(settings("powerpc64le", "windows", false, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arch must be");
  }

  @Test
  void refusesACpuTargetWithCharactersCmdWouldInterpret() {
    for (String bad : new String[] {"a\"&calc", "x%PATH%", "a!b", "a^b", "a|b"}) {
      assertThatThrownBy(() -> WindowsLauncher.render(settings("x86_64", "windows", false, bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cmd would interpret");
    }
    assertThat(WindowsLauncher.render(settings("x86_64", "windows", false, "generic;sandybridge,-xsaveopt,clone_all;haswell,base(1)")))
        .contains("set \"cpu_target=generic;sandybridge,-xsaveopt,clone_all;haswell,base(1)\"");
  }
}
