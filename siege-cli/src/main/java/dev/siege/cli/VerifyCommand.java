package dev.siege.cli;

import dev.siege.bundle.sign.BundleSignatures;
import dev.siege.bundle.verify.ArchiveVerifier;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.bundle.verify.Finding;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.cli.console.Units;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siege verify DIR|ARCHIVE}: prints the findings (the first {@link #MAX_PRINTED}), then a summary; exit 1 when any. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Checks a bundle or an archive of one: checksums, launcher, metadata, unsafe entries.",
    description = {
      "Checks a bundle directory or archive (.tar.gz, .tgz, .tar.zst) without",
      "extracting it: every file against SHA256SUMS (tampered, missing, extra),",
      "the launcher bin/julia, the metadata siege-bundle.toml, and links and",
      "modes against BUNDLE-TREE (removed, added or retargeted links, link loops,",
      "changed modes, setuid/setgid/sticky bits, anything world-writable or",
      "unreadable). Archives are also checked for absolute paths, '..' entries,",
      "links leaving the bundle, special files, and against ARCHIVE.sha256",
      "beside them when present. A split archive is checked as it is: give NAME",
      "or any NAME.part-NNN; each part and the whole are held to NAME.sha256.",
      "A self-extracting NAME.run and a delta (siege bundle --since) are accepted too.",
      "The first " + VerifyCommand.MAX_PRINTED + " findings are printed, then a count.",
      "Exit status: 0 when nothing is found, 1 otherwise."
    })
public final class VerifyCommand implements Callable<Integer> {
  /** Version of this command's {@code --json} output. */
  static final int JSON_FORMAT = 1;

  /** Findings printed before the rest are only counted: an archive can hold a million bad entries. */
  static final int MAX_PRINTED = 50;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR|ARCHIVE", description = "Bundle directory or archive to verify.")
  Path target;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--signers", paramLabel = "FILE",
      description = "Also check the signature (siege bundle --sign) against this OpenSSH allowed_signers file:"
          + " DIR/SHA256SUMS.sig, or ARCHIVE.sha256.sig beside an archive. A missing or bad signature, or one by"
          + " a key FILE does not list, is a finding. The principal is the first that ssh-keygen -Y"
          + " find-principals names for the signature's key.")
  Path signers;

  @Override
  public Integer call() throws SiegeException, InterruptedException {
    VerifyReport report;
    if (Files.isDirectory(target)) {
      report = new BundleVerifier(SiegeListener.NONE).verify(target);
    } else if (Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".part-001"))) {
      report = new ArchiveVerifier(SiegeListener.NONE).verify(target);
    } else {
      throw new SiegeException(
          "no such file or directory", "give a bundle directory or a .tar.gz/.tar.zst archive", target, 0, null);
    }
    if (signers != null) {
      report = BundleSignatures.check(report, signers);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, JSON_FORMAT, toJson(report));
    } else {
      List<Finding> findings = report.findings();
      findings.stream().limit(MAX_PRINTED).forEach(f -> out.println(f.describe()));
      if (findings.size() > MAX_PRINTED) {
        out.println("... and " + (findings.size() - MAX_PRINTED) + " more (--json lists them all)");
      }
      report.notes().forEach(n -> out.println("note: " + n));
      out.println(summary(report));
      out.flush();
    }
    return report.isClean() ? SiegeCli.OK : SiegeCli.FAILED;
  }

  static String summary(VerifyReport report) {
    String checked = report.files() + " files, " + Units.bytes(report.bytes()) + " checked";
    if (report.isClean()) {
      return "ok: " + report.target() + ": " + checked + ", no problems";
    }
    List<String> counts = new ArrayList<>();
    report.countsByKind().forEach((kind, n) -> counts.add(n + " " + kind.label()));
    int total = report.findings().size();
    return "FAILED: "
        + report.target()
        + ": "
        + total
        + (total == 1 ? " problem (" : " problems (")
        + String.join(", ", counts)
        + "); "
        + checked;
  }

  private static Map<String, Object> toJson(VerifyReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", report.target().toString());
    m.put("type", report.archive() ? "archive" : "directory");
    m.put("clean", report.isClean());
    m.put("files", report.files());
    m.put("bytes", report.bytes());
    List<Map<String, String>> findings = new ArrayList<>();
    for (Finding f : report.findings()) {
      Map<String, String> fm = new LinkedHashMap<>();
      fm.put("kind", f.kind().label());
      fm.put("path", f.path());
      fm.put("message", f.message());
      findings.add(fm);
    }
    m.put("findings", findings);
    m.put("notes", report.notes());
    return m;
  }

}
