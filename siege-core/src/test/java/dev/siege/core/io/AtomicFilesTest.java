package dev.siege.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void replacesTheFileAndLeavesNoTemporaryFileBehind(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("a.toml"), "old");
    AtomicFiles.writeString(f, "new");
    assertThat(f).hasContent("new");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(f);
    }
  }

  @Test
  void newFilesGetTheUmaskPermissionsOfAnyOtherFile(@TempDir Path dir) throws Exception {
    Path other = Files.writeString(dir.resolve("other"), "x");
    AtomicFiles.writeString(dir.resolve("a"), "y");
    assertThat(Files.getPosixFilePermissions(dir.resolve("a"))).isEqualTo(Files.getPosixFilePermissions(other));
  }

  @Test
  void explicitPermissionsAreApplied(@TempDir Path dir) throws Exception {
    AtomicFiles.writeString(dir.resolve("run"), "#!/bin/sh\n", PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.isExecutable(dir.resolve("run"))).isTrue();
  }

  @Test
  void aFailedWriteLeavesTheOldFile() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path f = Files.createDirectories(fs.getPath("/d")).resolve("a");
      Files.writeString(f, "old");
      Files.createDirectories(fs.getPath("/d/blocker"));
      // The target is a non-empty directory: the rename fails after the temporary file was written.
      Files.writeString(fs.getPath("/d/blocker/x"), "x");
      assertThatThrownBy(() -> AtomicFiles.writeString(fs.getPath("/d/blocker"), "new")).isInstanceOf(java.io.IOException.class);
      assertThat(f).hasContent("old");
      try (Stream<Path> s = Files.list(fs.getPath("/d"))) {
        assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "blocker");
      }
    }
  }
}
