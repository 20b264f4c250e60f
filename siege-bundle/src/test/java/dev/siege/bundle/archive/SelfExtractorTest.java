package dev.siege.bundle.archive;

import static dev.siege.bundle.archive.Fixtures.bundle;
import static dev.siege.bundle.archive.Fixtures.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.siege.bundle.checksum.Sha256Sums;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfExtractorTest {
  @TempDir Path tmp;

  /** Output and exit status of {@code dash FILE.run ARGS...} (the header must be POSIX sh). */
  private record Run(int status, String output) {}

  private static Run sh(Path dir, String... args) throws IOException, InterruptedException {
    Path shell = Path.of("/bin/dash");
    assumeThat(Files.isExecutable(shell)).as("dash is not installed").isTrue();
    List<String> command = new java.util.ArrayList<>(List.of(shell.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  /** The fixture bundle with a launcher that answers --version as Julia does. */
  private Path bundleWithLauncher() throws IOException {
    Path dir = bundle(tmp.resolve("mybundle"), false);
    Files.writeString(dir.resolve("bin/julia"), "#!/bin/sh\necho \"julia version 1.10.4\"\n");
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    return dir;
  }

  private ArchiveResult run(Path dir, String output) throws Exception {
    return BundleArchiver.builder(dir).output(tmp.resolve(output)).threads(2).selfExtracting(true).write();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mybundle.tar.gz", "mybundle.tar.zst"})
  void runFileChecksItselfExtractsRunsTheLauncherAndSaysWhereTheBundleIs(String output) throws Exception {
    Path dir = bundleWithLauncher();

    ArchiveResult result = run(dir, output);

    assertThat(result.archive()).isEqualTo(tmp.resolve("mybundle.run"));
    assertThat(result.selfExtracting()).isTrue();
    Fixtures.run(tmp, "sha256sum", "--quiet", "-c", "mybundle.run.sha256");
    Run r = sh(tmp, "mybundle.run", "--target", "secure side");
    assertThat(r.output()).contains("julia version 1.10.4").contains("The bundle is in " + tmp.resolve("secure side/mybundle"));
    assertThat(r.status()).isZero();
    assertThat(describe(tmp.resolve("secure side/mybundle"))).isEqualTo(describe(dir));
    try (Stream<Path> left = Files.list(tmp.resolve("secure side"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("mybundle");
    }
  }

  @Test
  void checkOnlyVerifiesThePayloadAndExtractsNothing() throws Exception {
    run(bundleWithLauncher(), "mybundle.tar.gz");
    Files.createDirectories(tmp.resolve("t"));

    Run r = sh(tmp.resolve("t"), "../mybundle.run", "--check");

    assertThat(r.status()).isZero();
    assertThat(r.output()).startsWith("ok: ../mybundle.run: payload intact");
    try (Stream<Path> left = Files.list(tmp.resolve("t"))) {
      assertThat(left).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"altered", "truncated"})
  void damagedPayloadIsRefusedBeforeAnythingIsExtracted(String damage) throws Exception {
    Path runFile = run(bundleWithLauncher(), "mybundle.tar.zst").archive();
    long size = Files.size(runFile);
    try (RandomAccessFile f = new RandomAccessFile(runFile.toFile(), "rw")) {
      if (damage.equals("altered")) {
        f.seek(SelfExtractor.HEADER_BYTES + (size - SelfExtractor.HEADER_BYTES) / 2);
        int b = f.read();
        f.seek(SelfExtractor.HEADER_BYTES + (size - SelfExtractor.HEADER_BYTES) / 2);
        f.write(b ^ 0x55);
      } else {
        f.setLength(size - 1000);
      }
    }
    Files.createDirectories(tmp.resolve("t"));

    for (String arg : List.of("--check", "--target=t")) {
      Run r = sh(tmp, "mybundle.run", arg);
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.output()).containsAnyOf("payload damaged", "damaged or truncated");
    }
    try (Stream<Path> left = Files.list(tmp.resolve("t"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void existingBundleDirectoryIsNeverReplaced() throws Exception {
    run(bundleWithLauncher(), "mybundle.tar.gz");
    Files.createDirectories(tmp.resolve("t/mybundle"));
    Files.writeString(tmp.resolve("t/mybundle/mine.txt"), "keep");

    Run r = sh(tmp, "mybundle.run", "--target", "t");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("already exists");
    assertThat(Files.readString(tmp.resolve("t/mybundle/mine.txt"))).isEqualTo("keep");
  }

  @Test
  void headerIsAPosixShScriptThatShellcheckAccepts() throws Exception {
    boolean present = Files.isExecutable(Path.of("/usr/bin/shellcheck"));
    assumeThat(present).as("shellcheck is not installed").isTrue();
    Path header = tmp.resolve("header.sh");
    Files.write(header, new SelfExtractor(ArchiveFormat.TAR_ZST, "it's a bundle").header());

    String out = Fixtures.run(tmp, "shellcheck", "--severity=style", "--shell=sh", header.toString());

    assertThat(out).isEmpty();
  }
}
