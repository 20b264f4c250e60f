package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code siege bundle --sign KEY} and {@code siege verify --signers FILE}, with keys made by the
 * real {@code ssh-keygen} (openssh-client), and the README's OpenSSH-only commands run in bash.
 */
class SignedBundleTest {
  private static final String PRINCIPAL = "builder@example.org";

  @TempDir Path tmp;
  private Path bundle;
  private Path archive;
  private Path key;
  private Path otherKey;
  private Path signers;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void bundleAndKeys() throws Exception {
    bundle = tmp.resolve("build");
    write("bin/julia", "#!/usr/bin/env bash\nexec julia \"$@\"\n");
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write("env/Project.toml", "[deps]\n");
    write("sysimage/sys.so", "\u007fELF");
    new BundleMetadata(BundleMetadata.FORMAT_VERSION, "0.1.0", Instant.parse("2026-08-01T10:00:00Z"),
            new BundleMetadata.Julia(Version.parse("1.10.4"), "x86_64", "linux", "glibc", "x86_64-linux-gnu", ""),
            new BundleMetadata.Sysimage(true, "generic", List.of()),
            new BundleMetadata.Options("generic", "direct_deps", Optional.empty(), Optional.empty(), false, false,
                Optional.empty()),
            Map.of(), "", BundleMetadata.Contents.measure(bundle, 0, 0))
        .write(bundle.resolve("siege-bundle.toml"));
    Sha256Sums sums = Sha256Sums.compute(bundle, List.of("SHA256SUMS"));
    sums.write(bundle.resolve("SHA256SUMS"));
    TreeRecord.writeBeside(bundle, sums);
    archive = tmp.resolve("build.tar.gz");
    key = keygen("signer");
    otherKey = keygen("other");
    signers = Files.writeString(tmp.resolve("allowed_signers"),
        PRINCIPAL + " " + Files.readString(tmp.resolve("signer.pub")));
  }

  private void write(String name, String content) throws IOException {
    Path p = bundle.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Path keygen(String name) throws Exception {
    Path k = tmp.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", k.toString())
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(text).isZero();
    return k;
  }

  private int siege(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return SiegeCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private void signedArchive() {
    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString(), "--sign", key.toString()))
        .as(err.toString()).isZero();
  }

  @Test
  void signsTheBundlesSha256sumsAndTheArchivesChecksumAndBothVerify() throws Exception {
    signedArchive();

    assertThat(bundle.resolve("SHA256SUMS.sig")).content().startsWith("-----BEGIN SSH SIGNATURE-----");
    assertThat(tmp.resolve("build.tar.gz.sha256.sig")).content().startsWith("-----BEGIN SSH SIGNATURE-----");
    assertThat(err.toString()).contains("signed SHA256SUMS").contains("signed build.tar.gz.sha256");
    assertThat(bundle.resolve("SHA256SUMS")).content().doesNotContain("SHA256SUMS.sig");

    assertThat(siege("verify", archive.toString(), "--signers", signers.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).contains("note: signature: build.tar.gz.sha256 signed by " + PRINCIPAL).contains("ok: ");
    assertThat(siege("verify", bundle.toString(), "--signers", signers.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).contains("note: signature: SHA256SUMS signed by " + PRINCIPAL);
    assertThat(siege("verify", bundle.toString())).as("the signature is no extra file").isZero();
  }

  @Test
  void signatureByAKeyTheSignersFileDoesNotListFails() throws Exception {
    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString(), "--sign", otherKey.toString())).isZero();

    assertThat(siege("verify", archive.toString(), "--signers", signers.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signature: build.tar.gz.sha256.sig (not signed by a key of allowed_signers")
        .contains("FAILED").contains("1 signature");
    assertThat(siege("verify", bundle.toString(), "--signers", signers.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signature: SHA256SUMS.sig (not signed by a key of allowed_signers");
  }

  @Test
  void oneChangedByteOfTheSignedFileFails() throws Exception {
    signedArchive();
    Path sha = tmp.resolve("build.tar.gz.sha256");
    Files.writeString(sha, Files.readString(sha).replace("  build", " *build")); // same hash, changed bytes

    assertThat(siege("verify", archive.toString(), "--signers", signers.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signature: build.tar.gz.sha256.sig (bad signature: build.tar.gz.sha256 changed");

    Path sums = bundle.resolve("SHA256SUMS");
    Files.writeString(sums, Files.readString(sums) + "\n");
    assertThat(siege("verify", bundle.toString(), "--signers", signers.toString(), "--json")).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("findings").get(0).path("kind").asText()).isEqualTo("signature");
    assertThat(json.path("findings").get(0).path("message").asText()).startsWith("bad signature: SHA256SUMS changed");
  }

  @Test
  void aMissingSignatureFails() throws Exception {
    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString())).isZero();

    assertThat(siege("verify", archive.toString(), "--signers", signers.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signature: build.tar.gz.sha256.sig (no signature: build.tar.gz.sha256.sig is missing)");
    assertThat(siege("verify", bundle.toString(), "--signers", signers.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signature: SHA256SUMS.sig (no signature: SHA256SUMS.sig is missing)");
  }

  @Test
  void aKeyFileOthersCanReadIsRefusedWithSshKeygensWordsAndNothingIsWritten() throws Exception {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString(), "--sign", key.toString())).isEqualTo(1);

    assertThat(err.toString()).contains("ssh-keygen could not sign SHA256SUMS").contains("are too open")
        .doesNotContain("PRIVATE KEY-----").doesNotContain("\tat ");
    assertThat(out.toString()).doesNotContain("PRIVATE KEY");
    assertThat(bundle.resolve("SHA256SUMS.sig")).doesNotExist();
    assertThat(archive).doesNotExist();
  }

  @Test
  void aMissingKeyOrSignersFileIsAClearError() throws Exception {
    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString(), "--sign", tmp.resolve("nokey").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("the signing key " + tmp.resolve("nokey") + " does not exist");
    assertThat(archive).doesNotExist();

    assertThat(siege("verify", bundle.toString(), "--signers", tmp.resolve("nobody").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("the allowed signers file " + tmp.resolve("nobody") + " does not exist");
  }

  @Test
  void aDirectoryWithoutSha256sumsCannotBeSigned() throws Exception {
    Files.delete(bundle.resolve("SHA256SUMS"));

    assertThat(siege("bundle", bundle.toString(), "-o", archive.toString(), "--sign", key.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("it has no SHA256SUMS to sign");
    assertThat(archive).doesNotExist();
  }

  @Test
  void theReadmesOpenSshAndCoreutilsCommandsPassAndFailOnATamperedByte() throws Exception {
    signedArchive();
    Path secure = Files.createDirectories(tmp.resolve("secure"));
    for (String f : List.of("build.tar.gz", "build.tar.gz.sha256", "build.tar.gz.sha256.sig", "allowed_signers")) {
      Files.copy(tmp.resolve(f), secure.resolve(f));
    }
    String commands = readmeCommands();
    assertThat(commands).contains("ssh-keygen -Y verify").contains("sha256sum -c");

    Run good = bash(secure, commands);
    assertThat(good.exit).as(good.output).isZero();
    assertThat(good.output).contains("Good \"siege-bundle\" signature for " + PRINCIPAL).contains("build.tar.gz: OK");

    Path copy = Files.createDirectories(tmp.resolve("tampered"));
    for (String f : List.of("build.tar.gz", "build.tar.gz.sha256", "build.tar.gz.sha256.sig", "allowed_signers")) {
      Files.copy(tmp.resolve(f), copy.resolve(f));
    }
    byte[] bytes = Files.readAllBytes(copy.resolve("build.tar.gz.sha256"));
    bytes[0] = (byte) (bytes[0] == 'a' ? 'b' : 'a');
    Files.write(copy.resolve("build.tar.gz.sha256"), bytes);
    Run bad = bash(copy, commands);
    assertThat(bad.exit).isNotZero();
    assertThat(bad.output).contains("Could not verify signature");
    assertThat(copy.resolve("build")).as("nothing unpacked").doesNotExist();

    Files.copy(tmp.resolve("build.tar.gz.sha256"), copy.resolve("build.tar.gz.sha256"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    byte[] tar = Files.readAllBytes(copy.resolve("build.tar.gz"));
    tar[tar.length / 2] ^= 1;
    Files.write(copy.resolve("build.tar.gz"), tar);
    Run changedArchive = bash(copy, commands);
    assertThat(changedArchive.exit).isNotZero();
    assertThat(changedArchive.output).contains("Good \"siege-bundle\" signature").contains("build.tar.gz: FAILED");
    assertThat(copy.resolve("build")).as("nothing unpacked").doesNotExist();
  }

  /** The indented lines that follow "On the secure side, with OpenSSH" in README.md. */
  private static String readmeCommands() throws IOException {
    Path readme = Path.of(System.getProperty("siege.root", ".."), "README.md");
    List<String> lines = Files.readAllLines(readme);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("On the secure side, with OpenSSH")) {
        start = i;
        break;
      }
    }
    assertThat(start).as("README.md has the secure side's commands").isNotNegative();
    int i = start;
    while (!lines.get(i).startsWith("    ")) {
      i++;
    }
    List<String> block = new ArrayList<>();
    for (; i < lines.size() && lines.get(i).startsWith("    "); i++) {
      block.add(lines.get(i).substring(4));
    }
    return String.join("\n", block) + "\n";
  }

  private record Run(int exit, String output) {}

  private static Run bash(Path dir, String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), text);
  }
}
