package dev.siege.cli;

import dev.siege.bundle.archive.ArchiveFormat;
import dev.siege.bundle.archive.ArchiveResult;
import dev.siege.bundle.archive.BundleArchiver;
import dev.siege.bundle.sign.BundleSignatures;
import dev.siege.bundle.archive.DeltaResult;
import dev.siege.bundle.archive.DeltaWriter;
import dev.siege.bundle.archive.SelfExtractor;
import dev.siege.cli.console.CtrlC;
import dev.siege.cli.console.ProgressBar;
import dev.siege.cli.console.Terminal;
import dev.siege.cli.console.Units;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

  @Option(
      names = "--split",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description = "Write FILE.part-001, FILE.part-002, ... of at most SIZE bytes (e.g. 4G, 700M; K, M, G, T are"
          + " powers of 1000, so 4G fits FAT32; KiB, MiB, GiB powers of 1024). FILE.sha256 lists every part and the"
          + " whole; 'cat FILE.part-* > FILE' joins them.")
  Long split;

  @Option(
      names = "--self-extracting",
      description = "Write NAME.run instead (NAME: FILE without .tar.gz/.tar.zst): 'sh NAME.run [--target DIR]'"
          + " checks its payload, unpacks the bundle, runs bin/julia --version; '--check' only checks.")
  boolean selfExtracting;

  @Option(
      names = "--since",
      paramLabel = "OLD",
      description = "Write a delta instead: only what the previous bundle OLD (its archive, directory or SHA256SUMS)"
          + " lacks, with an 'apply' script: './apply OLD_DIR NEW_DIR' on the secure side (or 'siege apply').")
  Path since;

  @Option(
      names = "--no-patch",
      description = "With --since: send large changed files whole instead of as zstd --patch-from patches"
          + " (then the secure side needs no zstd for a .tar.gz delta).")
  boolean noPatch;

  /**
   * Whether the bundle is for Windows: it has the Windows launcher, which 'siege build' writes only
   * for a Windows target. (A look at one file: reading the metadata's TOML instead cost ~0.1 s
   * before archiving could start.)
   */
  static boolean isForWindows(Path bundle) {
    return Files.isRegularFile(dev.siege.core.layout.BundleLayout.at(bundle).windowsLauncher(), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Integer call() throws SiegeException, InterruptedException {
    if (noPatch && since == null) {
      throw new ParameterException(spec.commandLine(), "--no-patch applies only to a delta: add --since OLD");
    }
    if (since != null && sign != null) {
      throw new ParameterException(spec.commandLine(), "--sign signs a full archive; a delta (--since) is not signed yet:"
          + " sign the full archive, or send the delta with its .sha256 checked by other means");
    }
    if (since != null && selfExtracting) {
      throw new ParameterException(spec.commandLine(), "--self-extracting makes a full bundle, not a delta: drop one of"
          + " --since and --self-extracting");
    }
    boolean windows = isForWindows(dir);
    if ((selfExtracting || since != null) && windows) {
      throw new ParameterException(spec.commandLine(), (selfExtracting ? "--self-extracting makes a .run file, an sh script"
          : "--since makes a delta applied by its 'apply', a bash script") + " that Windows cannot run, and " + dir
          + " is a bundle for Windows: make the .tar.gz instead (Windows 10 and 11 unpack it with tar -xf)");
    }
    if (format == null && ArchiveFormat.forFileName(output).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "cannot tell the archive format from the name " + output.getFileName()
          + ": end it in .tar.gz, .tgz, .tar.zst or .tzst, or pass --format");
    }
    ArchiveFormat chosen = format != null ? format : ArchiveFormat.forFileName(output).orElseThrow();
    if (chosen == ArchiveFormat.TAR_ZST && windows) {
      spec.commandLine().getErr().println("warning: " + dir + " is a bundle for Windows, whose built-in tar may not read"
          + " zstd: make a .tar.gz unless the secure side has zstd or siege");
    }
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
    if (since != null) {
      DeltaWriter.Builder delta = DeltaWriter.builder(dir).since(since).output(output).format(chosen).patches(!noPatch)
          .listener(event -> show(event, bar, err));
      if (level != null) {
        delta.level(level);
      }
      if (threads != null) {
        delta.threads(threads);
      }
      if (split != null) {
        delta.split(split);
      }
      long start = System.nanoTime();
      DeltaResult result = CtrlC.run("bundle", delta::write);
      deltaSummary(out, result, System.nanoTime() - start);
      return SiegeCli.OK;
    }
    BundleArchiver.Builder archive =
        BundleArchiver.builder(dir).output(output).format(chosen).listener(event -> show(event, bar, err));
    if (level != null) {
      archive.level(level);
    }
    if (threads != null) {
      archive.threads(threads);
    }
    if (split != null) {
      archive.split(split);
    }
    archive.selfExtracting(selfExtracting);
    long start = System.nanoTime();
    ArchiveResult result = CtrlC.run("bundle", () -> BundleSignatures.archive(archive, dir, sign, event -> show(event, bar, err)));
    summary(out, result, System.nanoTime() - start, windows);
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

  private static void summary(PrintWriter out, ArchiveResult r, long nanos, boolean windows) {
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
    if (r.files().size() > 1) {
      out.printf("in %d parts: %s ... %s; join them with: cat %s.part-* > %s%n", r.files().size(),
          r.files().get(0).getFileName(), r.files().get(r.files().size() - 1).getFileName(), r.archive().getFileName(),
          r.archive().getFileName());
      if (windows) {
        out.printf("or in cmd: copy /b %s %s%n", String.join(" + ", r.files().stream()
            .map(f -> "\"" + f.getFileName() + "\"").toList()), "\"" + r.archive().getFileName() + "\"");
      }
    }
    if (r.selfExtracting()) {
      out.printf("On the secure side: sh %s [--target DIR] (sh %s --check only checks it)%n", r.archive().getFileName(),
          r.archive().getFileName());
    }
    if (r.stampedFiles() > 0) {
      out.printf(Locale.ROOT, "%,d files unchanged since the build hashed them (its stamps): not hashed again%n",
          r.stampedFiles());
    }
    if (r.checksumsAdded()) {
      out.println("SHA256SUMS was computed while archiving and added as the last entry.");
    }
    out.flush();
  }

  private static void deltaSummary(PrintWriter out, DeltaResult r, long nanos) {
    out.printf(Locale.ROOT, "Wrote the delta %s (%s) in %s%n", r.archive(), Units.bytes(r.bytes()), Units.duration(nanos));
    out.printf(Locale.ROOT, "  new:     %,d files, %s%n", r.newFiles(), Units.bytes(r.newBytes()));
    out.printf(Locale.ROOT, "  patched: %,d files, %s as %s of patches%n", r.patchedFiles(), Units.bytes(r.patchedBytes()),
        Units.bytes(r.patchBytes()));
    out.printf(Locale.ROOT, "  reused:  %,d files, %s (already in the old bundle)%n", r.reusedFiles(),
        Units.bytes(r.reusedBytes()));
    if (r.oldArchiveBytes() > 0) {
      out.printf(Locale.ROOT, "  %.1f%% of the old full archive (%s)%n", 100.0 * r.bytes() / r.oldArchiveBytes(),
          Units.bytes(r.oldArchiveBytes()));
    }
    out.printf(Locale.ROOT, "  %.1f%% of the new bundle's %s of files%n",
        r.bundleBytes() == 0 ? 100.0 : 100.0 * r.bytes() / r.bundleBytes(), Units.bytes(r.bundleBytes()));
    if (r.files().size() > 1) {
      out.printf("in %d parts; join them with: cat %s.part-* > %s%n", r.files().size(), r.archive().getFileName(),
          r.archive().getFileName());
    }
    out.printf("On the secure side: tar xf %s, then ./%s/apply OLD_DIR NEW_DIR%s%n", r.archive().getFileName(),
        top(r.archive()), r.patchedFiles() > 0 ? " (needs zstd: it holds patches)" : "");
    out.flush();
  }

  private static String top(Path archive) {
    String run = SelfExtractor.runFile(archive).getFileName().toString();
    return run.substring(0, run.length() - ".run".length());
  }

  /** {@code 4G}, {@code 700M}, {@code 1GiB}, {@code 123456}: a size in bytes. */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+)([KMGT]?)(i?B?)", java.util.regex.Pattern.CASE_INSENSITIVE)
              .matcher(value.trim());
      if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty() && !m.group(3).equalsIgnoreCase("B"))) {
        throw new TypeConversionException("expected a size such as 4G, 700M or 650MiB, got '" + value + "'");
      }
      long base = m.group(3).toLowerCase(Locale.ROOT).startsWith("i") ? 1024 : 1000;
      int power = "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
      try {
        long n = Long.parseLong(m.group(1));
        for (int i = 0; i < power; i++) {
          n = Math.multiplyExact(n, base);
        }
        if (n < 1_000_000) {
          throw new TypeConversionException("parts must be at least 1M (1000000 bytes), got '" + value + "'");
        }
        return n;
      } catch (ArithmeticException | NumberFormatException e) {
        throw new TypeConversionException("size too large: '" + value + "'");
      }
    }
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
