package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.julia.testing.TestPgpKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseKeysTest {

  private static TestPgpKey trusted;
  private static TestPgpKey stranger;

  @TempDir Path tmp;

  @BeforeAll
  static void keys() {
    trusted = TestPgpKey.generate("Trusted <trusted@example.org>");
    stranger = TestPgpKey.generate("Stranger <stranger@example.org>");
  }

  private Path file(String content) throws IOException {
    return Files.writeString(tmp.resolve("julia.tar.gz"), content);
  }

  @Test
  void shippedKeyIsJuliasReleaseKeyByItsPublishedFingerprint() {
    assertThat(ReleaseKeys.julia().fingerprints()).containsExactly("3673DF529D9049477F76B37566E3C7DC03D6E495");
    assertThat(ReleaseKeys.JULIA_FINGERPRINT).isEqualTo("3673DF529D9049477F76B37566E3C7DC03D6E495");
  }

  @Test
  void goodSignatureNamesTheSigningKey() throws Exception {
    ReleaseKeys keys = ReleaseKeys.parse(trusted.publicKeyBlock());
    Path f = file("the tarball");

    assertThat(keys.verify(f, trusted.sign("the tarball".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(keys.fingerprints().get(0));
  }

  @Test
  void oneChangedByteIsRefused() throws Exception {
    ReleaseKeys keys = ReleaseKeys.parse(trusted.publicKeyBlock());
    byte[] sig = trusted.sign("the tarball".getBytes(StandardCharsets.UTF_8));
    Path f = file("the tarbalL");

    assertThatThrownBy(() -> keys.verify(f, sig))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining("does not match the file");
  }

  @Test
  void signatureByAnotherKeyIsRefusedNamingTheTrustedKey() throws Exception {
    ReleaseKeys keys = ReleaseKeys.parse(trusted.publicKeyBlock());
    Path f = file("the tarball");

    assertThatThrownBy(() -> keys.verify(f, stranger.sign("the tarball".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining("made by another key")
        .hasMessageContaining(keys.fingerprints().get(0));
  }

  @Test
  void juliasKeyRefusesASignatureByAThrowawayKey() throws Exception {
    Path f = file("the tarball");

    assertThatThrownBy(() -> ReleaseKeys.julia().verify(f, stranger.sign("the tarball".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining(ReleaseKeys.JULIA_FINGERPRINT);
  }

  @Test
  void garbageAndEmptySignaturesAreRefusedWithoutAStackTrace() throws Exception {
    ReleaseKeys keys = ReleaseKeys.parse(trusted.publicKeyBlock());
    Path f = file("the tarball");

    assertThatThrownBy(() -> keys.verify(f, "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> keys.verify(f, new byte[0])).isInstanceOf(ReleaseKeys.BadSignature.class);
    assertThatThrownBy(() -> keys.verify(f, new byte[ReleaseKeys.MAX_SIGNATURE_BYTES + 1]))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining("too large");
  }

  @Test
  void aTextSignatureIsNotASignatureOfTheFile() throws Exception {
    ReleaseKeys keys = ReleaseKeys.parse(trusted.publicKeyBlock());
    Path f = file("the tarball");

    assertThatThrownBy(() -> keys.verify(f, trusted.sign("the tarball".getBytes(StandardCharsets.UTF_8),
            PGPSignature.CANONICAL_TEXT_DOCUMENT)))
        .isInstanceOf(ReleaseKeys.BadSignature.class)
        .hasMessageContaining("type");
  }

  @Test
  void aKeyBlockWithoutKeysIsRefused() {
    assertThatThrownBy(() -> ReleaseKeys.parse("not a key".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
