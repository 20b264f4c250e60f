package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void writesThePageOfAVerifiedBundleBesideIt() throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));

    CliRun run = CliRun.of("report", bundle.toString());

    Path page = tmp.resolve("build.report.html");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("verified; report written to " + page);
    assertThat(page).content().contains("Every file matches SHA256SUMS and BUNDLE-TREE.")
        .contains("<tr><td>A</td><td>1.0.0</td><td>MIT").contains("package B ships no license file");
  }

  @Test
  void aTamperedBundleGetsAPageThatSaysSoAndExitsOne() throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));
    Files.writeString(bundle.resolve("sysimage/sys.so"), "changed");

    CliRun run = CliRun.of("report", bundle.toString(), "-o", tmp.resolve("r.html").toString());

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(tmp.resolve("r.html")).content().contains("The bundle does not match its checksums.")
        .contains("sysimage/sys.so");
  }

  @Test
  void neverWritesIntoTheBundleItReports() throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));

    CliRun run = CliRun.of("report", bundle.toString(), "-o", bundle.resolve("report.html").toString());

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.err()).contains("inside the bundle");
    assertThat(bundle.resolve("report.html")).doesNotExist();
  }

  @Test
  void readsAnArchiveAndLeavesNoTemporaryFiles() throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));
    Path archive = tmp.resolve("build.tar.gz");
    assertThat(CliRun.of("bundle", bundle.toString(), "-o", archive.toString()).exit()).isZero();

    CliRun run = CliRun.of("report", archive.toString(), "-o", tmp.resolve("a.html").toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(tmp.resolve("a.html")).content().contains("<tr><td>A</td><td>1.0.0</td><td>MIT");
  }

  @Test
  void aMissingTargetIsAClearError() {
    CliRun run = CliRun.of("report", tmp.resolve("nothing").toString());
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.err()).contains("no such bundle or archive").doesNotContain("Exception");
  }
}
