package dev.siege.bundle.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and checking with the real ssh-keygen (openssh-client) and keys it makes. */
class SshSignaturesTest {
  @TempDir Path tmp;
  private SshSignatures ssh;
  private Path key;
  private Path signers;
  private Path data;

  @BeforeEach
  void keys() throws Exception {
    ssh = SshSignatures.onPath(System.getenv());
    key = keygen("rsa", "signer");
    signers = Files.writeString(tmp.resolve("allowed_signers"), "a@x,b@x " + Files.readString(tmp.resolve("signer.pub")));
    data = Files.writeString(tmp.resolve("SHA256SUMS"), "00  f\n");
  }

  private Path keygen(String type, String name) throws Exception {
    Path k = tmp.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-f", k.toString())
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(text).isZero();
    return k;
  }

  @Test
  void anRsaKeySignsAndTheFirstPrincipalOfTheSignersLineIsChecked() throws Exception {
    Path sig = ssh.sign(data, key);

    assertThat(sig).isEqualTo(tmp.resolve("SHA256SUMS.sig"));
    SshSignatures.Verdict v = ssh.verify(data, sig, signers);
    assertThat(v.good()).as(v.message()).isTrue();
    assertThat(v.principal()).isEqualTo("a@x");
    assertThat(v.message()).contains("Good \"siege-bundle\" signature for a@x with RSA key");
  }

  @Test
  void signingAgainReplacesTheSignatureWithoutAsking() throws Exception {
    Files.writeString(tmp.resolve("SHA256SUMS.sig"), "old");

    ssh.sign(data, key);

    assertThat(tmp.resolve("SHA256SUMS.sig")).content().startsWith("-----BEGIN SSH SIGNATURE-----");
  }

  @Test
  void aSignatureForAnotherNamespaceIsBad() throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-Y", "sign", "-n", "file", "-f", key.toString(), data.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();

    SshSignatures.Verdict v = ssh.verify(data, tmp.resolve("SHA256SUMS.sig"), signers);

    assertThat(v.good()).isFalse();
    assertThat(v.message()).startsWith("bad signature").contains("namespace");
  }

  @Test
  void garbageInTheSignatureFileIsNotSignedByAnyone() throws Exception {
    Files.writeString(tmp.resolve("SHA256SUMS.sig"), "-----BEGIN SSH SIGNATURE-----\nnope\n");

    SshSignatures.Verdict v = ssh.verify(data, tmp.resolve("SHA256SUMS.sig"), signers);

    assertThat(v.good()).isFalse();
    assertThat(v.message()).startsWith("not signed by a key of allowed_signers");
  }

  @Test
  void withoutSshKeygenOnPathTheHintNamesThePackage() {
    assertThatThrownBy(() -> SshSignatures.onPath(Map.of("PATH", tmp.toString())))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("ssh-keygen (OpenSSH) is not on PATH")
        .satisfies(e -> assertThat(((SiegeException) e).hint()).get().asString().contains("openssh-client"));
  }

  @Test
  void sshKeygensWarningBannerIsFoldedIntoOneReadableLine() {
    String banner = """
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        @         WARNING: UNPROTECTED PRIVATE KEY FILE!          @
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        Permissions 0644 for 'key' are too open.
        """;

    assertThat(SshSignatures.oneLine(banner.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("WARNING: UNPROTECTED PRIVATE KEY FILE!; Permissions 0644 for 'key' are too open.");
  }
}
