package dev.siege.bundle.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.archive.BundleArchiver;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.verify.Finding.Kind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links and modes against the build's BUNDLE-TREE, on a real file system (setuid bits, modes). */
class TreeChecksTest {
  private static final String LINK = "depot/artifacts/0123abcd/lib/libfoo.so";

  @TempDir Path dir;
  private Path bundle;
  private final BundleVerifier verifier = new BundleVerifier(e -> {});

  @BeforeEach
  void writeBundle() throws Exception {
    bundle = Files.createDirectory(dir.resolve("bundle"));
    TestBundle.writeWithRecord(bundle);
  }

  private List<Finding> findings() throws Exception {
    return verifier.verify(bundle).findings();
  }

  private void chmod(String name, String mode) throws Exception {
    Files.setPosixFilePermissions(bundle.resolve(name), PosixFilePermissions.fromString(mode));
  }

  private void setMode(String name, int mode) throws Exception {
    Files.setAttribute(bundle.resolve(name), "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void bundleWithItsRecordIsCleanWithoutNotes() throws Exception {
    VerifyReport report = verifier.verify(bundle);

    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).isEmpty();
    assertThat(bundle.resolve(TreeRecord.FILE_NAME)).isRegularFile();
  }

  @Test
  void removedLinkIsReported() throws Exception {
    Files.delete(bundle.resolve(LINK));

    assertThat(findings()).containsExactly(new Finding(Kind.LINK, LINK, "recorded symbolic link (-> libfoo.so.1) is gone"));
  }

  @Test
  void retargetedLinkIsReported() throws Exception {
    Files.delete(bundle.resolve(LINK));
    Files.createSymbolicLink(bundle.resolve(LINK), Path.of("libfoo.so.1.2.3"));

    assertThat(findings())
        .containsExactly(new Finding(Kind.LINK, LINK, "retargeted: recorded -> libfoo.so.1, now -> libfoo.so.1.2.3"));
  }

  @Test
  void addedLinkIsReported() throws Exception {
    Files.createSymbolicLink(bundle.resolve("env/Extra.toml"), Path.of("Project.toml"));

    assertThat(findings())
        .containsExactly(new Finding(Kind.LINK, "env/Extra.toml", "symbolic link not made by the build (-> Project.toml)"));
  }

  @Test
  void linkLoopIsReported() throws Exception {
    Files.createSymbolicLink(bundle.resolve("env/a"), Path.of("b"));
    Files.createSymbolicLink(bundle.resolve("env/b"), Path.of("a"));

    assertThat(findings())
        .filteredOn(f -> f.kind() == Kind.LINK && f.message().startsWith("symbolic link loop"))
        .extracting(Finding::path)
        .containsExactly("env/a", "env/b");
  }

  @Test
  void setuidBitIsReported() throws Exception {
    setMode("bin/julia", 04755);

    assertThat(findings()).containsExactly(new Finding(Kind.MODE, "bin/julia", "mode 4755, recorded 0755; setuid bit set"));
  }

  @Test
  void worldWritableFileAndDirectoryAreReported() throws Exception {
    chmod("env/Project.toml", "rw-rw-rw-");
    chmod("depot", "rwxrwxrwx");

    assertThat(findings())
        .containsExactly(
            new Finding(Kind.MODE, "depot", "mode 0777, recorded 0755; world-writable: anyone can change what it holds"),
            new Finding(Kind.MODE, "env/Project.toml", "mode 0666, recorded 0644; world-writable: anyone can change what it holds"));
  }

  @Test
  void fileItsOwnerCannotReadIsReportedEvenWhenRootCanReadIt() throws Exception {
    chmod("env/Manifest.toml", "---------");

    assertThat(findings())
        .contains(new Finding(Kind.UNREADABLE, "env/Manifest.toml", "mode 0000: its owner cannot read it (only root can)"))
        .contains(new Finding(Kind.MODE, "env/Manifest.toml", "mode 0000, recorded 0644"));
  }

  @Test
  void modeThatOnlyLostWriteBitsIsNotReportedAsAUmaskAtExtractionDoesThat() throws Exception {
    chmod("env/Project.toml", "r--r--r--");
    chmod("bin/julia", "r-xr-xr-x");

    assertThat(findings()).isEmpty();
  }

  @Test
  void gainedExecuteBitIsAModeChange() throws Exception {
    chmod("env/Project.toml", "rwxr--r--");

    assertThat(findings()).containsExactly(new Finding(Kind.MODE, "env/Project.toml", "mode 0744, recorded 0644"));
  }

  @Test
  void removedAndAddedDirectoriesAreReported() throws Exception {
    Files.createDirectory(bundle.resolve("depot/empty"));
    TestBundle.rerecord(bundle); // the build made the empty directory
    Files.delete(bundle.resolve("depot/empty"));
    Files.createDirectory(bundle.resolve("depot/new"));

    assertThat(findings())
        .containsExactly(
            new Finding(Kind.MISSING, "depot/empty", "directory recorded at build time is absent"),
            new Finding(Kind.EXTRA, "depot/new", "directory not made by the build"));
  }

  @Test
  void bundleBuiltBeforeTheRecordVerifiesWithANote() throws Exception {
    Files.delete(bundle.resolve(TreeRecord.FILE_NAME));
    TestBundle.resum(bundle);

    VerifyReport report = verifier.verify(bundle);

    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).singleElement().asString().contains("has no BUNDLE-TREE").contains("not against the build");
  }

  @Test
  void bundleWithoutTheRecordStillReportsWhatNoBundleHolds() throws Exception {
    Files.delete(bundle.resolve(TreeRecord.FILE_NAME));
    TestBundle.resum(bundle);
    setMode("sysimage/sys.so", 04644);

    assertThat(findings()).containsExactly(new Finding(Kind.MODE, "sysimage/sys.so", "setuid bit set"));
  }

  @Test
  void deletedRecordIsMissingNotSilentlyOld() throws Exception {
    Files.delete(bundle.resolve(TreeRecord.FILE_NAME));

    VerifyReport report = verifier.verify(bundle);

    assertThat(report.findings())
        .containsExactly(new Finding(Kind.MISSING, TreeRecord.FILE_NAME, "listed in SHA256SUMS, absent from the bundle"));
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void malformedRecordIsReportedWithItsLine() throws Exception {
    Files.writeString(bundle.resolve(TreeRecord.FILE_NAME), TreeRecord.HEADER + "\nx 0755 bin\n");

    assertThat(findings())
        .contains(new Finding(Kind.TAMPERED, TreeRecord.FILE_NAME, "sha256 differs from SHA256SUMS"))
        .anySatisfy(f -> assertThat(f.describe()).startsWith("tree-record: BUNDLE-TREE (line 2: not a tree record line"));
  }

  @Test
  void recordThatIsAFifoIsReportedWithoutBlocking() throws Exception {
    Files.delete(bundle.resolve(TreeRecord.FILE_NAME));
    Fifos.make(bundle.resolve(TreeRecord.FILE_NAME));

    assertThat(findings()).contains(new Finding(Kind.TREE_RECORD, TreeRecord.FILE_NAME, "is a fifo, not a regular file"));
  }

  @Test
  void archiveOfTheBundleCarriesTheRecordAndVerifiesClean() throws Exception {
    Path archive = dir.resolve("bundle.tar.gz");
    BundleArchiver.builder(bundle).output(archive).threads(1).write();

    VerifyReport report = new ArchiveVerifier(e -> {}).verify(archive);

    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void archiveWithARetargetedLinkAndAWorldWritableFileIsReported() throws Exception {
    Files.delete(bundle.resolve(LINK));
    Files.createSymbolicLink(bundle.resolve(LINK), Path.of("libfoo.so.1.2.3"));
    chmod("env/Project.toml", "rw-rw-rw-");
    Path archive = dir.resolve("bundle.tar.gz");
    BundleArchiver.builder(bundle).output(archive).threads(1).write(); // SHA256SUMS still holds: contents unchanged

    assertThat(new ArchiveVerifier(e -> {}).verify(archive).findings())
        .containsExactly(
            new Finding(Kind.LINK, LINK, "retargeted: recorded -> libfoo.so.1, now -> libfoo.so.1.2.3"),
            new Finding(Kind.MODE, "env/Project.toml", "mode 0666, recorded 0644; world-writable: anyone can change what it holds"));
  }
}
