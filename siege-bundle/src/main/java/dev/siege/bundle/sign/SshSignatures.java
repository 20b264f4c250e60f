package dev.siege.bundle.sign;

import dev.siege.core.SiegeException;
import dev.siege.core.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH signatures ({@code ssh-keygen -Y}, namespace {@value #NAMESPACE}) made and checked by
 * running the real {@code ssh-keygen}, so that what SIEGE writes is exactly what the secure side
 * checks with OpenSSH alone. SIEGE never reads the private key: it passes its path to {@code
 * ssh-keygen}, which refuses a key file others can read and asks for a passphrase on the terminal.
 */
public final class SshSignatures {

  /** The {@code -n} namespace: a signature made for anything else does not verify here. */
  public static final String NAMESPACE = "siege-bundle";

  /** A signature file is {@code <signed file>.sig}. */
  public static final String SUFFIX = ".sig";

  /** An armored SSH signature is under 2 KB; {@code ssh-keygen}'s messages are a few lines. */
  private static final int MAX_OUTPUT = 64 * 1024;

  private static final long SIGN_MINUTES = 10; // a person may be typing the key's passphrase
  private static final long VERIFY_MINUTES = 2;

  private final Path sshKeygen;

  /** Runs {@code sshKeygen} (a path, or a command name looked up on {@code PATH} by the OS). */
  public SshSignatures(Path sshKeygen) {
    this.sshKeygen = Objects.requireNonNull(sshKeygen, "sshKeygen");
  }

  /**
   * The {@code ssh-keygen} on {@code env}'s {@code PATH}.
   *
   * @throws SiegeException when there is none
   */
  public static SshSignatures onPath(Map<String, String> env) throws SiegeException {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "ssh-keygen");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new SshSignatures(candidate);
      }
    }
    throw new SiegeException("ssh-keygen (OpenSSH) is not on PATH; it makes and checks SIEGE's signatures",
        "install OpenSSH's client tools (Debian/Ubuntu: apt-get install openssh-client)");
  }

  /** {@code file} + {@value #SUFFIX}. */
  public static Path signatureOf(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /**
   * Signs {@code data} with the private key {@code key} (or, given a {@code .pub} file, the
   * matching key in ssh-agent) and writes {@link #signatureOf}{@code (data)} through a temporary
   * file and a rename.
   *
   * @return the signature file
   */
  public Path sign(Path data, Path key) throws SiegeException, InterruptedException {
    requireFile(key, "the signing key", "give the path of an OpenSSH private key (ed25519 or RSA), e.g. ~/.ssh/id_ed25519");
    requireFile(data, "the file to sign", null);
    Path sig = signatureOf(data);
    Run run = run(List.of("-Y", "sign", "-n", NAMESPACE, "-f", key.toString()), data, SIGN_MINUTES);
    String out = new String(run.stdout, StandardCharsets.US_ASCII);
    if (run.exit != 0 || !out.startsWith("-----BEGIN SSH SIGNATURE-----")) {
      throw new SiegeException("ssh-keygen could not sign " + data.getFileName() + " with the key " + key + ": "
              + oneLine(run.stderr),
          "ssh-keygen refuses a key file that others can read (chmod 600 it) and needs the passphrase of an"
              + " encrypted key on a terminal; its message above says which");
    }
    try {
      AtomicFiles.writeString(sig, out);
    } catch (IOException e) {
      throw new SiegeException("could not write the signature " + sig + ": " + e.getMessage(), null, e);
    }
    return sig;
  }

  /**
   * What checking one signature found.
   *
   * @param good whether the signature is valid, by a key {@code allowed_signers} lists for {@link
   *     #principal}, for {@value #NAMESPACE}, over exactly the file's bytes
   * @param principal who signed (from {@code allowed_signers}), or empty
   * @param message ssh-keygen's verdict, or why it could not be asked, in one line
   */
  public record Verdict(boolean good, String principal, String message) {
    public Verdict {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Checks {@code signature} over {@code data} against an OpenSSH {@code allowed_signers} file:
   * first {@code ssh-keygen -Y find-principals} names who may have made it (the first principal
   * it prints), then {@code ssh-keygen -Y verify -I <principal>} checks it.
   *
   * @throws SiegeException when {@code allowedSigners} is not a readable file or ssh-keygen
   *     cannot run: a problem of the check, not of the bundle
   */
  public Verdict verify(Path data, Path signature, Path allowedSigners) throws SiegeException, InterruptedException {
    requireFile(allowedSigners, "the allowed signers file",
        "give an OpenSSH allowed_signers file: lines of '<principal> <key type> <public key>'");
    if (!Files.isRegularFile(signature, LinkOption.NOFOLLOW_LINKS)) {
      return new Verdict(false, "", "no signature: " + signature.getFileName() + " is missing");
    }
    if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS)) {
      return new Verdict(false, "", data.getFileName() + " is missing: the signature signs nothing");
    }
    Run find = run(List.of("-Y", "find-principals", "-f", allowedSigners.toString(), "-s", signature.toString()),
        null, VERIFY_MINUTES);
    String principals = new String(find.stdout, StandardCharsets.UTF_8).strip();
    if (find.exit != 0 || principals.isEmpty()) {
      return new Verdict(false, "", "not signed by a key of " + allowedSigners.getFileName() + " (ssh-keygen: "
          + oneLine(find.stderr.length > 0 ? find.stderr : find.stdout) + ")");
    }
    String principal = principals.lines().findFirst().orElse("");
    Run check = run(List.of("-Y", "verify", "-f", allowedSigners.toString(), "-I", principal, "-n", NAMESPACE,
        "-s", signature.toString()), data, VERIFY_MINUTES);
    byte[] all = concat(check.stdout, check.stderr);
    if (check.exit != 0) {
      return new Verdict(false, principal, "bad signature: " + data.getFileName() + " changed since it was signed,"
          + " or the signature is not for " + NAMESPACE + " (ssh-keygen: " + oneLine(all) + ")");
    }
    return new Verdict(true, principal, oneLine(all));
  }

  private static void requireFile(Path file, String what, String hint) throws SiegeException {
    if (!Files.isRegularFile(file)) {
      throw new SiegeException(what + " " + file + (Files.exists(file) ? " is not a regular file" : " does not exist"), hint);
    }
    if (!Files.isReadable(file)) {
      throw new SiegeException(what + " " + file + " is not readable", hint);
    }
  }

  private record Run(int exit, byte[] stdout, byte[] stderr) {}

  /** Runs ssh-keygen with {@code stdin} (or nothing) as input; stdout and stderr are kept apart. */
  private Run run(List<String> args, Path stdin, long minutes) throws SiegeException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(sshKeygen.toString());
    command.addAll(args);
    Path errors = null;
    Process p = null;
    try {
      errors = Files.createTempFile("siege-ssh-keygen-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
      pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile()) : ProcessBuilder.Redirect.from(new File("/dev/null")));
      p = pb.start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readNBytes(MAX_OUTPUT);
        in.transferTo(java.io.OutputStream.nullOutputStream()); // never block ssh-keygen on a full pipe
      }
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        throw new SiegeException("ssh-keygen did not finish within " + minutes + " minutes", null);
      }
      byte[] err;
      try (InputStream in = Files.newInputStream(errors)) {
        err = in.readNBytes(MAX_OUTPUT);
      }
      return new Run(p.exitValue(), out, err);
    } catch (IOException e) {
      throw new SiegeException("could not run " + sshKeygen + ": " + e.getMessage(),
          "install OpenSSH's client tools (Debian/Ubuntu: apt-get install openssh-client)", e);
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      if (errors != null) {
        try {
          Files.deleteIfExists(errors);
        } catch (IOException ignored) {
          // a temporary file of a few bytes
        }
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** ssh-keygen's lines joined, the warning banner's {@code @@@} rows and blank lines left out. */
  static String oneLine(byte[] text) {
    List<String> lines = new ArrayList<>();
    for (String line : new String(text, StandardCharsets.UTF_8).split("\\R")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.matches("@+") && !l.equals("Signing data on standard input")) {
        lines.add(l.replaceAll("^@\\s*|\\s*@$", ""));
      }
    }
    return lines.isEmpty() ? "no message" : String.join("; ", lines);
  }

}
