package dev.siege.bundle.sign;

import dev.siege.bundle.archive.ArchiveResult;
import dev.siege.bundle.archive.BundleArchiver;
import dev.siege.bundle.verify.Finding;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The signatures of a bundle and of its archive, made with an OpenSSH key and checked against an
 * OpenSSH {@code allowed_signers} file ({@link SshSignatures}).
 *
 * <ul>
 *   <li>{@link BundleLayout#CHECKSUMS_SIGNATURE} inside the bundle signs its {@code SHA256SUMS},
 *       which lists every other file; it is not listed there itself (it is written after), and
 *       {@code siege verify} knows it, as it knows {@code SHA256SUMS}.
 *   <li>{@code ARCHIVE.sha256.sig} beside the archive signs {@code ARCHIVE.sha256}, which holds the
 *       archive's sha256: the secure side checks it with {@code ssh-keygen -Y verify} and then
 *       {@code sha256sum -c}, nothing else.
 * </ul>
 */
public final class BundleSignatures {
  private final SshSignatures ssh;

  public BundleSignatures(SshSignatures ssh) {
    this.ssh = ssh;
  }

  /**
   * Archives {@code dir}; with a {@code key}, signs the bundle's {@code SHA256SUMS} first (so the
   * archive holds its signature) and the archive's {@code .sha256} after. Without a key it only
   * archives.
   */
  public static ArchiveResult archive(BundleArchiver.Builder archiver, Path dir, Path key, SiegeListener listener)
      throws SiegeException, InterruptedException {
    if (key == null) {
      return archiver.write();
    }
    BundleSignatures signatures = new BundleSignatures(SshSignatures.onPath(System.getenv()));
    signatures.signBundle(dir, key, listener);
    ArchiveResult result = archiver.write();
    signatures.signArchiveChecksum(result.checksumFile(), key, listener);
    return result;
  }

  /** Writes {@code dir/SHA256SUMS.sig}; {@code dir} must be a bundle with its {@code SHA256SUMS}. */
  public Path signBundle(Path dir, Path key, SiegeListener listener) throws SiegeException, InterruptedException {
    Path sums = dir.resolve(BundleLayout.CHECKSUMS);
    if (!Files.isRegularFile(sums, LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException("cannot sign " + dir + ": it has no " + BundleLayout.CHECKSUMS + " to sign",
          "only a bundle made by 'siege build' can be signed; build it first");
    }
    Path sig = ssh.sign(sums, key);
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "signed " + BundleLayout.CHECKSUMS + ": " + sig));
    return sig;
  }

  /** Writes {@code ARCHIVE.sha256.sig} beside {@code checksumFile}. */
  public Path signArchiveChecksum(Path checksumFile, Path key, SiegeListener listener)
      throws SiegeException, InterruptedException {
    Path sig = ssh.sign(checksumFile, key);
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "signed " + checksumFile.getFileName() + ": " + sig));
    return sig;
  }

  /**
   * {@code report} (of {@code siege verify}) with the signature's verdict added: a failure as a
   * {@link Finding.Kind#SIGNATURE} finding before the others, a good signature as a note naming
   * the signer. A directory's {@code SHA256SUMS.sig} is checked, an archive's {@code
   * ARCHIVE.sha256.sig} (the archive is held to {@code ARCHIVE.sha256} by the report already).
   */
  public static VerifyReport check(VerifyReport report, Path allowedSigners) throws SiegeException, InterruptedException {
    return new BundleSignatures(SshSignatures.onPath(System.getenv())).verify(report, allowedSigners);
  }

  /** See {@link #check}. */
  public VerifyReport verify(VerifyReport report, Path allowedSigners) throws SiegeException, InterruptedException {
    Path target = report.target();
    Path data = report.archive()
        ? target.resolveSibling(target.getFileName() + ".sha256")
        : target.resolve(BundleLayout.CHECKSUMS);
    Path sig = SshSignatures.signatureOf(data);
    SshSignatures.Verdict verdict = ssh.verify(data, sig, allowedSigners);
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String label = report.archive() ? sig.getFileName().toString() : BundleLayout.CHECKSUMS_SIGNATURE;
    if (verdict.good()) {
      notes.add("signature: " + data.getFileName() + " signed by " + verdict.principal() + " (" + verdict.message() + ")");
    } else {
      findings.add(new Finding(Finding.Kind.SIGNATURE, label, verdict.message()));
    }
    findings.addAll(report.findings());
    notes.addAll(report.notes());
    return new VerifyReport(target, report.archive(), findings, report.files(), report.bytes(), notes);
  }
}
