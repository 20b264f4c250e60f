package dev.siege.cli;

import dev.siege.bundle.archive.DeltaApplier;
import dev.siege.cli.console.CtrlC;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siege apply DELTA OLD_DIR NEW_DIR}: what the delta's own apply script does, after a verify. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    header = "Builds the new bundle from the old one and a delta made by 'siege bundle --since'.",
    description = {
      "Checks DELTA (archive or its parts) as 'siege verify' does, unpacks it beside NEW_DIR and runs",
      "its own apply script with bash: OLD_DIR is checked against the old SHA256SUMS and only read,",
      "NEW_DIR is built beside it (copies; --link: hard links where the mode is the same), checked",
      "file by file, link by link and mode by mode, and appears only when everything matched.",
      "Needs bash and coreutils, and zstd when the delta holds patches.",
      "Exit status: 0 when NEW_DIR was built, 1 otherwise."
    })
public final class ApplyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DELTA", description = "The delta archive.")
  Path delta;

  @Parameters(index = "1", paramLabel = "OLD_DIR", description = "The old bundle (never changed).")
  Path oldDir;

  @Parameters(index = "2", paramLabel = "NEW_DIR", description = "The new bundle to build (must not exist).")
  Path newDir;

  @Option(names = "--link", description = "Hard-link unchanged files from OLD_DIR where their mode is the same"
      + " (a later write to one then changes both).")
  boolean link;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws SiegeException, InterruptedException {
    java.io.PrintWriter out = spec.commandLine().getOut();
    SiegeListener print = event -> {
      if (event instanceof SiegeEvent.Message m) {
        out.println(m.text());
        out.flush();
      }
    };
    int status = CtrlC.run("apply", () -> new DeltaApplier(print).apply(delta, oldDir, newDir, link));
    return status == 0 ? SiegeCli.OK : SiegeCli.FAILED;
  }
}
