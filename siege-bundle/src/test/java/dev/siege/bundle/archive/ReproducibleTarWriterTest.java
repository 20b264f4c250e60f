package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
}
