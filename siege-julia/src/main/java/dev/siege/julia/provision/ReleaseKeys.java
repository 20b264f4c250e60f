package dev.siege.julia.provision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP keys a downloaded Julia tarball must be signed by, and the check of a detached
 * signature ({@code .asc}) over a file, with Bouncy Castle's {@code bcpg}.
 *
 * <p>{@link #julia()} is Julia's release signing key, "Julia (Binary signing key)
 * &lt;buildbot@julialang.org&gt;", fingerprint {@value #JULIA_FINGERPRINT}. julialang.org's
 * downloads page names this key and links it as {@code https://julialang.org/juliareleases.asc}
 * (also served as {@code /assets/juliareleases.asc}); the docker-library/julia images pin the same
 * fingerprint with that citation. The shipped copy of the key block was taken from
 * johnnychen94/jill.py ({@code jill/.gnupg/juliareleases.asc}, commit 53abfce0), a Julia installer
 * that verifies with it; its fingerprint was checked with {@code gpg --show-keys} and is checked
 * again by {@code ReleaseKeysTest}. A v4 fingerprint is a SHA-1 over the key material, so a
 * matching fingerprint means this is the key julialang.org names.
 */
public final class ReleaseKeys {

  /** The fingerprint of Julia's release signing key (see the class comment for its source). */
  public static final String JULIA_FINGERPRINT = "3673DF529D9049477F76B37566E3C7DC03D6E495";

  /** A signature file is a few hundred bytes; anything near this is not one. */
  static final int MAX_SIGNATURE_BYTES = 64 * 1024;

  private static final String JULIA_RESOURCE = "juliareleases.asc";

  private final PGPPublicKeyRingCollection rings;

  private ReleaseKeys(PGPPublicKeyRingCollection rings) {
    this.rings = rings;
  }

  /** Julia's release signing key, shipped with SIEGE. */
  public static ReleaseKeys julia() {
    try (InputStream in = ReleaseKeys.class.getResourceAsStream(JULIA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + JULIA_RESOURCE + " is missing from SIEGE");
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped Julia release key", e);
    }
  }

  /**
   * Keys from an OpenPGP public key block, ASCII-armored or binary (e.g. {@code gpg --export
   * --armor}).
   *
   * @throws IOException when the bytes hold no public key
   */
  public static ReleaseKeys parse(byte[] keyBlock) throws IOException {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyBlock))) {
      PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
      if (rings.size() == 0) {
        throw new IOException("no OpenPGP public key in the key block");
      }
      return new ReleaseKeys(rings);
    } catch (PGPException | RuntimeException e) {
      throw new IOException("not an OpenPGP public key block: " + e.getMessage(), e);
    }
  }

  /** The primary keys' fingerprints, upper-case hex, in the order of the key block. */
  public List<String> fingerprints() {
    List<String> out = new ArrayList<>();
    for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
      out.add(hex(it.next().getPublicKey().getFingerprint()));
    }
    return List.copyOf(out);
  }

  /** Why a signature was refused; the message is a sentence for the user. */
  public static final class BadSignature extends Exception {
    private static final long serialVersionUID = 1L;

    BadSignature(String message) {
      super(message);
    }

  }

  /**
   * Checks that {@code signature} (a detached OpenPGP signature, armored or binary) is a valid
   * signature over {@code file}'s bytes by one of these keys. The file is read as a stream.
   *
   * @return the fingerprint of the primary key whose key made the signature
   * @throws BadSignature when the signature is unreadable, by another key, or does not match
   * @throws IOException when {@code file} cannot be read
   */
  public String verify(Path file, byte[] signature) throws BadSignature, IOException {
    Objects.requireNonNull(file, "file");
    PGPSignature sig = readSignature(signature);
    if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
      throw new BadSignature("the signature is not a signature of a file (OpenPGP signature type "
          + sig.getSignatureType() + ")");
    }
    PGPPublicKey key = rings.getPublicKey(sig.getKeyID());
    PGPPublicKeyRing ring = rings.getPublicKeyRing(sig.getKeyID());
    if (key == null || ring == null) {
      throw new BadSignature("the signature was made by another key (key ID "
          + String.format(Locale.ROOT, "%016X", sig.getKeyID()) + "), not by " + String.join(" or ", fingerprints()));
    }
    try {
      sig.init(new BcPGPContentVerifierBuilderProvider(), key);
    } catch (PGPException e) {
      throw new BadSignature("the signature cannot be checked with key " + hex(key.getFingerprint()) + ": " + e.getMessage());
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sig.update(buf, 0, n);
      }
    }
    boolean ok;
    try {
      ok = sig.verify();
    } catch (PGPException e) {
      throw new BadSignature("the signature cannot be checked: " + e.getMessage());
    }
    if (!ok) {
      throw new BadSignature("the signature does not match the file: it was changed, or the signature belongs to another file");
    }
    return hex(ring.getPublicKey().getFingerprint());
  }

  private static PGPSignature readSignature(byte[] signature) throws BadSignature {
    if (signature.length > MAX_SIGNATURE_BYTES) {
      throw new BadSignature("the signature file is " + signature.length + " bytes, too large for a signature");
    }
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
      JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
      Object o = objects.nextObject();
      if (o instanceof PGPSignatureList list && !list.isEmpty()) {
        return list.get(0);
      }
      throw new BadSignature("the signature file holds no OpenPGP signature");
    } catch (IOException | RuntimeException e) {
      throw new BadSignature("the signature file is not an OpenPGP signature: " + e.getMessage());
    }
  }

  private static String hex(byte[] fingerprint) {
    return HexFormat.of().withUpperCase().formatHex(fingerprint);
  }
}
