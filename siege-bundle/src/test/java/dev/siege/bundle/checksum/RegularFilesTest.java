package dev.siege.bundle.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFilesTest {
  @TempDir Path dir;

  @Test
  void readsARegularFileUpToTheLimit() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "0123456789");

    assertThat(RegularFiles.read(f, 10)).hasSize(10);
  }

  @Test
  void aFileOverTheLimitIsRefusedNamingItAndTheLimit() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "0123456789x");

    assertThatThrownBy(() -> RegularFiles.read(f, 10))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.file()).contains(f))
        .hasMessageContaining("larger than 10 bytes");
  }

  @Test
  void aFifoIsRefusedWithoutBeingOpened() throws Exception {
    Path fifo = dir.resolve("fifo");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();

    assertThatThrownBy(() -> RegularFiles.read(fifo, 100)).hasMessage("is a fifo, not a regular file");
  }

  @Test
  void aLinkToDevZeroIsRefusedAsADevice() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));

    assertThatThrownBy(() -> RegularFiles.read(link, 100)).hasMessage("is a device, not a regular file");
  }

  @Test
  void aLinkLoopAndADanglingLinkSayWhatTheyAre() throws Exception {
    Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
    Files.createSymbolicLink(dir.resolve("d"), Path.of("nowhere"));

    assertThat(RegularFiles.notRegular(dir.resolve("a"))).contains("a symbolic link loop");
    assertThat(RegularFiles.notRegular(dir.resolve("d"))).contains("a dangling symbolic link");
    assertThat(RegularFiles.notRegular(dir)).contains("a directory");
  }

  @Test
  void aHugeSparseChecksumFileIsRefusedAtOnce() throws Exception {
    Path sums = dir.resolve("SHA256SUMS");
    try (RandomAccessFile f = new RandomAccessFile(sums.toFile(), "rw")) {
      f.setLength(3L << 30); // 3 GB of holes: no disk used
    }

    assertThatThrownBy(() -> Sha256Sums.read(sums))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.file()).contains(sums))
        .hasMessageContaining("larger than " + Sha256Sums.MAX_BYTES + " bytes");
  }
}
