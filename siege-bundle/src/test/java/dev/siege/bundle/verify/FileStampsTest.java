package dev.siege.bundle.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampsTest {
  @TempDir Path dir;

  private static final String SHA = "a".repeat(64);

  /** {@code a.jl}, stamped in {@code stamps} as the build stamps: more than a second after it was written. */
  private Path stampedFile() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jl"), "module A end");
    Thread.sleep(1100); // older than the racy window
    FileStamps.of(dir, Map.of("a.jl", SHA)).write(dir.resolve("stamps"));
    return f;
  }

  @Test
  void anUnchangedFileKeepsItsRememberedDigestAcrossAWriteAndRead() throws Exception {
    Path f = stampedFile();
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).hasValue(SHA);
  }

  @Test
  void aRewrittenFileIsNotTrustedEvenWithItsSizeAndModificationTimeRestored() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jl"), "module A end");
    FileTime mtime = Files.getLastModifiedTime(f);
    FileStamps stamps = FileStamps.of(dir, Map.of("a.jl", SHA));
    // The kernel's ctime clock is coarse (a few ms): let it tick so the rewrite is visible.
    Thread.sleep(50);
    Files.writeString(f, "module B end");
    Files.setLastModifiedTime(f, mtime);
    assertThat(stamps.digest("a.jl", f)).isEmpty();
  }

  @Test
  void aFileChangedJustBeforeItWasStampedIsHashedAgain() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jl"), "module A end");
    // Stamped at once: a rewrite in the same clock tick could keep every attribute, so no trust.
    assertThat(FileStamps.of(dir, Map.of("a.jl", SHA)).digest("a.jl", f)).isEmpty();
  }

  @Test
  void aReplacedFileIsNotTrusted() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jl"), "module A end");
    FileStamps stamps = FileStamps.of(dir, Map.of("a.jl", SHA));
    Path other = Files.writeString(dir.resolve("b.jl"), "module A end");
    Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(stamps.digest("a.jl", f)).isEmpty();
  }

  @Test
  void aLineWithTooFewFieldsIsIgnoredAndTheOthersKept() throws Exception {
    Path f = Files.writeString(dir.resolve("a b\tc.jl"), "module A end");
    Thread.sleep(1100); // older than the racy window
    FileStamps.of(dir, Map.of("a b\tc.jl", SHA)).write(dir.resolve("stamps"));
    Files.writeString(dir.resolve("stamps"), "1\t2\tshort.jl\n", java.nio.file.StandardOpenOption.APPEND);

    FileStamps read = FileStamps.read(dir.resolve("stamps"));

    assertThat(read.digest("a b\tc.jl", f)).hasValue(SHA); // a name may hold tabs: it is the last field
    assertThat(read.digest("short.jl", f)).isEmpty();
  }

  @Test
  void aDamagedOrMissingStampFileRemembersNothing() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jl"), "x");
    Files.writeString(dir.resolve("stamps"), "garbage\tnot\ta\tnumber\tx\ta.jl\n");
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).isEmpty();
    assertThat(FileStamps.read(dir.resolve("missing")).digest("a.jl", f)).isEmpty();
  }

  @Test
  void aStampFileOverItsLimitIsIgnoredNotReadIntoMemory() throws Exception {
    Path f = stampedFile();
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).hasValue(SHA);

    try (java.io.RandomAccessFile grown = new java.io.RandomAccessFile(dir.resolve("stamps").toFile(), "rw")) {
      grown.setLength(FileStamps.MAX_BYTES + 1L); // sparse: the valid lines first, then zeros
    }
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).isEmpty();
  }

  @Test
  void theStampFileStartsWithItsVersionAndAnUnknownVersionIsIgnoredAsAWhole() throws Exception {
    Path f = stampedFile();
    String written = Files.readString(dir.resolve("stamps"));
    assertThat(written).startsWith("# siege stamps 1\n");

    Files.writeString(dir.resolve("stamps"), written.replace("# siege stamps 1", "# siege stamps 2"));
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).isEmpty();
    Files.writeString(dir.resolve("stamps"), written.substring(written.indexOf('\n') + 1));
    assertThat(FileStamps.read(dir.resolve("stamps")).digest("a.jl", f)).isEmpty();
  }

  @Test
  void stampFileSitsBesideTheBundleSoItNeverShips() {
    assertThat(FileStamps.fileFor(dir.resolve("build"))).isEqualTo(dir.resolve(".build.siege-stamps"));
  }

  @Test
  void verifierUsesRememberedDigestsButStillReportsATamperedFile() throws Exception {
    Path bundle = TestBundle.write(Files.createDirectories(dir.resolve("b")));
    Path src = bundle.resolve("depot/packages/A/x1Yz2/src/A.jl");
    Thread.sleep(1100); // older than the racy window, so the stamps below are trusted
    FileStamps stamps = FileStamps.read(FileStamps.fileFor(bundle));
    assertThat(new BundleVerifier(e -> {}).verify(bundle, stamps).isClean()).isTrue();
    assertThat(stamps.digest("depot/packages/A/x1Yz2/src/A.jl", src)).isPresent();
    Thread.sleep(50);
    Files.writeString(src, Files.readString(src).replace("hi", "ho")); // same size
    assertThat(new BundleVerifier(e -> {}).verify(bundle, stamps).findings())
        .anyMatch(f -> f.kind() == Finding.Kind.TAMPERED && f.path().equals("depot/packages/A/x1Yz2/src/A.jl"));
  }
}
