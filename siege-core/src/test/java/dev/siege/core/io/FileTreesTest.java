package dev.siege.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path dir;

  @Test
  void deletesATreeWithReadOnlyDirectoriesLikePkgInstallsThem() throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("depot/packages/A/xYz12/src"));
    Files.writeString(pkg.resolve("A.jl"), "module A end");
    Files.setPosixFilePermissions(pkg, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(pkg.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
    FileTrees.delete(dir.resolve("depot"));
    assertThat(dir.resolve("depot")).doesNotExist();
  }

  @Test
  void removesALinkWithoutTouchingItsTarget() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("keep.txt"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    FileTrees.delete(link);
    assertThat(link).doesNotExist();
    assertThat(target.resolve("keep.txt")).hasContent("keep");
  }

  @Test
  void aMissingPathIsNothingToDo() throws Exception {
    FileTrees.delete(dir.resolve("missing"));
    FileTrees.deleteQuietly(null);
    assertThat(dir).isEmptyDirectory();
  }
}
