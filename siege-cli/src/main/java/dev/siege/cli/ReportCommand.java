package dev.siege.cli;

import dev.siege.bundle.archive.ArchiveFormat;
import dev.siege.bundle.report.ReportPage;
import dev.siege.bundle.sbom.BundleInventory;
import dev.siege.bundle.sbom.InventoryReader;
import dev.siege.bundle.verify.ArchiveVerifier;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.io.FileTrees;
import dev.siege.julia.provision.TarGzUnpacker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siege report BUNDLE|ARCHIVE [-o FILE.html]}: the review page of a bundle, verified first. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Writes the review page of a bundle or archive: one self-contained HTML file.",
    description = {
      "Verifies the bundle (as 'siege verify' does), then writes one HTML file with inline CSS",
      "and SVG, nothing fetched: the build summary, the verification result, the packages and",
      "artifacts with their licenses and sizes, a chart of where the bytes are, and the license",
      "warnings. An archive (.tar.gz, .tgz) is unpacked into a temporary directory, removed after.",
      "Exit status: 0 when the bundle verifies, 1 otherwise (the page is written either way)."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE|ARCHIVE", description = "Bundle directory or archive.")
  Path target;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
      description = "Where to write the page (default: NAME.report.html beside the bundle or archive).")
  Path output;

  @Override
  public Integer call() throws SiegeException, IOException {
    Path out = output != null ? output : target.toAbsolutePath().normalize().resolveSibling(
        target.toAbsolutePath().normalize().getFileName() + ".report.html");
    VerifyReport report;
    BundleInventory inventory;
    if (Files.isDirectory(target)) {
      if (out.toAbsolutePath().normalize().startsWith(target.toAbsolutePath().normalize())) {
        throw new SiegeException("the page would be written inside the bundle, which would then no longer verify",
            "write it elsewhere with -o FILE.html", out, 0, null);
      }
      report = new BundleVerifier(SiegeListener.NONE).verify(target);
      inventory = InventoryReader.read(target);
    } else if (Files.isRegularFile(target)) {
      if (ArchiveFormat.forFileName(target).filter(f -> f.extension().endsWith("gz")).isEmpty()) {
        throw new SiegeException("siege report reads bundle directories and .tar.gz archives",
            "unpack the archive with tar and give the directory", target, 0, null);
      }
      report = new ArchiveVerifier(SiegeListener.NONE).verify(target);
      inventory = fromArchive(target);
    } else {
      throw new SiegeException("no such bundle or archive", "give a bundle directory or a .tar.gz archive", target, 0, null);
    }
    List<String> lines = new ArrayList<>();
    report.findings().stream().limit(VerifyCommand.MAX_PRINTED).forEach(f -> lines.add(f.describe()));
    if (report.findings().size() > VerifyCommand.MAX_PRINTED) {
      lines.add("... and " + (report.findings().size() - VerifyCommand.MAX_PRINTED) + " more: run 'siege verify'");
    }
    lines.addAll(report.notes());
    lines.add(VerifyCommand.summary(report));
    lines.add("The build's own warnings (relocatability findings among them) are in the report.html inside the bundle.");
    String page = ReportPage.render(inventory, new ReportPage.Verification(true, report.isClean(), lines), List.of());
    AtomicFiles.writeString(out, page);
    PrintWriter console = spec.commandLine().getOut();
    console.println((report.isClean() ? "verified; " : "the bundle does NOT verify (" + report.findings().size()
        + " findings); ") + "report written to " + out);
    console.flush();
    return report.isClean() ? SiegeCli.OK : SiegeCli.FAILED;
  }

  /** Unpacks a verified archive into a temporary directory to read its inventory, then removes it. */
  private static BundleInventory fromArchive(Path archive) throws SiegeException, IOException {
    Path tmp = Files.createTempDirectory("siege-report-");
    try {
      try {
        TarGzUnpacker.unpack(archive, tmp.resolve("x"));
      } catch (IOException e) {
        throw new SiegeException("cannot unpack " + archive.getFileName() + ": " + e.getMessage(),
            "check it with 'siege verify'", archive, 0, e);
      }
      List<Path> top = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp.resolve("x"))) {
        s.forEach(top::add);
      }
      if (top.size() != 1 || !Files.isDirectory(top.get(0), LinkOption.NOFOLLOW_LINKS)) {
        throw new SiegeException("the archive does not hold one bundle directory", "archive a bundle with 'siege bundle'",
            archive, 0, null);
      }
      return InventoryReader.read(top.get(0));
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
  }

}
