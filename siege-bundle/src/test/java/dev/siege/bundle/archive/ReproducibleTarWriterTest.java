package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class ReproducibleTarWriterTest {
  @Test
  void paxRecordLengthCountsItsOwnDigits() {
    // "9 a=bcd\n" is 8 bytes + 1 digit; a 98-byte body needs 3 digits once the length is counted.
    assertThat(new String(ReproducibleTarWriter.paxRecords(Map.of("a", "bc")), StandardCharsets.UTF_8))
        .isEqualTo("7 a=bc\n");
    String value = "v".repeat(92); // body 1+4+1+92+1 = 99, +2 digits = 101: three digits
    String record = new String(ReproducibleTarWriter.paxRecords(Map.of("path", value)), StandardCharsets.UTF_8);
    assertThat(record).startsWith("102 path=");
    assertThat(record.getBytes(StandardCharsets.UTF_8)).hasSize(102);
  }

  @Test
  void paxRecordLengthCountsUtf8Bytes() {
    String record = new String(ReproducibleTarWriter.paxRecords(Map.of("path", "é")), StandardCharsets.UTF_8);
    assertThat(record).isEqualTo("11 path=é\n");
  }

  @Test
  void fallbackNameIsShortAsciiAndKeepsTheDirectorySlash() {
    assertThat(ReproducibleTarWriter.fallback("ü/" + "x".repeat(200) + "/")).hasSize(99).startsWith("_/x").endsWith("/");
    assertThat(ReproducibleTarWriter.fallback("y".repeat(150))).hasSize(99);
  }

  @Test
  void longAndNonAsciiNamesAndLinkTargetsRoundTripThroughCommonsCompress() throws Exception {
    String longName = "top/" + "n".repeat(300);
    String target = "../" + "t".repeat(120);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReproducibleTarWriter tar = new ReproducibleTarWriter(out);
    tar.directory("top/dïr", 0755);
    tar.beginFile(longName, 0640, 2);
    tar.write(new byte[] {'o', 'k'}, 0, 2);
    tar.closeFile();
    tar.symlink("top/dïr/link", target, 0777);
    tar.finish();

    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry dir = in.getNextEntry();
      assertThat(dir.getName()).isEqualTo("top/dïr/");
      assertThat(dir.isDirectory()).isTrue();
      TarArchiveEntry file = in.getNextEntry();
      assertThat(file.getName()).isEqualTo(longName);
      assertThat(file.getMode() & 07777).isEqualTo(0640);
      assertThat(in.readAllBytes()).containsExactly('o', 'k');
      TarArchiveEntry link = in.getNextEntry();
      assertThat(link.isSymbolicLink()).isTrue();
      assertThat(link.getLinkName()).isEqualTo(target);
      assertThat(in.getNextEntry()).isNull();
    }
  }

  /** The entries of a small bundle-like tree, written through either writer. */
  private interface Tar {
    void directory(String name, int mode) throws IOException;

    void symlink(String name, String target, int mode) throws IOException;

    void beginFile(String name, int mode, long size) throws IOException;

    void write(byte[] bytes, int offset, int length) throws IOException;

    void closeFile() throws IOException;

    void finish() throws IOException;
  }

  private static void writeTree(Tar tar) throws IOException {
    byte[] big = new byte[ReproducibleTarWriter.BUFFER * 2 + 700];
    new Random(7).nextBytes(big);
    tar.directory("top", 0755);
    tar.directory("top/dïr", 0700);
    for (int size : new int[] {0, 1, 511, 512, 513, 1024, 70_000}) {
      tar.beginFile("top/f" + size, 0644, size);
      tar.write(big, 0, size);
      tar.closeFile();
    }
    tar.beginFile("top/dïr/big.so", 0755, big.length); // in pieces, one larger than the buffer
    tar.write(big, 0, 100);
    tar.write(big, 100, ReproducibleTarWriter.BUFFER + 5);
    tar.write(big, ReproducibleTarWriter.BUFFER + 105, big.length - ReproducibleTarWriter.BUFFER - 105);
    tar.closeFile();
    tar.beginFile("top/" + "n".repeat(150) + "/café.jl", 0600, 3);
    tar.write(new byte[] {'a', 'b', 'c'}, 0, 3);
    tar.closeFile();
    tar.symlink("top/link", "dïr/big.so", 0777);
    tar.symlink("top/far", "../".repeat(40) + "t", 0777);
    tar.finish();
  }

  @Test
  void writesTheSameBytesAsTheCommonsCompressStreamItReplaced() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CommonsCompressTarWriter reference = new CommonsCompressTarWriter(expected);
    writeTree(new Tar() {
      public void directory(String n, int m) throws IOException { reference.directory(n, m); }
      public void symlink(String n, String t, int m) throws IOException { reference.symlink(n, t, m); }
      public void beginFile(String n, int m, long s) throws IOException { reference.beginFile(n, m, s); }
      public void write(byte[] b, int o, int l) throws IOException { reference.write(b, o, l); }
      public void closeFile() throws IOException { reference.closeFile(); }
      public void finish() throws IOException { reference.finish(); }
    });
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    ReproducibleTarWriter writer = new ReproducibleTarWriter(actual);
    writeTree(new Tar() {
      public void directory(String n, int m) throws IOException { writer.directory(n, m); }
      public void symlink(String n, String t, int m) throws IOException { writer.symlink(n, t, m); }
      public void beginFile(String n, int m, long s) throws IOException { writer.beginFile(n, m, s); }
      public void write(byte[] b, int o, int l) throws IOException { writer.write(b, o, l); }
      public void closeFile() throws IOException { writer.closeFile(); }
      public void finish() throws IOException { writer.finish(); }
    });

    assertThat(actual.size()).isEqualTo(expected.size());
    assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void aFileGivenMoreOrFewerBytesThanItsHeaderAnnouncesIsAnError() throws Exception {
    ReproducibleTarWriter tar = new ReproducibleTarWriter(new ByteArrayOutputStream());
    tar.beginFile("top/a", 0644, 3);
    assertThatThrownBy(() -> tar.write(new byte[4], 0, 4)).isInstanceOf(IOException.class).hasMessageContaining("top/a");
    tar.write(new byte[2], 0, 2);
    assertThatThrownBy(tar::closeFile).isInstanceOf(IOException.class).hasMessageContaining("2 of the 3 bytes");
  }
}
