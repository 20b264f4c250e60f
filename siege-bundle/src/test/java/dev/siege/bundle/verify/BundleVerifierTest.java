package dev.siege.bundle.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.bundle.verify.Finding.Kind;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {
  private final FileSystem fs =
      Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build());
  private final Path bundle = fs.getPath("/srv/bundle");
  private final List<SiegeEvent> events = new ArrayList<>();
  private final BundleVerifier verifier = new BundleVerifier(events::add);

  @BeforeEach
  void writeBundle() throws Exception {
    Files.createDirectories(bundle);
    TestBundle.write(bundle);
  }

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  @Test
  void freshBundleIsCleanAndEveryListedFileWasHashed() throws Exception {
    VerifyReport report = verifier.verify(bundle);

    assertThat(report.findings()).isEmpty();
    assertThat(report.isClean()).isTrue();
    assertThat(report.archive()).isFalse();
    // six files plus siege-bundle.toml; SHA256SUMS itself is not listed
    assertThat(report.files()).isEqualTo(7);
    assertThat(report.bytes()).isEqualTo(Files.size(bundle.resolve("siege-bundle.toml"))
        + TestBundle.files().values().stream().mapToLong(b -> b.length).sum());
  }

  @Test
  void reportsProgressInFilesAndBytesEndingAtTheTotal() throws Exception {
    VerifyReport report = verifier.verify(bundle);

    List<SiegeEvent.Progress> progress =
        events.stream().filter(SiegeEvent.Progress.class::isInstance).map(SiegeEvent.Progress.class::cast).toList();
    assertThat(progress).filteredOn(p -> p.unit() == SiegeEvent.Unit.FILES).hasSize(7).last()
        .isEqualTo(new SiegeEvent.Progress("verify", 7, 7, SiegeEvent.Unit.FILES));
    assertThat(progress).filteredOn(p -> p.unit() == SiegeEvent.Unit.BYTES).last()
        .isEqualTo(new SiegeEvent.Progress("verify", report.bytes(), report.bytes(), SiegeEvent.Unit.BYTES));
  }

  @Test
  void tamperedFileIsReportedByName() throws Exception {
    Files.writeString(bundle.resolve("depot/packages/A/x1Yz2/src/A.jl"), "module A\nevil() = run(`rm -rf ~`)\nend\n");

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(new Finding(Kind.TAMPERED, "depot/packages/A/x1Yz2/src/A.jl", "sha256 differs from SHA256SUMS"));
  }

  @Test
  void missingFileIsReported() throws Exception {
    Files.delete(bundle.resolve("env/Manifest.toml"));

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(new Finding(Kind.MISSING, "env/Manifest.toml", "listed in SHA256SUMS, absent from the bundle"));
  }

  @Test
  void extraRegularFileIsReportedButChecksumFileIsNot() throws Exception {
    Files.writeString(bundle.resolve("depot/packages/A/x1Yz2/src/backdoor.jl"), "x");

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.EXTRA, "depot/packages/A/x1Yz2/src/backdoor.jl"));
  }

  @Test
  void fileReplacedByASymlinkIsTampered() throws Exception {
    Files.delete(bundle.resolve("env/Project.toml"));
    Files.createSymbolicLink(bundle.resolve("env/Project.toml"), fs.getPath("Manifest.toml"));

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(
            new Finding(Kind.TAMPERED, "env/Project.toml", "SHA256SUMS lists a regular file, found a symbolic link"));
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() throws Exception {
    Files.writeString(bundle.resolve("env/Project.toml"), "changed");
    Files.delete(bundle.resolve("env/Manifest.toml"));
    Files.writeString(bundle.resolve("extra.txt"), "x");
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactlyInAnyOrder(
            tuple(Kind.TAMPERED, "env/Project.toml"),
            tuple(Kind.MISSING, "env/Manifest.toml"),
            tuple(Kind.EXTRA, "extra.txt"),
            tuple(Kind.LAUNCHER, "bin/julia"));
  }

  @Test
  void launcherWithoutExecBitIsReported() throws Exception {
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(new Finding(Kind.LAUNCHER, "bin/julia", "launcher is not executable (chmod +x bin/julia)"));
  }

  @Test
  void missingLauncherIsReportedAsMissingAndAsLauncher() throws Exception {
    Files.delete(bundle.resolve("bin/julia"));

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::message)
        .containsExactly(
            tuple(Kind.MISSING, "listed in SHA256SUMS, absent from the bundle"), tuple(Kind.LAUNCHER, "launcher missing"));
  }

  @Test
  void corruptMetadataIsReportedWithItsLine() throws Exception {
    Path meta = bundle.resolve("siege-bundle.toml");
    Files.writeString(meta, Files.readString(meta).replace("files = ", "files = \"oops\" #"));

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.TAMPERED, "siege-bundle.toml"), tuple(Kind.METADATA, "siege-bundle.toml"));
    assertThat(verifier.verify(bundle).findings().get(1).message())
        .matches("line \\d+: key 'contents.files' must be an integer, not a string");
  }

  @Test
  void metadataOfANewerFormatIsReported() throws Exception {
    Path meta = bundle.resolve("siege-bundle.toml");
    Files.writeString(meta, Files.readString(meta).replace("format = 2", "format = 7"));
    TestBundle.resum(bundle);

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::message)
        .containsExactly(tuple(Kind.METADATA, "line 2: bundle metadata format 7 is newer than this SIEGE reads (2)"));
  }

  @Test
  void metadataWhoseFileCountDiffersFromTheChecksumsIsReported() throws Exception {
    TestBundle.metadata(99, 1, true).write(bundle.resolve("siege-bundle.toml"));
    TestBundle.resum(bundle);

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(new Finding(Kind.METADATA, "siege-bundle.toml", "records 99 files, SHA256SUMS lists 6"));
  }

  @Test
  void metadataWhoseTotalSizeDiffersIsReported() throws Exception {
    TestBundle.metadata(6, 1, true).write(bundle.resolve("siege-bundle.toml"));
    TestBundle.resum(bundle);

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::message)
        .singleElement()
        .satisfies(t -> assertThat(t.toList().get(1).toString()).startsWith("records 1 bytes of files, the bundle's files hold "));
  }

  @Test
  void sysimageRecordedButAbsentIsReported() throws Exception {
    Files.delete(bundle.resolve("sysimage/sys.so"));
    var c = dev.siege.bundle.meta.BundleMetadata.Contents.measure(bundle, 1, 1);
    TestBundle.metadata(c.files(), c.bytes(), true).write(bundle.resolve("siege-bundle.toml"));
    TestBundle.resum(bundle);

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::message)
        .containsExactly(tuple(Kind.METADATA, "records a sysimage, but sysimage/sys.so is absent"));
  }

  @Test
  void sysimagePresentButRecordedAsNoneIsReported() throws Exception {
    var c = dev.siege.bundle.meta.BundleMetadata.Contents.measure(bundle, 1, 1);
    TestBundle.metadata(c.files(), c.bytes(), false).write(bundle.resolve("siege-bundle.toml"));
    TestBundle.resum(bundle);

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::message)
        .containsExactly("records no sysimage, but sysimage/sys.so is present");
  }

  @Test
  void directoryWithoutMetadataIsNotASiegeBundle() throws Exception {
    Path other = fs.getPath("/srv/other");
    Files.createDirectories(other.resolve("src"));
    Files.writeString(other.resolve("src/x.jl"), "x");

    VerifyReport report = verifier.verify(other);
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(Kind.NOT_A_BUNDLE);
      assertThat(f.describe()).isEqualTo(
          "not-a-bundle: the directory has no siege-bundle.toml: not a SIEGE bundle (make one with 'siege build')");
    });
  }

  @Test
  void missingChecksumFileIsReported() throws Exception {
    Files.delete(bundle.resolve("SHA256SUMS"));

    assertThat(verifier.verify(bundle).findings())
        .containsExactly(new Finding(Kind.CHECKSUMS, "SHA256SUMS", "missing: file contents cannot be checked"));
  }

  @Test
  void malformedChecksumFileIsReportedWithItsLine() throws Exception {
    Files.writeString(bundle.resolve("SHA256SUMS"), "garbage\n", java.nio.file.StandardOpenOption.APPEND);

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::message)
        .containsExactly(tuple(Kind.CHECKSUMS, "line 8: not a sha256sum line: \"garbage\""));
  }

  @Test
  void checksumLineNamingAFileOutsideTheBundleIsNeverOpened() throws Exception {
    Files.writeString(fs.getPath("/srv/secret"), "outside");
    Files.writeString(
        bundle.resolve("SHA256SUMS"),
        "0".repeat(64) + "  ../secret\n" + "1".repeat(64) + "  /srv/secret\n",
        java.nio.file.StandardOpenOption.APPEND);

    VerifyReport report = verifier.verify(bundle);
    assertThat(report.findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactlyInAnyOrder(tuple(Kind.UNSAFE_PATH, "../secret"), tuple(Kind.UNSAFE_PATH, "/srv/secret"));
    assertThat(report.files()).isEqualTo(7);
  }

  @Test
  void symlinksLeavingTheBundleAreReported() throws Exception {
    Files.createSymbolicLink(bundle.resolve("depot/abs"), fs.getPath("/etc/passwd"));
    Files.createSymbolicLink(bundle.resolve("depot/up"), fs.getPath("../../x"));
    // each harmless alone, escaping together: a/b -> .. then c -> a/b/.. (POSIX expands b first)
    Files.createDirectories(bundle.resolve("depot/a"));
    Files.createSymbolicLink(bundle.resolve("depot/a/b"), fs.getPath(".."));
    Files.createSymbolicLink(bundle.resolve("c"), fs.getPath("depot/a/b/../.."));

    assertThat(verifier.verify(bundle).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.UNSAFE_LINK, "c"), tuple(Kind.UNSAFE_LINK, "depot/abs"), tuple(Kind.UNSAFE_LINK, "depot/up"));
  }

  @Test
  void bundleReachedThroughASymlinkIsVerifiedAsItsTarget() throws Exception {
    Path link = Files.createSymbolicLink(fs.getPath("/srv/current"), bundle);

    VerifyReport report = verifier.verify(link);

    assertThat(report.findings()).isEmpty();
    assertThat(report.files()).isEqualTo(7);
    assertThat(report.target()).isEqualTo(link);
  }

  @Test
  void missingDirectoryIsAnErrorNotAReport() {
    assertThatThrownBy(() -> verifier.verify(fs.getPath("/nope")))
        .isInstanceOf(SiegeException.class)
        .hasMessage("no such directory");
  }

  @Test
  void fifoInTheBundleIsReportedAsSpecialFile(@TempDir Path tmp) throws Exception {
    Path real = TestBundle.write(tmp);
    Process p = new ProcessBuilder("mkfifo", real.resolve("depot/pipe").toString()).start();
    assertThat(p.waitFor()).isZero();

    assertThat(verifier.verify(real).findings())
        .extracting(Finding::kind, Finding::path)
        .containsExactly(tuple(Kind.SPECIAL_FILE, "depot/pipe"));
    assertThat(new String(Files.readAllBytes(real.resolve("SHA256SUMS")), StandardCharsets.UTF_8)).doesNotContain("pipe");
  }

  @Test
  void metadataThatIsAFifoIsReportedWithoutBlocking(@TempDir Path tmp) throws Exception {
    Path real = Files.createDirectory(tmp.resolve("bundle"));
    TestBundle.write(real);
    Files.delete(real.resolve("siege-bundle.toml"));
    Fifos.make(real.resolve("siege-bundle.toml"));

    assertThat(verifier.verify(real).findings())
        .contains(new Finding(Kind.METADATA, "siege-bundle.toml", "is a fifo, not a regular file"));
  }

  @Test
  void fileNameThatIsNotUtf8IsReportedAsBytesNotAsAFalseMissingFile(@TempDir Path tmp) throws Exception {
    Path real = Files.createDirectory(tmp.resolve("bundle"));
    TestBundle.write(real);
    Process touch = new ProcessBuilder("bash", "-c", "touch \"$1\"/env/$'caf\\xe9.jl'", "_", real.toString()).start();
    assertThat(touch.waitFor()).isZero();

    assertThat(verifier.verify(real).findings())
        .singleElement()
        .satisfies(f -> {
          assertThat(f.kind()).isEqualTo(Kind.FILE_NAME);
          assertThat(f.path()).isEqualTo("env/caf\\xe9.jl");
          assertThat(f.message()).containsAnyOf("not valid UTF-8", "cannot be read in this locale");
        });
  }
}
