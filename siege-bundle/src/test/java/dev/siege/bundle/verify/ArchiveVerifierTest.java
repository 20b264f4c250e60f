package dev.siege.bundle.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.Finding.Kind;
import dev.siege.bundle.verify.TestTar.Compression;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveVerifierTest {
  @TempDir Path dir;
  private final List<SiegeEvent> events = new ArrayList<>();
  private final ArchiveVerifier verifier = new ArchiveVerifier(events::add);

  @ParameterizedTest
  @EnumSource(Compression.class)
  void bundleUnderATopLevelDirectoryIsCleanInEveryCompression(Compression c) throws Exception {
    Path archive = TestTar.bundle("mybundle", false).write(dir.resolve("b.tar.x"), c);

    VerifyReport report = verifier.verify(archive);

    assertThat(report.findings()).isEmpty();
    assertThat(report.archive()).isTrue();
    assertThat(report.files()).isEqualTo(8); // six files, metadata, SHA256SUMS
  }

  @Test
  void flatBundleWithChecksumsFirstIsClean() throws Exception {
    Path archive = TestTar.bundle("", true).write(dir.resolve("b.tar.zst"), Compression.ZSTD);

    assertThat(verifier.verify(archive).findings()).isEmpty();
  }

  @Test
  void tamperedFileIsFoundWhetherChecksumsComeFirstOrLast() throws Exception {
    for (boolean first : List.of(true, false)) {
      Path archive =
          TestTar.bundle("b", first).replacing("b/env/Project.toml", "[deps]\n").write(dir.resolve("t.tgz"), Compression.GZIP);

      assertThat(verifier.verify(archive).findings())
          .as("SHA256SUMS first: %s", first)
          .containsExactly(new Finding(Kind.TAMPERED, "env/Project.toml", "sha256 differs from SHA256SUMS"));
    }
  }

  @Test
  void missingExtraAndNonExecutableLauncherAreEachReported() throws Exception {
    Path archive =
        TestTar.bundle("b", false)
            .without("b/env/Manifest.toml")
            .file("b/depot/packages/A/x1Yz2/src/extra.jl", "x")
            .withMode("b/bin/julia", 0644)
            .write(dir.resolve("t.tar.gz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(
            tuple(Kind.MISSING, "env/Manifest.toml"),
            tuple(Kind.EXTRA, "depot/packages/A/x1Yz2/src/extra.jl"),
            tuple(Kind.LAUNCHER, "bin/julia"));
  }

  @Test
  void maliciousEntriesAreReportedAndNothingIsExtracted() throws Exception {
    Path inner = Files.createDirectories(dir.resolve("inner"));
    Path archive =
        TestTar.bundle("b", false)
            .file("../evil", "x")
            .file("/etc/x", "x")
            .file("b/../../evil2", "x")
            .symlink("b/depot/up", "../../x")
            .symlink("b/depot/abs", "/etc/passwd")
            .hardLink("b/depot/hard", "../outside")
            .hardLink("b/depot/hardabs", "/etc/shadow")
            .device("b/depot/sda")
            .fifo("b/depot/pipe")
            .write(inner.resolve("evil.tar.gz"), Compression.GZIP);

    VerifyReport report = verifier.verify(archive);

    assertThat(report.findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(
            tuple(Kind.UNSAFE_PATH, "../evil"),
            tuple(Kind.UNSAFE_PATH, "/etc/x"),
            tuple(Kind.UNSAFE_PATH, "b/../../evil2"),
            tuple(Kind.SPECIAL_FILE, "b/depot/sda"),
            tuple(Kind.SPECIAL_FILE, "b/depot/pipe"),
            tuple(Kind.UNSAFE_LINK, "b/depot/up"),
            tuple(Kind.UNSAFE_LINK, "b/depot/abs"),
            tuple(Kind.UNSAFE_LINK, "b/depot/hard"),
            tuple(Kind.UNSAFE_LINK, "b/depot/hardabs"));
    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left).containsExactlyInAnyOrder(dir, inner, archive);
    }
  }

  @Test
  void symlinkThatOnlyLeavesThroughAnotherLinkIsReported() throws Exception {
    // a/b -> .. stays inside; c -> a/b/../.. leaves, because a/b expands before the ".."
    Path archive =
        TestTar.bundle("b", false)
            .dir("b/a")
            .symlink("b/a/b", "..")
            .symlink("b/c", "a/b/../..")
            .write(dir.resolve("t.tar.gz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.UNSAFE_LINK, "b/c"));
  }

  @Test
  void linkToASiblingOfTheBundleDirectoryLeavesTheBundle() throws Exception {
    Path archive = TestTar.bundle("b", false).symlink("b/depot/sib", "../../other/x").write(dir.resolve("t.tgz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.describe()).isEqualTo(
            "unsafe-link: b/depot/sib (symbolic link leaving the bundle directory b/: target ../../other/x leaves b/)"));
  }

  @Test
  void hardLinkInsideTheBundleCountsAsItsTargetsContent() throws Exception {
    Path archive = TestTar.bundle("b", false).hardLink("b/env/Copy.toml", "b/env/Project.toml").write(dir.resolve("t.tgz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .containsExactly(new Finding(Kind.EXTRA, "env/Copy.toml", "not listed in SHA256SUMS"));
  }

  @Test
  void duplicateEntryIsReported() throws Exception {
    Path archive = TestTar.bundle("b", false).file("b/env/Project.toml", "second copy").write(dir.resolve("t.tgz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.DUPLICATE, "b/env/Project.toml"), tuple(Kind.TAMPERED, "env/Project.toml"));
  }

  @Test
  void corruptMetadataIsReported() throws Exception {
    Path archive = TestTar.bundle("b", false).replacing("b/siege-bundle.toml", "format = [").write(dir.resolve("t.tgz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.TAMPERED, "siege-bundle.toml"), tuple(Kind.METADATA, "siege-bundle.toml"));
  }

  @Test
  void archiveWithoutMetadataIsNotASiegeBundle() throws Exception {
    Path archive = new TestTar().dir("src").file("src/a.jl", "x").write(dir.resolve("t.tgz"), Compression.GZIP);

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind)
        .containsExactly(Kind.NOT_A_BUNDLE);
  }

  @Test
  void archiveChecksumBesideTheArchiveIsChecked() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    Path sumFile = dir.resolve("b.tar.gz.sha256");
    Sha256Sums.of(java.util.Map.of("b.tar.gz", Sha256Sums.hash(archive))).write(sumFile);
    assertThat(verifier.verify(archive).findings()).isEmpty();

    Sha256Sums.of(java.util.Map.of("b.tar.gz", "0".repeat(64))).write(sumFile);
    assertThat(verifier.verify(archive).findings())
        .containsExactly(new Finding(Kind.ARCHIVE_CHECKSUM, "b.tar.gz", "sha256 of the archive differs from b.tar.gz.sha256"));

    Files.writeString(sumFile, "not a checksum\n");
    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.ARCHIVE_CHECKSUM, "b.tar.gz.sha256"));
  }

  @Test
  void archiveChecksumFileThatIsAFifoIsReportedWithoutBlocking() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    Fifos.make(dir.resolve("b.tar.gz.sha256"));

    assertThat(verifier.verify(archive).findings())
        .containsExactly(new Finding(Kind.ARCHIVE_CHECKSUM, "b.tar.gz.sha256", "is a fifo, not a regular file"));
  }

  @Test
  void archiveChecksumFileLinkedToDevZeroIsRefusedWithoutReadingIt() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    Files.createSymbolicLink(dir.resolve("b.tar.gz.sha256"), Path.of("/dev/zero"));

    assertThat(verifier.verify(archive).findings())
        .containsExactly(new Finding(Kind.ARCHIVE_CHECKSUM, "b.tar.gz.sha256", "is a device, not a regular file"));
  }

  @Test
  void archiveChecksumFileOverItsLimitIsRefusedNamingTheLimit() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("b.tar.gz.sha256").toFile(), "rw")) {
      f.setLength(3L << 30);
    }

    assertThat(verifier.verify(archive).findings())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("larger than " + Sha256Sums.MAX_ARCHIVE_SUM_BYTES + " bytes"));
  }

  @Test
  void archiveThatIsAFifoIsAnErrorSayingSo() throws Exception {
    Path fifo = Fifos.make(dir.resolve("b.tar.gz"));

    assertThatThrownBy(() -> verifier.verify(fifo)).hasMessageContaining("is a fifo, not a regular file");
  }

  @Test
  void truncatedArchiveIsReportedAsCorruptNotThrown() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));

    assertThat(verifier.verify(archive).findings())
        .extracting(Finding::kind)
        .containsExactly(Kind.CORRUPT);
  }

  @Test
  void flippedByteInTheGzipStreamIsReported() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.gz"), Compression.GZIP);
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length - 6] ^= 0x55; // inside the trailer's CRC32
    Files.write(archive, bytes);

    assertThat(verifier.verify(archive).findings()).extracting(Finding::kind).contains(Kind.CORRUPT);
  }

  @Test
  void fileThatIsNoArchiveIsAnError() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.tar.gz"), "hello");

    assertThatThrownBy(() -> verifier.verify(text))
        .isInstanceOf(SiegeException.class)
        .hasMessage("not a .tar.gz, .tar.zst or .tar archive");
    assertThatThrownBy(() -> verifier.verify(dir.resolve("absent.tar.gz")))
        .isInstanceOf(SiegeException.class)
        .hasMessage("no such file");
  }

  @Test
  void progressCountsCompressedBytesUpToTheArchiveSize() throws Exception {
    Path archive = TestTar.bundle("b", false).write(dir.resolve("b.tar.zst"), Compression.ZSTD);

    verifier.verify(archive);

    long size = Files.size(archive);
    assertThat(events).last().isEqualTo(new SiegeEvent.Progress("verify", size, size, SiegeEvent.Unit.BYTES));
  }

  @Test
  void archiveMadeBySystemTarOfABundleDirectoryIsClean() throws Exception {
    Path bundle = TestBundle.write(Files.createDirectories(dir.resolve("my bundle")));
    Path archive = dir.resolve("my bundle.tar.gz");
    run(dir, "tar", "-czf", archive.toString(), "my bundle");
    run(dir, "sh", "-c", "sha256sum 'my bundle.tar.gz' > 'my bundle.tar.gz.sha256'");
    assertThat(Files.exists(bundle.resolve("bin/julia"))).isTrue();

    assertThat(verifier.verify(archive).findings()).isEmpty();

    Path flat = dir.resolve("flat.tar.gz");
    run(bundle, "tar", "-czf", flat.toString(), ".");
    assertThat(verifier.verify(flat).findings()).isEmpty();
  }

  private static void run(Path cwd, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }
}
