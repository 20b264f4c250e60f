package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {
  @Test
  void formatFollowsTheFileExtension() {
    assertThat(ArchiveFormat.forFileName(Path.of("out/b.tar.gz"))).contains(ArchiveFormat.TAR_GZ);
    assertThat(ArchiveFormat.forFileName(Path.of("B.TGZ"))).contains(ArchiveFormat.TAR_GZ);
    assertThat(ArchiveFormat.forFileName(Path.of("b.tar.zst"))).contains(ArchiveFormat.TAR_ZST);
    assertThat(ArchiveFormat.forFileName(Path.of("b.tzst"))).contains(ArchiveFormat.TAR_ZST);
    assertThat(ArchiveFormat.forFileName(Path.of("b.zip"))).isEmpty();
  }

  @Test
  void namesAndDefaultLevelsAreThoseOfGzipAndZstd() {
    assertThat(ArchiveFormat.named("TAR.ZST")).contains(ArchiveFormat.TAR_ZST);
    assertThat(ArchiveFormat.named("tar.xz")).isEmpty();
    assertThat(ArchiveFormat.TAR_GZ.defaultLevel()).isEqualTo(6);
    assertThat(ArchiveFormat.TAR_ZST.defaultLevel()).isEqualTo(3);
    assertThat(ArchiveFormat.TAR_GZ).hasToString("tar.gz");
  }
}
