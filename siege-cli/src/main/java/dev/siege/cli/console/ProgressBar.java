package dev.siege.cli.console;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows the progress of a task that counts bytes. On a terminal: one line redrawn in place with
 * {@code \r} (at most ten times a second) holding a bar, the percentage, the rate and the time
 * left. Elsewhere (a log, a CI job): a plain line at 25, 50, 75 and 100 %, so logs stay short.
 */
public final class ProgressBar {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;

  private final ConsoleWriter err;
  private final boolean terminal;
  private final String label;
  private final LongSupplier clock;
  private long start = -1;
  private long lastDraw;
  private int drawnWidth;
  private int nextQuarter = 1;

  /** @param terminal whether {@code err} is a terminal (the CLI asks {@link Terminal#stderr()}) */
  public ProgressBar(PrintWriter err, boolean terminal, String label) {
    this(err, terminal, label, System::nanoTime);
  }

  ProgressBar(PrintWriter err, boolean terminal, String label, LongSupplier clock) {
    this.err = ConsoleWriter.of(err);
    this.terminal = terminal;
    this.label = ConsoleText.safe(label);
    this.clock = clock;
  }

  /** {@code done} of {@code total} bytes ({@code total} -1 when unknown). */
  public synchronized void update(long done, long total) {
    long now = clock.getAsLong();
    if (start < 0) {
      start = now;
      lastDraw = now - REDRAW_NANOS;
    }
    long elapsed = now - start;
    if (terminal) {
      boolean complete = total >= 0 && done >= total;
      if (now - lastDraw >= REDRAW_NANOS || complete) {
        lastDraw = now;
        String line = line(done, total, elapsed);
        err.control("\r");
        err.print(line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
      }
    } else if (total > 0) {
      boolean printed = false;
      while (nextQuarter <= 4 && done * 4 >= total * nextQuarter) {
        nextQuarter++;
        printed = true;
      }
      if (printed) {
        err.println(label + ": " + plain(done, total, elapsed));
        err.flush();
      }
    }
  }

  /** Clears the redrawn line, so what is printed next starts on a clean line. */
  public synchronized void clear() {
    if (terminal && drawnWidth > 0) {
      err.control("\r");
      err.print(" ".repeat(drawnWidth));
      err.control("\r");
      err.flush();
      drawnWidth = 0;
    }
  }

  /** The terminal line: {@code label [#####-----]  52%  338.0 MiB / 650.0 MiB  85.3 MiB/s  ETA 0:04}. */
  String line(long done, long total, long elapsedNanos) {
    StringBuilder sb = new StringBuilder(label).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
      sb.append(String.format(Locale.ROOT, "%3d%%  ", done * 100 / total));
      sb.append(Units.bytes(done)).append(" / ").append(Units.bytes(total));
    } else {
      sb.append(Units.bytes(done));
    }
    double rate = rate(done, elapsedNanos);
    if (rate > 0) {
      sb.append("  ").append(Units.bytes((long) rate)).append("/s");
      if (total > 0 && done < total) {
        sb.append("  ETA ").append(Units.clock(Math.round((total - done) / rate)));
      }
    }
    return sb.toString();
  }

  private String plain(long done, long total, long elapsedNanos) {
    String head = (done * 100 / total) + "% (" + Units.bytes(done) + " of " + Units.bytes(total);
    double rate = rate(done, elapsedNanos);
    if (done >= total) {
      return head + " in " + Units.duration(elapsedNanos) + ")";
    }
    return rate > 0
        ? head + ", " + Units.bytes((long) rate) + "/s, ETA " + Units.clock(Math.round((total - done) / rate)) + ")"
        : head + ")";
  }

  private static double rate(long done, long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : done / (elapsedNanos / 1e9);
  }
}
