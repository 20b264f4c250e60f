package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.checksum.Sha256Sums;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {
  @TempDir Path tmp;
  private Path bundle;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void bundle() throws Exception {
    bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("bin"));
    Files.writeString(bundle.resolve("bin/julia"), "#!/usr/bin/env bash\n");
    Files.writeString(bundle.resolve("siege-bundle.toml"), "siege_version = \"0.1.0\"\n");
    byte[] big = new byte[2_500_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) "module Foo end\n".charAt(i % 15);
    }
    Files.createDirectories(bundle.resolve("sysimage"));
    Files.write(bundle.resolve("sysimage/sys.so"), big);
    Sha256Sums.compute(bundle, List.of("SHA256SUMS")).write(bundle.resolve("SHA256SUMS"));
  }

  private int siege(String... args) {
    return SiegeCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void writesTheArchiveItsChecksumAndASummary() throws Exception {
    Path archive = tmp.resolve("bundle.tar.gz");

    int code = siege("bundle", bundle.toString(), "-o", archive.toString(), "--threads", "2");

    assertThat(code).as(err.toString()).isZero();
    assertThat(archive).exists();
    String sha = Sha256Sums.hash(archive);
    assertThat(Files.readString(tmp.resolve("bundle.tar.gz.sha256"))).isEqualTo(sha + "  bundle.tar.gz\n");
    assertThat(out.toString())
        .contains("Wrote " + archive)
        .contains(" in 7 entries) in ") // bundle/ bin/ bin/julia siege-bundle.toml sysimage/ sys.so SHA256SUMS
        .contains("sha256 " + sha + " (bundle.tar.gz.sha256)");
    // Not a terminal: a few plain progress lines, no carriage returns.
    assertThat(err.toString()).contains("archiving: 100% (").doesNotContain("\r");
    assertThat(err.toString().lines().filter(l -> l.startsWith("archiving:"))).hasSizeBetween(1, 4);
  }

  @Test
  void formatFollowsTheExtensionUnlessGiven() throws Exception {
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.tar.zst").toString())).isZero();
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.archive").toString(), "--format", "tar.zst", "--level", "19"))
        .isZero();
    // A name that says nothing about the format needs --format (see anArchiveNameWithout...).
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.bin").toString(), "--format", "tar.gz")).isZero();

    byte[] zstdMagic = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    assertThat(Files.readAllBytes(tmp.resolve("b.tar.zst"))).startsWith(zstdMagic);
    assertThat(Files.readAllBytes(tmp.resolve("b.archive"))).startsWith(zstdMagic);
    assertThat(Files.readAllBytes(tmp.resolve("b.bin"))).startsWith(0x1f, 0x8b);
  }

  @Test
  void tamperedFileFailsNamingItWithAHintAndWritesNothing() throws Exception {
    Files.writeString(bundle.resolve("bin/julia"), "#!/bin/sh\necho pwned\n");

    int code = siege("bundle", bundle.toString(), "-o", tmp.resolve("bundle.tar.gz").toString());

    assertThat(code).isEqualTo(SiegeCli.FAILED);
    assertThat(err.toString())
        .contains("error: " + bundle.resolve("bin/julia") + ": changed since")
        .contains("hint: ");
    assertThat(tmp.resolve("bundle.tar.gz")).doesNotExist();
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bundle");
    }
  }

  @Test
  void plainDirectoryIsArchivedWithNotes() throws Exception {
    Path plain = tmp.resolve("plain");
    Files.createDirectories(plain);
    Files.writeString(plain.resolve("a.txt"), "a", StandardCharsets.UTF_8);

    int code = siege("bundle", plain.toString(), "-o", tmp.resolve("plain.tar.gz").toString());

    assertThat(code).isZero();
    assertThat(err.toString()).contains("note: " + plain + " has no siege-bundle.toml").contains("has no SHA256SUMS");
    assertThat(out.toString()).contains("SHA256SUMS was computed while archiving");
  }

  @Test
  void unknownFormatIsAUsageError() {
    int code = siege("bundle", bundle.toString(), "-o", tmp.resolve("x").toString(), "--format", "zip");

    assertThat(code).isEqualTo(SiegeCli.USAGE);
    assertThat(err.toString()).contains("expected tar.gz or tar.zst").contains("Run 'siege bundle --help'");
  }

  @Test
  void levelOutsideTheFormatsRangeIsAUsageError() {
    int code = siege("bundle", bundle.toString(), "-o", tmp.resolve("x.tar.gz").toString(), "--level", "12");

    assertThat(code).isEqualTo(SiegeCli.USAGE);
    assertThat(err.toString()).contains("--level for tar.gz must be 1-9, was 12");
    assertThat(tmp.resolve("x.tar.gz")).doesNotExist();
  }

  @Test
  void missingOutputIsAUsageError() {
    assertThat(siege("bundle", bundle.toString())).isEqualTo(SiegeCli.USAGE);
    assertThat(err.toString()).contains("--output");
  }

  @Test
  void anArchiveNameWithoutAKnownExtensionNeedsFormat(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("b"));
    java.nio.file.Files.writeString(dir.resolve("b/x.txt"), "x");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = SiegeCli.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
        "bundle", dir.resolve("b").toString(), "-o", dir.resolve("b.tar.xz").toString());
    org.assertj.core.api.Assertions.assertThat(code).isEqualTo(SiegeCli.USAGE);
    org.assertj.core.api.Assertions.assertThat(err.toString()).contains("cannot tell the archive format").contains("--format");
    org.assertj.core.api.Assertions.assertThat(dir.resolve("b.tar.xz")).doesNotExist();
  }

  @Test
  void showsControlCharactersInPathsEscaped() throws Exception {
    Path dir = tmp.resolve("d" + Hostile.TEXT);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("f" + Hostile.TEXT + ".jl"), "x = 1\n");
    Path archive = tmp.resolve("a" + Hostile.TEXT + ".tar.gz");

    int code = siege("bundle", dir.toString(), "-o", archive.toString());

    assertThat(code).as(err.toString()).isZero();
    Hostile.assertShownEscaped(out.toString());
    assertThat(out.toString()).contains("Wrote " + tmp.resolve("a" + Hostile.SHOWN + ".tar.gz"))
        .contains("(a" + Hostile.SHOWN + ".tar.gz.sha256)");
    Hostile.assertShownEscaped(err.toString());
    assertThat(err.toString()).contains("note: " + dir.toString().replace(Hostile.TEXT, Hostile.SHOWN) + " has no");
  }

  @Test
  void splitWritesPartsThatVerifyAsTheyAreAndCatJoins() throws Exception {
    byte[] random = new byte[2_500_000];
    new java.util.Random(1).nextBytes(random);
    Files.write(bundle.resolve("sysimage/sys.so"), random);
    Sha256Sums.compute(bundle, List.of("SHA256SUMS")).write(bundle.resolve("SHA256SUMS"));
    Path archive = tmp.resolve("bundle.tar.gz");

    int code = siege("bundle", bundle.toString(), "-o", archive.toString(), "--level", "1", "--split", "1M");

    assertThat(code).as(err.toString()).isZero();
    assertThat(archive).doesNotExist();
    assertThat(tmp.resolve("bundle.tar.gz.part-001")).exists();
    assertThat(out.toString()).contains("join them with: cat bundle.tar.gz.part-* > bundle.tar.gz")
        .doesNotContain("copy /b");
    // The fixture is no complete bundle (verify reports its launcher and metadata), but the
    // parts are read as one archive and match their sums.
    siege("verify", archive.toString());
    assertThat(out.toString()).contains("4 files, 2.4 MiB checked").doesNotContain("archive-checksum")
        .doesNotContain("corrupt");
  }

  @Test
  void splitSizeIsReadWithUnitsAndRefusedBelowOneMegabyte() {
    BundleCommand.SizeConverter c = new BundleCommand.SizeConverter();
    assertThat(c.convert("4G")).isEqualTo(4_000_000_000L);
    assertThat(c.convert("700M")).isEqualTo(700_000_000L);
    assertThat(c.convert("650MiB")).isEqualTo(650L << 20);
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.tar.gz").toString(), "--split", "10k"))
        .isEqualTo(SiegeCli.USAGE);
    assertThat(err.toString()).contains("at least 1M");
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.tar.gz").toString(), "--split", "lots"))
        .isEqualTo(SiegeCli.USAGE);
  }

  @Test
  void selfExtractingWritesARunFileAndSaysHowToUseIt() throws Exception {
    int code = siege("bundle", bundle.toString(), "-o", tmp.resolve("bundle.tar.zst").toString(), "--self-extracting");

    assertThat(code).as(err.toString()).isZero();
    assertThat(tmp.resolve("bundle.run")).exists();
    assertThat(tmp.resolve("bundle.run.sha256")).exists();
    assertThat(out.toString()).contains("sh bundle.run [--target DIR]");
  }

  @Test
  void sinceWritesADeltaAndPrintsWhatItHolds() throws Exception {
    Path old = tmp.resolve("old.tar.zst");
    assertThat(siege("bundle", bundle.toString(), "-o", old.toString())).isZero();
    Files.writeString(bundle.resolve("siege-bundle.toml"), "siege_version = \"0.2.0\"\n");
    Sha256Sums.compute(bundle, List.of("SHA256SUMS")).write(bundle.resolve("SHA256SUMS"));
    out.getBuffer().setLength(0);

    int code = siege("bundle", bundle.toString(), "-o", tmp.resolve("update.tar.zst").toString(), "--since", old.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("new:     1 files")
        .contains("patched: 0 files")
        .contains("reused:  2 files")
        .contains("of the old full archive")
        .contains("./update/apply OLD_DIR NEW_DIR");
    assertThat(siege("verify", tmp.resolve("update.tar.zst").toString())).isZero();
  }

  @Test
  void noPatchWithoutSinceIsAUsageError() {
    assertThat(siege("bundle", bundle.toString(), "-o", tmp.resolve("b.tar.gz").toString(), "--no-patch"))
        .isEqualTo(SiegeCli.USAGE);
    assertThat(err.toString()).contains("--since");
  }
}
