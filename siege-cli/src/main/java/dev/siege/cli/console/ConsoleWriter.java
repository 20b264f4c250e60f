package dev.siege.cli.console;

import dev.siege.core.BuildOption;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The writer every command prints through: whatever is written ({@code print}, {@code println},
 * {@code printf}, picocli's messages) passes through {@link ConsoleText#safe}, so data cannot
 * drive the terminal. Only the CLI's own redraw of a live line ({@link BuildConsole}, {@link
 * ProgressBar}) writes a control character, through {@link #control}.
 */
public final class ConsoleWriter extends PrintWriter {

  private ConsoleWriter(Writer out) {
    super(out, true);
  }

  /** {@code out} itself when it already escapes, else a {@code ConsoleWriter} writing to it. */
  public static ConsoleWriter of(Writer out) {
    return out instanceof ConsoleWriter c ? c : new ConsoleWriter(out);
  }

  /** Writes {@code sequence} as it is: only for the CLI's own control characters ({@code \r}). */
  public void control(String sequence) {
    super.write(sequence, 0, sequence.length());
  }

  @Override
  public void write(int c) {
    if (ConsoleText.isEscaped((char) c)) {
      String s = ConsoleText.safe(String.valueOf((char) c));
      super.write(s, 0, s.length());
    } else {
      super.write(c);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    String s = ConsoleText.safe(BuildOption.forCli(new String(buf, off, len)));
    super.write(s, 0, s.length());
  }

  @Override
  public void write(String s, int off, int len) {
    // The library points at options by reference (BuildOption): here they become our flags.
    String safe = ConsoleText.safe(BuildOption.forCli(s.substring(off, off + len)));
    super.write(safe, 0, safe.length());
  }
}
