package dev.siege.bundle.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeRecordTest {
  @TempDir Path dir;

  private static TreeRecord.Entry file(int mode) {
    return new TreeRecord.Entry(TreeRecord.Type.FILE, mode, null);
  }

  @Test
  void recordsDirectoriesFilesAndLinksWithModesButNotTheChecksumsOrItself() throws Exception {
    Path root = Files.createDirectory(dir.resolve("b"));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/julia"), "#!/bin/bash\n");
    Files.setPosixFilePermissions(root.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(root.resolve("bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(root.resolve("bin/j"), Path.of("julia"));
    Files.writeString(root.resolve("SHA256SUMS"), "");
    Files.writeString(root.resolve(TreeRecord.FILE_NAME), "");

    assertThat(TreeRecord.compute(root).format())
        .isEqualTo("# siege tree record 1\nd 0755 .\nd 0755 bin\nl 0777 bin/j\tjulia\nf 0750 bin/julia\n");
  }

  @Test
  void keepsTheSetuidSetgidAndStickyBits() throws Exception {
    Path root = Files.createDirectory(dir.resolve("b"));
    Files.writeString(root.resolve("x"), "");
    Files.setAttribute(root.resolve("x"), "unix:mode", 06755);

    assertThat(TreeRecord.compute(root).entries().get("x")).isEqualTo(file(06755));
  }

  @Test
  void namesWithBackslashNewlineOrTabAreEscapedAsCoreutilsDoesAndReadBack() throws Exception {
    Map<String, TreeRecord.Entry> entries = new TreeMap<>();
    entries.put("a\\b", file(0644));
    entries.put("new\nline", file(0644));
    entries.put("l\tnk", new TreeRecord.Entry(TreeRecord.Type.LINK, 0777, "t\target -> x"));
    entries.put("plain name with spaces", file(0600));
    TreeRecord record = new TreeRecord(new TreeMap<>(entries));

    String text = record.format();

    assertThat(text.split("\n")).contains("\\f 0644 a\\\\b", "\\f 0644 new\\nline", "\\l 0777 l\\tnk\tt\\target -> x",
        "f 0600 plain name with spaces");
    assertThat(TreeRecord.parse(text.getBytes(StandardCharsets.UTF_8), Path.of("BUNDLE-TREE"))).isEqualTo(record);
  }

  @Test
  void aFileWithoutTheHeaderIsRefusedNamingTheFormat() {
    assertThatThrownBy(() -> TreeRecord.parse("f 0644 x\n".getBytes(StandardCharsets.UTF_8), Path.of("BUNDLE-TREE")))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("not a tree record of a known format");
  }

  @Test
  void aMalformedLineIsAnErrorWithItsLineNumber() {
    byte[] text = (TreeRecord.HEADER + "\nd 0755 .\nf 0999 x\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TreeRecord.parse(text, Path.of("BUNDLE-TREE")))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.line()).hasValue(3))
        .hasMessageContaining("not a tree record line");
  }

  @Test
  void writeBesideListsTheRecordInSha256SumsWhichKeepsItsModeAndTheRecordTakesIt() throws Exception {
    Path root = Files.createDirectory(dir.resolve("b"));
    Files.writeString(root.resolve("a"), "a");
    Sha256Sums sums = Sha256Sums.compute(root, List.of("SHA256SUMS"));
    sums.write(root.resolve("SHA256SUMS"));
    Files.setPosixFilePermissions(root.resolve("SHA256SUMS"), PosixFilePermissions.fromString("r--r-----"));

    Sha256Sums updated = TreeRecord.writeBeside(root, sums);

    assertThat(Sha256Sums.read(root.resolve("SHA256SUMS"))).isEqualTo(updated);
    assertThat(updated.entries()).containsKeys("a", TreeRecord.FILE_NAME);
    assertThat(updated.entries().get(TreeRecord.FILE_NAME)).isEqualTo(Sha256Sums.hash(root.resolve(TreeRecord.FILE_NAME)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("SHA256SUMS")))).isEqualTo("r--r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(TreeRecord.FILE_NAME))))
        .isEqualTo("r--r-----");
    assertThat(TreeRecord.read(root.resolve(TreeRecord.FILE_NAME)).entries()).containsOnlyKeys(".", "a");
  }

  @Test
  void writeBesideNeverWritesThroughARecordHardLinkedFromAnotherBundle() throws Exception {
    Path old = Files.writeString(dir.resolve("old-record"), "old bundle's record\n");
    Path root = Files.createDirectory(dir.resolve("b"));
    Files.createLink(root.resolve(TreeRecord.FILE_NAME), old);
    Sha256Sums sums = Sha256Sums.compute(root, List.of("SHA256SUMS"));
    sums.write(root.resolve("SHA256SUMS"));

    TreeRecord.writeBeside(root, sums);

    assertThat(old).hasContent("old bundle's record");
    assertThat(root.resolve(TreeRecord.FILE_NAME)).content().startsWith(TreeRecord.HEADER);
  }

  @Test
  void aFifoInTheTreeIsRefused() throws Exception {
    Path root = Files.createDirectory(dir.resolve("b"));
    new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start().waitFor();

    assertThatThrownBy(() -> TreeRecord.compute(root)).hasMessageContaining("special file");
  }
}
