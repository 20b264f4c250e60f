package dev.siege.bundle.archive;

import static dev.siege.bundle.archive.Fixtures.bundle;
import static dev.siege.bundle.archive.Fixtures.describe;
import static dev.siege.bundle.archive.Fixtures.extract;
import static dev.siege.bundle.archive.Fixtures.listing;
import static dev.siege.bundle.archive.Fixtures.run;
import static dev.siege.bundle.archive.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.verify.ArchiveVerifier;
import dev.siege.bundle.verify.Finding;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deltas between two bundle trees, applied by the real {@code apply} script with bash. */
class DeltaWriterTest {
  @TempDir Path tmp;
  private Path oldDir;
  private Path newDir;

  /** SHA256SUMS then BUNDLE-TREE, as the build writes them. */
  private static void seal(Path dir) throws IOException {
    Sha256Sums sums = Sha256Sums.compute(dir, List.of("SHA256SUMS"));
    sums.write(dir.resolve("SHA256SUMS"));
    TreeRecord.writeBeside(dir, sums);
  }

  /** The old bundle, and the new one after one package bump (a new slug), with a rebuilt sysimage. */
  @BeforeEach
  void bundles() throws Exception {
    oldDir = bundle(tmp.resolve("old/mybundle"), false);
    byte[] sysimage = Fixtures.bytes(3_000_000, 42, false);
    Files.write(oldDir.resolve("sysimage/sys.so"), sysimage);
    write(oldDir, "env/Manifest.toml", "[[deps.Example]]\nversion = \"0.5.3\"\n");
    seal(oldDir);

    newDir = tmp.resolve("new/mybundle");
    Files.createDirectories(newDir.getParent());
    run(tmp, "cp", "-a", oldDir.toString(), newDir.toString());
    Files.delete(newDir.resolve("SHA256SUMS"));
    Files.delete(newDir.resolve("BUNDLE-TREE"));
    run(newDir, "rm", "-rf", "depot/packages/Example/aBcDe");
    for (int i = 0; i < 30; i++) {
      write(newDir, "depot/packages/Example/fGhIj/src/file" + i + ".jl", "module M" + i + "\n# 0.5.4\nend\n");
    }
    Files.setPosixFilePermissions(newDir.resolve("depot/packages/Example/fGhIj/src/file0.jl"),
        PosixFilePermissions.fromString("r--r--r--"));
    Files.createSymbolicLink(newDir.resolve("depot/packages/Example/latest"), Path.of("fGhIj"));
    write(newDir, "env/Manifest.toml", "[[deps.Example]]\nversion = \"0.5.4\"\n");
    // Names that SHA256SUMS and BUNDLE-TREE escape, and a link to one.
    write(newDir, "env/odd \\ name\nwith\ttab.jl", "odd\n");
    Files.createSymbolicLink(newDir.resolve("env/odd link"), Path.of("odd \\ name\nwith\ttab.jl"));
    // The rebuilt sysimage: most bytes as before, some shifted by an insertion, a few changed.
    byte[] inserted = Fixtures.bytes(20_000, 9, false);
    byte[] rebuilt = new byte[sysimage.length + inserted.length];
    System.arraycopy(sysimage, 0, rebuilt, 0, 1_000_000);
    System.arraycopy(inserted, 0, rebuilt, 1_000_000, inserted.length);
    System.arraycopy(sysimage, 1_000_000, rebuilt, 1_000_000 + inserted.length, sysimage.length - 1_000_000);
    for (int i = 0; i < rebuilt.length; i += 4096) {
      rebuilt[i] ^= 1;
    }
    Files.write(newDir.resolve("sysimage/sys.so"), rebuilt);
    seal(newDir);
  }

  private DeltaResult delta(Path since, boolean patches) throws Exception {
    return DeltaWriter.builder(newDir).since(since).output(tmp.resolve("update.tar.zst")).threads(2)
        .patches(patches).write();
  }

  /** Unpacks the delta with tar, copies OLD, and returns the copy. */
  private Path unpackAndCopyOld(DeltaResult result) throws Exception {
    extract(result.archive(), tmp.resolve("secure"));
    run(tmp, "cp", "-a", oldDir.toString(), tmp.resolve("secure/mybundle").toString());
    return tmp.resolve("secure/mybundle");
  }

  private record Bash(int status, String output) {}

  private Bash apply(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "update/apply"));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).directory(tmp.resolve("secure").toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Bash(p.waitFor(), out);
  }

  private List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aLevelOutsideTheFormatsRangeOrNoThreadIsMisuseAsForAFullArchive() {
    // Zero threads would be zstd's single-threaded mode, whose bytes differ.
    for (DeltaWriter.Builder b : List.of(
        DeltaWriter.builder(newDir).since(oldDir).output(tmp.resolve("update.tar.zst")).level(20),
        DeltaWriter.builder(newDir).since(oldDir).output(tmp.resolve("update.tar.zst")).threads(0),
        DeltaWriter.builder(newDir).since(oldDir).output(tmp.resolve("update.tar.zst")).split(-1))) {
      assertThatThrownBy(b::write).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(tmp.resolve("update.tar.zst")).doesNotExist();
  }

  @Test
  void deltaHoldsOnlyTheNewPackageTheChangedSmallFilesAndTheSysimagePatch() throws Exception {
    DeltaResult result = delta(oldDir, true);

    Path unpacked = extract(result.archive(), tmp.resolve("look")).resolve("update");
    assertThat(entries(unpacked)).containsExactly("DELTA", "SHA256SUMS", "apply", "files", "new", "old", "patches");
    Sha256Sums newSums = Sha256Sums.read(newDir.resolve("SHA256SUMS"));
    Sha256Sums oldSums = Sha256Sums.read(oldDir.resolve("SHA256SUMS"));
    List<String> expected = newSums.entries().entrySet().stream()
        .filter(e -> !oldSums.entries().containsValue(e.getValue()))
        .filter(e -> !e.getKey().equals("sysimage/sys.so"))
        .map(e -> e.getValue()).distinct().sorted().toList();
    // 30 package files (distinct contents), the Manifest, the odd name, BUNDLE-TREE
    assertThat(entries(unpacked.resolve("files"))).isEqualTo(expected).hasSize(33);
    assertThat(entries(unpacked.resolve("patches")))
        .containsExactly(newSums.entries().get("sysimage/sys.so") + "." + oldSums.entries().get("sysimage/sys.so") + ".zst");
    assertThat(result.patchedFiles()).isEqualTo(1);
    assertThat(result.patchBytes()).isLessThan(200_000);
    assertThat(result.reusedFiles()).isEqualTo(newSums.entries().size() - 34);
    long full = BundleArchiver.builder(newDir).output(tmp.resolve("full.tar.zst")).write().bytes();
    assertThat(result.bytes()).isLessThan(full / 5);
    run(tmp, "sha256sum", "--quiet", "-c", "update.tar.zst.sha256");
  }

  @Test
  void applyOnACopyOfTheOldBundleBuildsATreeIdenticalToTheNewOne() throws Exception {
    for (Path since : List.of(oldDir, tmp.resolve("old.tar.zst"), oldDir.resolve("SHA256SUMS"))) {
      if (since.toString().endsWith(".tar.zst") && !Files.exists(since)) {
        BundleArchiver.builder(oldDir).output(since).write();
      }
      DeltaResult result = delta(since, true);
      Path old = unpackAndCopyOld(result);
      SortedMap<String, String> before = describe(old);

      Bash r = apply("mybundle", "mybundle-new");

      assertThat(r.status()).as(r.output()).isZero();
      assertThat(describe(tmp.resolve("secure/mybundle-new"))).isEqualTo(describe(newDir));
      assertThat(describe(old)).isEqualTo(before);
      assertThat(entries(tmp.resolve("secure"))).containsExactly("mybundle", "mybundle-new", "update");
      run(tmp, "rm", "-rf", tmp.resolve("secure").toString());
    }
  }

  @Test
  void withoutPatchesTheSysimageIsSentWholeAndApplyNeedsNoZstd() throws Exception {
    DeltaResult result = delta(oldDir, false);

    assertThat(result.patchedFiles()).isZero();
    Path old = unpackAndCopyOld(result);
    assertThat(entries(tmp.resolve("secure/update/patches"))).isEmpty();
    assertThat(entries(tmp.resolve("secure/update/files")))
        .contains(Sha256Sums.read(newDir.resolve("SHA256SUMS")).entries().get("sysimage/sys.so"));
    Bash r = apply(old.toString(), "mybundle-new");
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(describe(tmp.resolve("secure/mybundle-new"))).isEqualTo(describe(newDir));
  }

  @Test
  void hardLinksAreUsedOnlyWhenAskedAndNeverForAFileWhoseModeChanges() throws Exception {
    Path old = unpackAndCopyOld(delta(oldDir, true));

    Bash r = apply("--link", "mybundle", "mybundle-new");

    assertThat(r.status()).as(r.output()).isZero();
    assertThat(describe(tmp.resolve("secure/mybundle-new"))).isEqualTo(describe(newDir));
    Object oldKey = Files.readAttributes(old.resolve("depot/random.bin"), "unix:ino").get("ino");
    Object newKey = Files.readAttributes(tmp.resolve("secure/mybundle-new/depot/random.bin"), "unix:ino").get("ino");
    assertThat(newKey).isEqualTo(oldKey);
  }

  @Test
  void tamperedOldBundleIsRefusedNamingTheFileAndNothingChanges() throws Exception {
    Path old = unpackAndCopyOld(delta(oldDir, true));
    Files.writeString(old.resolve("env/Project.toml"), "[deps]\n");
    SortedMap<String, String> before = describe(old);

    Bash r = apply("mybundle", "mybundle-new");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("env/Project.toml: FAILED").contains("is not the bundle this delta was made from");
    assertThat(describe(old)).isEqualTo(before);
    assertThat(entries(tmp.resolve("secure"))).containsExactly("mybundle", "update");
  }

  @Test
  void differentOldBundleIsRefused() throws Exception {
    DeltaResult result = delta(oldDir, true);
    extract(result.archive(), tmp.resolve("secure"));
    run(tmp, "cp", "-a", newDir.toString(), tmp.resolve("secure/other").toString());

    Bash r = apply("other", "mybundle-new");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("is not the bundle this delta was made from");
    assertThat(entries(tmp.resolve("secure"))).containsExactly("other", "update");
  }

  @Test
  void truncatedDeltaIsRefusedAndOldIsUnchanged() throws Exception {
    DeltaResult result = delta(oldDir, false);
    try (RandomAccessFile f = new RandomAccessFile(result.archive().toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    Files.createDirectories(tmp.resolve("secure"));
    // tar complains but leaves what it could unpack: apply must not trust it.
    new ProcessBuilder("tar", "--zstd", "-xf", result.archive().toString()).directory(tmp.resolve("secure").toFile())
        .redirectErrorStream(true).start().waitFor();
    assumeThat(Files.exists(tmp.resolve("secure/update/apply"))).as("tar unpacked nothing usable").isTrue();
    run(tmp, "cp", "-a", oldDir.toString(), tmp.resolve("secure/mybundle").toString());
    SortedMap<String, String> before = describe(tmp.resolve("secure/mybundle"));

    Bash r = apply("mybundle", "mybundle-new");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).containsAnyOf("damaged or incomplete", "not a complete SIEGE delta");
    assertThat(describe(tmp.resolve("secure/mybundle"))).isEqualTo(before);
    assertThat(listing(tmp.resolve("secure"))).doesNotContain("mybundle-new");
  }

  @Test
  void existingNewDirectoryIsNeverReplaced() throws Exception {
    unpackAndCopyOld(delta(oldDir, true));
    Files.createDirectories(tmp.resolve("secure/mybundle-new"));

    Bash r = apply("mybundle", "mybundle-new");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("already exists");
    assertThat(entries(tmp.resolve("secure/mybundle-new"))).isEmpty();
  }

  @Test
  void verifyAcceptsTheDeltaAsItIsAndAsSplitParts() throws Exception {
    DeltaResult result = delta(oldDir, true);
    Files.createDirectories(tmp.resolve("parts"));
    DeltaResult parts = DeltaWriter.builder(newDir).since(oldDir).output(tmp.resolve("parts/update.tar.gz")).split(5_000)
        .write();

    VerifyReport whole = new ArchiveVerifier(SiegeListener.NONE).verify(result.archive());
    VerifyReport split = new ArchiveVerifier(SiegeListener.NONE).verify(parts.files().get(0));

    assertThat(whole.findings()).isEmpty();
    assertThat(whole.notes()).anyMatch(n -> n.startsWith("a delta"));
    assertThat(parts.files()).hasSizeGreaterThan(1);
    assertThat(split.findings()).isEmpty();
  }

  @Test
  void verifyFindsADeltaThatLacksAFileOfTheNewBundle() throws Exception {
    // Made against NEW's own sums claimed as OLD: the delta holds nothing, which verify cannot tell
    // from a good delta; but a delta whose files/ entry was swapped is found.
    DeltaResult result = delta(oldDir, false);
    Path look = extract(result.archive(), tmp.resolve("look"));
    Path files = look.resolve("update/files");
    try (Stream<Path> s = Files.list(files)) {
      Path first = s.sorted().findFirst().orElseThrow();
      Files.writeString(first, "swapped");
    }
    run(look, "tar", "--zstd", "-cf", tmp.resolve("bad.tar.zst").toString(), "update");

    VerifyReport report = new ArchiveVerifier(SiegeListener.NONE).verify(tmp.resolve("bad.tar.zst"));

    assertThat(report.findings()).extracting(Finding::kind).contains(Finding.Kind.TAMPERED);
  }

  @Test
  void siegeApplyChecksTheDeltaThenDoesWhatTheScriptDoes() throws Exception {
    DeltaResult result = delta(oldDir, true);
    Path secure = tmp.resolve("secure");
    Files.createDirectories(secure);
    run(tmp, "cp", "-a", oldDir.toString(), secure.resolve("mybundle").toString());

    List<String> said = new ArrayList<>();
    int status = new DeltaApplier(e -> said.add(e.toString())).apply(result.archive(), secure.resolve("mybundle"),
        secure.resolve("mybundle-new"), false);

    assertThat(status).isZero();
    assertThat(String.join("\n", said)).contains("checked against SHA256SUMS and BUNDLE-TREE");
    assertThat(describe(secure.resolve("mybundle-new"))).isEqualTo(describe(newDir));
    assertThat(entries(secure)).containsExactly("mybundle", "mybundle-new");

    try (RandomAccessFile f = new RandomAccessFile(result.archive().toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeltaApplier(SiegeListener.NONE)
            .apply(result.archive(), secure.resolve("mybundle"), secure.resolve("other"), false))
        .hasMessageContaining("is damaged or not a delta");
    assertThat(entries(secure)).containsExactly("mybundle", "mybundle-new");
  }

  @Test
  void applyScriptPassesShellcheck() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/shellcheck"))).as("shellcheck is not installed").isTrue();
    Path script = tmp.resolve("apply");
    Files.write(script, DeltaWriter.applyScript());

    assertThat(run(tmp, "shellcheck", "--severity=style", "--shell=bash", script.toString())).isEmpty();
  }
}
