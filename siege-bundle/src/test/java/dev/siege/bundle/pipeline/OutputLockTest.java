package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
  @TempDir Path dir;

  @Test
  void secondBuildOnTheSameOutputIsRefusedWithTheOwnersPid() throws Exception {
    Path output = dir.resolve("build");
    try (OutputLock first = OutputLock.acquire(output)) {
      assertThatThrownBy(() -> OutputLock.acquire(output))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("another siege build is writing")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void releasingRemovesTheLockFileAndAllowsTheNextBuild() throws Exception {
    Path output = dir.resolve("build");
    OutputLock.acquire(output).close();
    assertThat(OutputLock.lockFile(output)).doesNotExist();
    try (OutputLock again = OutputLock.acquire(output)) {
      assertThat(OutputLock.lockFile(output)).exists();
    }
  }

  @Test
  void lockFileSitsBesideTheOutput() {
    assertThat(OutputLock.lockFile(dir.resolve("out"))).isEqualTo(dir.resolve(".out.siege-lock"));
  }

  @Test
  void unwritableParentIsAClearError() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> OutputLock.acquire(file.resolve("build")))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("cannot create the lock file");
  }
}
