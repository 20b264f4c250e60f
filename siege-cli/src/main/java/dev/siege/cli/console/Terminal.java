package dev.siege.cli.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the console output (standard error) goes to a terminal, so lines may be redrawn in place. */
public final class Terminal {
  private Terminal() {}

  /**
   * True when standard error is a terminal. {@code System.console()} answers for standard input
   * and output, not for the stream SIEGE draws on (and is never null on newer JDKs), so on Linux
   * the descriptor itself is asked; elsewhere it falls back to {@code System.console()}.
   */
  public static boolean stderr() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }
}
