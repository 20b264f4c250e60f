package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.version.Version;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  private static final String PKG_FILE = "depot/packages/A/x1Yz2/src/A.jl";

  @TempDir Path tmp;
  private Path bundle;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeBundle() throws Exception {
    bundle = tmp.resolve("bundle");
    write("bin/julia", "#!/usr/bin/env bash\nexec julia \"$@\"\n");
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write("env/Project.toml", "[deps]\nA = \"00000000-0000-0000-0000-000000000001\"\n");
    write("env/Manifest.toml", "julia_version = \"1.10.4\"\n");
    write(PKG_FILE, "module A end\n");
    write("sysimage/sys.so", "\u007fELF");
    BundleMetadata.Contents contents = BundleMetadata.Contents.measure(bundle, 1, 0);
    new BundleMetadata(
            BundleMetadata.FORMAT_VERSION,
            "0.1.0",
            Instant.parse("2026-08-01T10:00:00Z"),
            new BundleMetadata.Julia(
                Version.parse("1.10.4"), "x86_64", "linux", "glibc", "x86_64-linux-gnu", ""),
            new BundleMetadata.Sysimage(true, "generic", List.of("A")),
            new BundleMetadata.Options("generic", "direct_deps", Optional.empty(), Optional.empty(), false, false,
                Optional.empty()),
            Map.of(),
            "",
            contents)
        .write(bundle.resolve("siege-bundle.toml"));
    Sha256Sums sums = Sha256Sums.compute(bundle, List.of("SHA256SUMS"));
    sums.write(bundle.resolve("SHA256SUMS"));
    TreeRecord.writeBeside(bundle, sums); // as siege build does
  }

  private void write(String name, String content) throws Exception {
    Path p = bundle.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private int verify(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "verify";
    System.arraycopy(args, 0, all, 1, args.length);
    return SiegeCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
  }

  private List<String> outLines() {
    return out.toString().lines().toList();
  }

  @Test
  void cleanBundleExitsZeroWithASummary() {
    assertThat(verify(bundle.toString())).isZero();
    assertThat(outLines()).singleElement().asString().matches("ok: .*bundle: 7 files, \\d+ B checked, no problems");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void tamperedFileIsPrintedOnItsOwnLineAndExitsOne() throws Exception {
    write(PKG_FILE, "module A; evil() = 1; end\n");

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines())
        .containsExactly(
            "tampered: " + PKG_FILE + " (sha256 differs from SHA256SUMS)",
            "FAILED: " + bundle + ": 1 problem (1 tampered); 7 files, 350 B checked".replace("350 B", sizeOfListed()));
  }

  @Test
  void deletedFileIsMissing() throws Exception {
    Files.delete(bundle.resolve("env/Manifest.toml"));

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines().get(0)).isEqualTo("missing: env/Manifest.toml (listed in SHA256SUMS, absent from the bundle)");
  }

  @Test
  void addedFileIsExtra() throws Exception {
    write("depot/packages/A/x1Yz2/src/B.jl", "x");

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines().get(0)).isEqualTo("extra: depot/packages/A/x1Yz2/src/B.jl (not listed in SHA256SUMS)");
  }

  @Test
  void launcherWithoutExecBitIsReported() throws Exception {
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines()).first().isEqualTo("launcher: bin/julia (launcher is not executable (chmod +x bin/julia))");
  }

  @Test
  void corruptMetadataIsReportedWithItsLine() throws Exception {
    Files.writeString(bundle.resolve("siege-bundle.toml"), "format = 1\nsiege_version = 3\n");

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines())
        .startsWith(
            "tampered: siege-bundle.toml (sha256 differs from SHA256SUMS)",
            "metadata: siege-bundle.toml (line 2: key 'siege_version' must be a string, not an integer)");
    assertThat(outLines()).last().asString().startsWith("FAILED: ").contains("1 tampered, 1 metadata");
  }

  @Test
  void directoryWithoutMetadataIsNotABundle() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));

    assertThat(verify(other.toString())).isEqualTo(1);
    assertThat(outLines().get(0)).startsWith("not-a-bundle: the directory has no siege-bundle.toml");
  }

  @Test
  void missingPathIsAnErrorMessageNotAStackTrace() {
    Path absent = tmp.resolve("absent");

    assertThat(verify(absent.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "error: " + absent + ": no such file or directory\n"
                + "hint: give a bundle directory or a .tar.gz/.tar.zst archive\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void jsonReportListsFindingsForMachines() throws Exception {
    Files.delete(bundle.resolve("env/Manifest.toml"));

    assertThat(verify("--json", bundle.toString())).isEqualTo(1);
    JsonNode json = Json.mapper().readTree(out.toString());
    assertThat(json.get("format").asInt()).isEqualTo(1);
    assertThat(json.get("clean").asBoolean()).isFalse();
    assertThat(json.get("type").asText()).isEqualTo("directory");
    assertThat(json.get("files").asLong()).isEqualTo(6);
    assertThat(json.get("findings")).hasSize(1);
    assertThat(json.get("findings").get(0).get("kind").asText()).isEqualTo("missing");
    assertThat(json.get("findings").get(0).get("path").asText()).isEqualTo("env/Manifest.toml");
  }

  @Test
  void archiveMadeBySystemTarIsVerifiedWithoutExtracting() throws Exception {
    Path archive = tmp.resolve("bundle.tar.gz");
    Process p = new ProcessBuilder("tar", "-czf", archive.toString(), "bundle").directory(tmp.toFile()).start();
    assertThat(p.waitFor()).isZero();

    assertThat(verify(archive.toString())).isZero();
    assertThat(outLines()).singleElement().asString().startsWith("ok: " + archive + ": 8 files");
  }

  @Test
  void archiveWithAnEntryOutsideItsRootFails() throws Exception {
    Path archive = tmp.resolve("evil.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      byte[] x = "x".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("../evil");
      e.setSize(x.length);
      tar.putArchiveEntry(e);
      tar.write(x);
      tar.closeArchiveEntry();
    }

    assertThat(verify(archive.toString())).isEqualTo(1);
    assertThat(outLines()).contains("unsafe-path: ../evil ('..' component leaves the root)");
    assertThat(tmp.resolveSibling("evil")).doesNotExist();
  }

  @Test
  void sizesAreShownInBinaryUnits() {
    assertThat(dev.siege.cli.console.Units.bytes(512)).isEqualTo("512 B");
    assertThat(dev.siege.cli.console.Units.bytes(4096)).isEqualTo("4.0 KiB");
    assertThat(dev.siege.cli.console.Units.bytes(642_000_000)).isEqualTo("612.3 MiB");
  }

  @Test
  void reportOfManyFindingsPrintsTheFirstFiftyThenCountsTheRest() throws Exception {
    Path archive = tmp.resolve("many.tar.gz");
    int entries = 20_000;
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      for (int i = 0; i < entries; i++) {
        tar.putArchiveEntry(new TarArchiveEntry("../evil" + i));
        tar.closeArchiveEntry();
      }
    }

    assertThat(verify(archive.toString())).isEqualTo(1);

    List<String> lines = outLines();
    int total = entries + 1; // every entry, and: not a bundle
    assertThat(lines).hasSize(VerifyCommand.MAX_PRINTED + 2);
    assertThat(lines.get(VerifyCommand.MAX_PRINTED)).isEqualTo("... and " + (total - VerifyCommand.MAX_PRINTED) + " more (--json lists them all)");
    assertThat(lines.get(VerifyCommand.MAX_PRINTED + 1)).startsWith("FAILED: " + archive + ": " + total + " problems (1 not-a-bundle, 20000 unsafe-path)");
  }

  @Test
  void bundleOlderThanTheTreeRecordPrintsANoteAndPasses() throws Exception {
    Files.delete(bundle.resolve(TreeRecord.FILE_NAME));
    Sha256Sums.compute(bundle, List.of("SHA256SUMS")).write(bundle.resolve("SHA256SUMS"));

    assertThat(verify(bundle.toString())).isZero();
    assertThat(outLines()).hasSize(2);
    assertThat(outLines().get(0)).startsWith("note: this bundle has no BUNDLE-TREE");
  }

  @Test
  void retargetedLinkFailsVerification() throws Exception {
    Files.createSymbolicLink(bundle.resolve("env/link"), Path.of("Project.toml"));
    TreeRecord.writeBeside(bundle, Sha256Sums.compute(bundle, List.of("SHA256SUMS")));
    Files.delete(bundle.resolve("env/link"));
    Files.createSymbolicLink(bundle.resolve("env/link"), Path.of("Manifest.toml"));

    assertThat(verify(bundle.toString())).isEqualTo(1);
    assertThat(outLines()).first().isEqualTo("link: env/link (retargeted: recorded -> Project.toml, now -> Manifest.toml)");
  }

  /**
   * Runs {@code siege verify} in a new JVM under {@code LC_ALL=C}, started by the {@code ./siege}
   * script's own {@code run_java} (its locale and encoding choices), on the test classpath.
   */
  private ProcessOutput verifyUnderCLocale(Path target) throws Exception {
    Path script = Path.of("..", "siege").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash", "-c", "source \"$1\"; shift; run_java -cp \"$SIEGE_TEST_CP\" dev.siege.cli.SiegeCli \"$@\"",
            "_", script.toString(), "verify", target.toString());
    pb.environment().put("LC_ALL", "C");
    pb.environment().remove("LANG");
    pb.environment().remove("LC_CTYPE");
    pb.environment().put("SIEGE_TEST_CP", System.getProperty("java.class.path"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ProcessOutput(p.waitFor(), output);
  }

  private record ProcessOutput(int exit, String output) {}

  /** Renames env/Manifest.toml to a name given in bash's $'...' syntax: same file count and bytes for the metadata. */
  private void renameManifestTo(String bashName) throws Exception {
    Process mv = new ProcessBuilder("bash", "-c", "mv \"$1\"/env/Manifest.toml \"$1\"/env/" + bashName, "_", bundle.toString())
        .start();
    assertThat(mv.waitFor()).isZero();
  }

  @Test
  void nonAsciiNameVerifiesUnderLcAllCThroughTheScriptsJavaCommand() throws Exception {
    renameManifestTo("$'caf\\xc3\\xa9.jl'"); // café.jl in UTF-8
    Sha256Sums sums = Sha256Sums.compute(bundle, List.of("SHA256SUMS", TreeRecord.FILE_NAME));
    sums.write(bundle.resolve("SHA256SUMS"));
    TreeRecord.writeBeside(bundle, sums);
    assertThat(Files.readString(bundle.resolve("SHA256SUMS"))).contains("  env/caf\u00e9.jl\n");

    ProcessOutput run = verifyUnderCLocale(bundle);

    assertThat(run.output()).startsWith("ok: ").doesNotContain("missing", "Exception");
    assertThat(run.exit()).isZero();
  }

  @Test
  void nameThatIsNotUtf8IsReportedAsBytesUnderLcAllCNeverAsAnInternalError() throws Exception {
    renameManifestTo("$'caf\\xe9.jl'"); // Latin-1, not UTF-8

    ProcessOutput run = verifyUnderCLocale(bundle);

    assertThat(run.output())
        .contains("file-name: env/caf\\xe9.jl (file name is not valid UTF-8; a bundle's names must be (rename the file))")
        .doesNotContain("Exception", "internal error");
    assertThat(run.exit()).isEqualTo(1);
  }

  private String sizeOfListed() throws Exception {
    long total = 0;
    for (String f : List.of("bin/julia", "env/Project.toml", "env/Manifest.toml", PKG_FILE, "sysimage/sys.so", "siege-bundle.toml",
        TreeRecord.FILE_NAME)) {
      total += Files.size(bundle.resolve(f));
    }
    return dev.siege.cli.console.Units.bytes(total);
  }
}
