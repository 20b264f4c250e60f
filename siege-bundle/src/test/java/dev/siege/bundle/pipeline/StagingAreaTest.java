package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {
  @TempDir Path dir;

  private Path bundle(String name, String marker) throws Exception {
    Path b = dir.resolve(name);
    Files.createDirectories(b);
    Files.writeString(b.resolve("siege-bundle.toml"), "marker = \"" + marker + "\"\n");
    return b;
  }

  @Test
  void swapReplacesThePreviousBundleOnlyAtTheEnd() throws Exception {
    Path output = bundle("build", "old");
    StagingArea area = StagingArea.forOutput(output);
    Path staging = area.prepare();
    Files.writeString(staging.resolve("siege-bundle.toml"), "marker = \"new\"\n");

    assertThat(Files.readString(output.resolve("siege-bundle.toml"))).contains("old");
    area.swapIn();

    assertThat(Files.readString(output.resolve("siege-bundle.toml"))).contains("new");
    assertThat(staging).doesNotExist();
    assertThat(dir.resolve(".build.siege-previous")).doesNotExist();
  }

  @Test
  void discardLeavesThePreviousBundleUntouched() throws Exception {
    Path output = bundle("build", "old");
    StagingArea area = StagingArea.forOutput(output);
    Path staging = area.prepare();
    Files.createDirectories(staging.resolve("depot/packages/A"));
    area.discard();
    assertThat(staging).doesNotExist();
    assertThat(Files.readString(output.resolve("siege-bundle.toml"))).contains("old");
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotABundle() throws Exception {
    Path output = dir.resolve("home");
    Files.createDirectories(output);
    Files.writeString(output.resolve("thesis.tex"), "precious");
    assertThatThrownBy(() -> StagingArea.forOutput(output).prepare())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("is not a SIEGE bundle");
    assertThat(output.resolve("thesis.tex")).hasContent("precious");
  }

  @Test
  void anEmptyOrMissingOutputIsFine() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThat(StagingArea.forOutput(dir.resolve("empty")).prepare()).isDirectory();
    assertThat(StagingArea.forOutput(dir.resolve("missing")).prepare()).isDirectory();
  }

  @Test
  void restoresABundleThatAKilledSwapLeftAside() throws Exception {
    bundle(".build.siege-previous", "old");
    StagingArea area = StagingArea.forOutput(dir.resolve("build"));
    area.prepare();
    assertThat(Files.readString(dir.resolve("build/siege-bundle.toml"))).contains("old");
  }

  @Test
  void removesLeftoversOfAKilledBuildIncludingReadOnlyPackageDirs() throws Exception {
    Path leftover = dir.resolve(".build.siege-staging/depot/packages/A/xYz12");
    Files.createDirectories(leftover);
    Files.writeString(leftover.resolve("A.jl"), "module A end");
    // Pkg makes installed package trees read-only.
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("r-xr-xr-x"));
    Path staging = StagingArea.forOutput(dir.resolve("build")).prepare();
    assertThat(staging).isEmptyDirectory();
  }
}
