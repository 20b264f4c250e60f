package dev.siege.bundle.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.siege.bundle.archive.ArchiveResult;
import dev.siege.bundle.archive.BundleArchiver;
import dev.siege.bundle.verify.Finding.Kind;
import dev.siege.core.event.SiegeListener;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code siege verify} of an archive split into parts, and of a self-extracting {@code .run}. */
class ArchivePartsTest {
  @TempDir Path dir;
  private final ArchiveVerifier verifier = new ArchiveVerifier(SiegeListener.NONE);

  private ArchiveResult split(String name) throws Exception {
    Path bundle = TestBundle.writeWithRecord(dir.resolve("mybundle"));
    return BundleArchiver.builder(bundle).output(dir.resolve(name)).threads(1).split(200).write();
  }

  @Test
  void partsAreVerifiedAsTheyAreByAnyPartOrByTheWholeName() throws Exception {
    ArchiveResult result = split("b.tar.gz");
    assertThat(result.files()).hasSizeGreaterThan(1);

    for (Path target : new Path[] {dir.resolve("b.tar.gz"), result.files().get(1)}) {
      VerifyReport report = verifier.verify(target);
      assertThat(report.findings()).isEmpty();
      assertThat(report.files()).isPositive();
    }
  }

  @Test
  void alteredPartIsFoundByItsOwnChecksumAndTheWhole() throws Exception {
    ArchiveResult result = split("b.tar.zst");
    Path second = result.files().get(1);
    try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
      f.seek(10);
      int b = f.read();
      f.seek(10);
      f.write(b ^ 1);
    }

    VerifyReport report = verifier.verify(dir.resolve("b.tar.zst"));

    assertThat(report.findings())
        .extracting(Finding::kind, Finding::path)
        .contains(tuple(Kind.ARCHIVE_CHECKSUM, "b.tar.zst.part-002"), tuple(Kind.ARCHIVE_CHECKSUM, "b.tar.zst"));
  }

  @Test
  void truncatedOrMissingPartIsRefused() throws Exception {
    ArchiveResult result = split("b.tar.gz");
    int last = result.files().size();
    try (RandomAccessFile f = new RandomAccessFile(result.files().get(0).toFile(), "rw")) {
      f.setLength(100);
    }
    Files.delete(result.files().get(last - 1));

    VerifyReport report = verifier.verify(dir.resolve("b.tar.gz"));

    assertThat(report.isClean()).isFalse();
    assertThat(report.findings())
        .extracting(Finding::kind, Finding::path)
        .contains(
            tuple(Kind.ARCHIVE_CHECKSUM, "b.tar.gz.part-001"),
            tuple(Kind.MISSING, String.format("b.tar.gz.part-%03d", last)),
            tuple(Kind.ARCHIVE_CHECKSUM, "b.tar.gz"));
  }

  @Test
  void selfExtractingFileIsVerifiedThroughItsPayloadAndAlteredPayloadIsFound() throws Exception {
    Path bundle = TestBundle.writeWithRecord(dir.resolve("mybundle"));
    Path run = BundleArchiver.builder(bundle).output(dir.resolve("b.tar.gz")).selfExtracting(true).write().archive();

    assertThat(verifier.verify(run).findings()).isEmpty();

    try (RandomAccessFile f = new RandomAccessFile(run.toFile(), "rw")) {
      long at = f.length() - 200;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 1);
    }
    assertThat(verifier.verify(run).findings()).extracting(Finding::kind).contains(Kind.ARCHIVE_CHECKSUM);
  }
}
