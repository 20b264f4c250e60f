package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.julia.testing.TestTarball;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzUnpackerTest {

  @TempDir Path tmp;

  private Path write(byte[] tarGz) throws Exception {
    return Files.write(tmp.resolve("a.tar.gz"), tarGz);
  }

  @Test
  void keepsSymlinksExecBitsAndFileModes() throws Exception {
    Path out = tmp.resolve("out");
    TarGzUnpacker.unpack(write(TestTarball.fakeJulia("1.10.5")), out);

    Path root = out.resolve("julia-1.10.5");
    assertThat(Files.isExecutable(root.resolve("bin/julia"))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/julia")))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("lib/libjulia.so.1.10.5")))).isEqualTo("rw-r--r--");
    Path link = root.resolve("lib/libjulia.so");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("libjulia.so.1.10.5"));
    assertThat(Files.readString(link)).isEqualTo("ELF");
  }

  @Test
  void hardLinksInsideTheArchiveBecomeLinksOrCopies() throws Exception {
    Path out = tmp.resolve("out");
    TarGzUnpacker.unpack(write(new TestTarball().file("a/x", 0755, "data").hardlink("a/y", "a/x").bytes()), out);
    assertThat(Files.readString(out.resolve("a/y"))).isEqualTo("data");
  }

  @Test
  void refusesEntriesEscapingTheTarget() throws Exception {
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(new TestTarball().file("../evil", 0644, "x").bytes()), out))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class).hasMessageContaining("escapes");
    assertThat(tmp.resolve("evil")).doesNotExist();
  }

  @Test
  void refusesAbsoluteEntryNames() throws Exception {
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(new TestTarball().file("/tmp/evil", 0644, "x").bytes()), tmp.resolve("out")))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class);
  }

  @Test
  void refusesSymlinksPointingOutside() throws Exception {
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(new TestTarball().symlink("lib/x", "../../etc/passwd").bytes()), tmp.resolve("out")))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(new TestTarball().symlink("x", "/etc/passwd").bytes()), tmp.resolve("out2")))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class);
  }

  @Test
  void refusesWritingThroughASymlink() throws Exception {
    byte[] tarGz = new TestTarball().dir("d/", 0755).symlink("d/sub", ".").file("d/sub/f", 0644, "x").bytes();
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(tarGz), out))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class).hasMessageContaining("symbolic link");
    assertThat(Files.exists(out.resolve("d/f"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void readOnlyDirectoriesStayOwnerWritableSoTheTreeCanBeMoved() throws Exception {
    Path out = tmp.resolve("out");
    TarGzUnpacker.unpack(write(new TestTarball().dir("ro/", 0555).file("ro/f", 0444, "x").bytes()), out);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ro")))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void corruptArchiveIsAnIoError() throws Exception {
    byte[] good = TestTarball.fakeJulia("1.10.5");
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    assertThatThrownBy(() -> TarGzUnpacker.unpack(write(cut), tmp.resolve("out"))).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void refusesFifosAndDeviceNodesInsteadOfMakingEmptyFiles() throws Exception {
    for (byte kind : new byte[] {org.apache.commons.compress.archivers.tar.TarConstants.LF_FIFO,
        org.apache.commons.compress.archivers.tar.TarConstants.LF_CHR,
        org.apache.commons.compress.archivers.tar.TarConstants.LF_BLK}) {
      Path out = tmp.resolve("out-" + kind);
      byte[] tarball = new TestTarball().file("julia/bin/julia", 0755, "x").special("julia/lib/pipe", kind).bytes();

      assertThatThrownBy(() -> TarGzUnpacker.unpack(write(tarball), out))
          .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
          .hasMessageContaining("unsupported entry type").hasMessageContaining("julia/lib/pipe");
      assertThat(out.resolve("julia/lib/pipe")).doesNotExist();
    }
  }
}
