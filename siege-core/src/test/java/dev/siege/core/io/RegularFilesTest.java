package dev.siege.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.siege.core.SiegeException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files (FIFOs, links, sockets, devices do not exist on jimfs). */
public class RegularFilesTest {
  @TempDir Path dir;

  /** {@code mkfifo FIFO}: Java cannot make one. */
  public static Path mkfifo(Path fifo) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return fifo;
  }

  private SiegeException readFails(Path file, long limit) {
    return catchThrowableOfType(SiegeException.class, () -> RegularFiles.read(file, limit));
  }

  @Test
  void readsARegularFileWhole() throws Exception {
    byte[] content = "x = 1\n".repeat(10_000).getBytes();
    Path f = Files.write(dir.resolve("f.toml"), content);
    assertThat(RegularFiles.read(f, RegularFiles.MIB)).isEqualTo(content);
    assertThat(RegularFiles.read(Files.write(dir.resolve("empty"), new byte[0]), 10)).isEmpty();
  }

  @Test
  void readsThroughASymbolicLinkToARegularFile() throws Exception {
    Files.writeString(dir.resolve("real.toml"), "a = 1\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.toml"), Path.of("real.toml"));
    assertThat(RegularFiles.read(link, 100)).isEqualTo("a = 1\n".getBytes());
  }

  @Test
  void refusesAFifoWithoutOpeningIt() throws Exception {
    // Opening a FIFO for reading blocks until a writer comes: the test would hang, not fail.
    Path fifo = mkfifo(dir.resolve("Manifest.toml"));
    SiegeException e = readFails(fifo, 100);
    assertThat(e.getMessage()).startsWith("is a FIFO");
    assertThat(e.file()).contains(fifo);
    assertThat(e.hint()).isPresent();
  }

  @Test
  void refusesALinkToAFifoSayingBoth() throws Exception {
    mkfifo(dir.resolve("pipe"));
    Path link = Files.createSymbolicLink(dir.resolve("Project.toml"), Path.of("pipe"));
    assertThat(readFails(link, 100).getMessage())
        .startsWith("is a FIFO")
        .contains("through the symbolic link to pipe");
  }

  @Test
  void refusesASymbolicLinkLoop() throws Exception {
    Path a = dir.resolve("a.toml");
    Files.createSymbolicLink(a, Path.of("b.toml"));
    Files.createSymbolicLink(dir.resolve("b.toml"), Path.of("a.toml"));
    assertThat(readFails(a, 100).getMessage()).startsWith("is a symbolic link loop");
    Path self = Files.createSymbolicLink(dir.resolve("self.toml"), Path.of("self.toml"));
    assertThat(readFails(self, 100).getMessage()).startsWith("is a symbolic link loop");
  }

  @Test
  void refusesADanglingLinkNamingItsTarget() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("Project.toml"), Path.of("../gone/Project.toml"));
    SiegeException e = readFails(link, 100);
    assertThat(e.getMessage()).isEqualTo("is a dangling symbolic link to ../gone/Project.toml");
    assertThat(e.hint()).contains("fix or remove the symbolic link");
  }

  @Test
  void refusesADirectory() throws Exception {
    assertThat(readFails(Files.createDirectory(dir.resolve("d")), 100).getMessage()).startsWith("is a directory");
  }

  @Test
  void refusesADeviceSuchAsDevZero() throws Exception {
    assertThat(readFails(Path.of("/dev/zero"), 100).getMessage()).startsWith("is a device");
    Path link = Files.createSymbolicLink(dir.resolve("Manifest.toml"), Path.of("/dev/zero"));
    assertThat(readFails(link, 100).getMessage()).startsWith("is a device");
    Files.delete(link);
  }

  @Test
  void refusesASocket() throws Exception {
    Path sock = dir.resolve("Project.toml");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      assertThat(readFails(sock, 100).getMessage()).startsWith("is a socket");
    }
  }

  @Test
  void refusesAMissingFile() {
    assertThat(readFails(dir.resolve("nope"), 100).getMessage()).isEqualTo("does not exist");
  }

  @Test
  void refusesAFileOverTheLimitFromItsSizeBeforeReadingIt() throws Exception {
    // A sparse 20 MiB file: refused by its size, so not a byte of it is read.
    Path big = dir.resolve("Manifest.toml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(20 * RegularFiles.MIB);
    }
    SiegeException e = readFails(big, 16 * RegularFiles.MIB);
    assertThat(e.getMessage()).isEqualTo("is larger than the 16 MiB limit (20.0 MiB)");
    assertThat(e.file()).contains(big);
  }

  @Test
  void aFileOfExactlyTheLimitIsRead() throws Exception {
    Path f = Files.write(dir.resolve("f"), new byte[100]);
    assertThat(RegularFiles.read(f, 100)).hasSize(100);
    assertThat(readFails(f, 99).getMessage()).startsWith("is larger than the 99 bytes limit");
  }

  @Test
  void readingStopsAtTheLimitWhenTheSizeIsNotKnownInAdvance() {
    // /proc files report size 0 and have content: the read itself must stop at the limit.
    SiegeException e = readFails(Path.of("/proc/self/maps"), 10);
    assertThat(e.getMessage()).startsWith("is larger than the 10 bytes limit");
  }

  @Test
  void refusesAnUnreadableFileSayingSo() throws Exception {
    Path f = Files.writeString(dir.resolve("Project.toml"), "a = 1\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    assertThat(Unprivileged.read(f)).isEqualTo(f + ": is not readable (permission denied)");
  }

  @Test
  void absentMeansNothingThereNotEvenALink() throws Exception {
    assertThat(RegularFiles.exists(dir.resolve("nope"))).isFalse();
    assertThat(RegularFiles.exists(Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nope")))).isTrue();
    assertThat(RegularFiles.problem(Files.writeString(dir.resolve("ok"), ""))).isEmpty();
  }

  @Test
  void rejectsAnAbsurdLimit() {
    assertThatThrownBy(() -> RegularFiles.read(dir, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
