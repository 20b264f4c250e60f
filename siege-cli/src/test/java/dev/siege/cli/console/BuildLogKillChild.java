package dev.siege.cli.console;

import java.nio.file.Path;

/**
 * Run by {@link BuildLogTest} in its own JVM: starts a log, logs three lines, says "ready" and
 * waits to be killed with SIGKILL.
 */
public final class BuildLogKillChild {
  private BuildLogKillChild() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    BuildLog log = new BuildLog(target, Path.of(args[1]), Path.of(args[2]), "9.9.9", "siege build env -o out");
    log.line("before the first step");
    log.start();
    log.line("step instantiate started");
    log.line("instantiate stderr: Installed CSV");
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
