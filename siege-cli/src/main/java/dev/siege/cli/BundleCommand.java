package dev.siege.cli;

import dev.siege.bundle.archive.ArchiveFormat;
import dev.siege.bundle.archive.ArchiveResult;
import dev.siege.bundle.archive.BundleArchiver;
import dev.siege.bundle.sign.BundleSignatures;
import dev.siege.cli.console.CtrlC;
import dev.siege.cli.console.ProgressBar;
import dev.siege.cli.console.Terminal;
import dev.siege.cli.console.Units;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code siege bundle DIR -o FILE}: one reproducible archive of a bundle, and its sha256. */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Packs a bundle directory (made by 'siege build') into one archive to copy to the secure machine.",
      "Every file is checked against the bundle's SHA256SUMS while it is archived (a directory without"
          + " one gets it computed and added as the last entry). The archive's sha256 is written beside"
          + " it, in FILE.sha256, for sha256sum -c. The same directory always gives the same bytes."
          + " Unpack with 'tar xf FILE': it creates one folder named after DIR."
    })
public final class BundleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory to archive.")
  Path dir;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      converter = ArchiveNameConverter.class,
      description = "The archive to write (replaced atomically if it exists).")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      description = "tar.gz or tar.zst (default: from FILE's extension, else tar.gz).")
  ArchiveFormat format;

  @Option(
      names = "--level",
      paramLabel = "N",
      description = "Compression level: 1-9 for tar.gz (default 6), 1-19 for tar.zst (default 3).")
  Integer level;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Compression threads (default: the available processors). The bytes do not depend on it.")
  Integer threads;

  @Option(
      names = "--sign",
      paramLabel = "KEY",
      description = "Sign with this OpenSSH private key (ed25519 or RSA; a .pub file signs through ssh-agent),"
          + " using ssh-keygen -Y sign -n siege-bundle: DIR/SHA256SUMS.sig (archived with the bundle) and"
          + " FILE.sha256.sig. Needs DIR's SHA256SUMS, so a bundle made by 'siege build'.")
  Path sign;

  @Override
  public Integer call() throws SiegeException, InterruptedException {
    if (format == null && ArchiveFormat.forFileName(output).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "cannot tell the archive format from the name " + output.getFileName()
          + ": end it in .tar.gz, .tgz, .tar.zst or .tzst, or pass --format");
    }
    ArchiveFormat chosen = format != null ? format : ArchiveFormat.forFileName(output).orElseThrow();
    if (level != null && (level < chosen.minLevel() || level > chosen.maxLevel())) {
      throw new ParameterException(
          spec.commandLine(),
          "--level for " + chosen + " must be " + chosen.minLevel() + "-" + chosen.maxLevel() + ", was " + level);
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, was " + threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = new ProgressBar(err, Terminal.stderr(), "archiving");
    BundleArchiver.Builder archive =
        BundleArchiver.builder(dir).output(output).format(chosen).listener(event -> show(event, bar, err));
    if (level != null) {
      archive.level(level);
    }
    if (threads != null) {
      archive.threads(threads);
    }
    long start = System.nanoTime();
    ArchiveResult result = CtrlC.run("bundle", () -> BundleSignatures.archive(archive, dir, sign, event -> show(event, bar, err)));
    summary(out, result, System.nanoTime() - start);
    return SiegeCli.OK;
  }

  private static void show(SiegeEvent event, ProgressBar bar, PrintWriter err) {
    if (event instanceof SiegeEvent.Progress p) {
      bar.update(p.done(), p.total());
    } else if (event instanceof SiegeEvent.Message m) {
      bar.clear();
      String prefix = m.level() == SiegeEvent.Level.WARNING ? "warning: " : "note: ";
      err.println(prefix + m.text());
      err.flush();
    } else if (event instanceof SiegeEvent.StepFinished) {
      bar.clear();
    }
  }

  private static void summary(PrintWriter out, ArchiveResult r, long nanos) {
    double percent = r.inputBytes() == 0 ? 100 : 100.0 * r.bytes() / r.inputBytes();
    out.printf(
        Locale.ROOT,
        "Wrote %s (%s, %.1f%% of %s in %,d entries) in %s%n",
        r.archive(),
        Units.bytes(r.bytes()),
        percent,
        Units.bytes(r.inputBytes()),
        r.entries(),
        Units.duration(nanos));
    out.printf("sha256 %s (%s)%n", r.sha256(), r.checksumFile().getFileName());
    if (r.checksumsAdded()) {
      out.println("SHA256SUMS was computed while archiving and added as the last entry.");
    }
    out.flush();
  }

  /**
   * {@code -o FILE}: a path whose last part names a file. {@code /}, {@code dir/}, {@code .} or
   * {@code ..} name a directory (a trailing slash is lost once the text is a {@link Path}).
   */
  static final class ArchiveNameConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path path = new SiegeCli.PathConverter().convert(value);
      Path name = path.getFileName();
      if (value.endsWith("/") || name == null || name.toString().equals(".") || name.toString().equals("..")) {
        throw new TypeConversionException(
            "'" + value + "' names a directory; give the archive's file name, such as build.tar.gz");
      }
      return path;
    }
  }

  /** Accepts {@code tar.gz}/{@code tgz} and {@code tar.zst}/{@code tzst}. */
  static final class FormatConverter implements ITypeConverter<ArchiveFormat> {
    @Override
    public ArchiveFormat convert(String value) {
      return ArchiveFormat.named(value)
          .orElseThrow(() -> new TypeConversionException("expected tar.gz or tar.zst, got '" + value + "'"));
    }
  }
}
