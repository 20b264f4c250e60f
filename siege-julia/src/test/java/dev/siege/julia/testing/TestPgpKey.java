package dev.siege.julia.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * A throwaway OpenPGP signing key made with Bouncy Castle for one test run: its public key block
 * (as {@code juliareleases.asc} is) and detached, armored signatures (as Julia's {@code .asc}
 * files are, made by {@code gpg --armor --detach-sign}).
 */
public final class TestPgpKey {
  private final PGPKeyPair pair;
  private final byte[] publicKeyBlock;

  private TestPgpKey(String userId) {
    try {
      RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
      gen.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
      pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, gen.generateKeyPair(), new Date());
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
          new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = new ArmoredOutputStream(bytes)) {
        rings.generatePublicKeyRing().encode(armor);
      }
      publicKeyBlock = bytes.toByteArray();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("cannot make a test key", e);
    }
  }

  /** A new key pair (RSA 2048; takes a moment: make one per test class). */
  public static TestPgpKey generate(String userId) {
    return new TestPgpKey(userId);
  }

  /** The ASCII-armored public key block. */
  public byte[] publicKeyBlock() {
    return publicKeyBlock.clone();
  }

  /** A detached, ASCII-armored binary-document signature over {@code data}. */
  public byte[] sign(byte[] data) {
    return sign(data, PGPSignature.BINARY_DOCUMENT);
  }

  /** A detached, armored signature of the given OpenPGP signature type. */
  public byte[] sign(byte[] data, int signatureType) {
    try {
      PGPSignatureGenerator gen = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), pair.getPublicKey());
      gen.init(signatureType, pair.getPrivateKey());
      gen.update(data);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream armor = new ArmoredOutputStream(bytes)) {
        gen.generate().encode(armor);
      }
      return bytes.toByteArray();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }
}
