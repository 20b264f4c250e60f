package dev.siege.cli.console;

import dev.siege.core.BuildOption;
import dev.siege.core.SiegeVersion;

import dev.siege.core.check.Diagnostic;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.IoMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a build's events on the console: each step with its elapsed time, warnings and
 * diagnostics as they are found, and Julia's output as one live line redrawn in place on a
 * terminal (every line with {@code --verbose}). Every event, Julia's output included, also goes
 * to a {@link BuildLog} whose path the command prints at the end; the log file is created when
 * the first step starts, after the build's checks passed, so a refused build writes none.
 */
public final class BuildConsole implements SiegeListener, AutoCloseable {
  private static final int WIDTH = 100;

  private final ConsoleWriter err;
  private final boolean terminal;
  private final boolean verbose;
  private final BuildLog log;
  private final Map<String, ProgressBar> bars = new HashMap<>();
  private int warningsShown;
  private int liveWidth;

  /**
   * @param logFile where every event is logged, or null for no log: written beside under a
   *     temporary name, with a cache-less fallback beside it (see {@link BuildLog})
   */
  public BuildConsole(PrintWriter err, boolean terminal, boolean verbose, Path logFile) throws IOException {
    this(logFile == null ? null : new BuildLog(logFile,
        logFile.toAbsolutePath().resolveSibling("." + logFile.getFileName() + ".partial"),
        logFile.toAbsolutePath().resolveSibling("siege-logs"), SiegeVersion.get(), "siege"), err, terminal, verbose);
  }

  /** A console that logs to {@code log} (null for no log). */
  public static BuildConsole logging(PrintWriter err, boolean terminal, boolean verbose, BuildLog log) {
    return new BuildConsole(log, err, terminal, verbose);
  }

  private BuildConsole(BuildLog log, PrintWriter err, boolean terminal, boolean verbose) {
    this.err = ConsoleWriter.of(err);
    this.terminal = terminal;
    this.verbose = verbose;
    this.log = log;
  }

  /** Where the log is, or null when there is none (no log, or the build never started a step). */
  public Path logFile() {
    return log == null ? null : log.file();
  }

  @Override
  public synchronized void on(SiegeEvent event) {
    if (event instanceof SiegeEvent.StepStarted) {
      startLog();
    }
    writeLog(event);
    if (event instanceof SiegeEvent.StepStarted s) {
      println("==> " + s.step().title());
    } else if (event instanceof SiegeEvent.StepFinished f) {
      println("    " + (f.succeeded() ? "done" : "FAILED") + " in " + Units.duration(f.elapsed().toNanos())
          + " (" + f.step().id() + ")");
    } else if (event instanceof SiegeEvent.StepSkipped k) {
      println("    " + k.step().id() + ": skipped (" + k.reason() + ")");
    } else if (event instanceof SiegeEvent.JuliaOutput o) {
      if (verbose) {
        println("    | " + o.line().replace('\r', ' '));
      } else if (terminal) {
        live("    | " + o.line());
      }
    } else if (event instanceof SiegeEvent.Progress p) {
      progress(p);
    } else if (event instanceof SiegeEvent.DiagnosticReported d) {
      diagnostic(d.diagnostic());
    } else if (event instanceof SiegeEvent.Message m) {
      if (m.level() == SiegeEvent.Level.WARNING) {
        warningsShown++;
        println("warning: " + m.text());
      } else if (m.level() == SiegeEvent.Level.INFO || verbose) {
        println("    " + m.text());
      }
    }
  }

  private void progress(SiegeEvent.Progress p) {
    if (p.unit() == SiegeEvent.Unit.BYTES) {
      clearLive();
      bars.computeIfAbsent(p.task(), t -> new ProgressBar(err, terminal, t)).update(p.done(), p.total());
    } else if (p.unit() == SiegeEvent.Unit.STEPS) {
      String text = "    " + p.task() + (p.total() > 0 ? " (" + p.done() + "/" + p.total() + ")" : "");
      if (terminal && !verbose) {
        live(text);
      } else {
        println(text);
      }
    } else if (terminal) {
      live("    " + p.task() + ": " + p.done() + (p.total() >= 0 ? "/" + p.total() : "") + " " + p.unit().id());
    }
  }

  private void diagnostic(Diagnostic d) {
    if (!d.isError()) {
      warningsShown++;
    }
    println(d.describe());
    d.hintText().ifPresent(h -> println("  hint: " + h));
  }

  private void println(String line) {
    clearLive();
    bars.values().forEach(ProgressBar::clear);
    err.println(line);
    err.flush();
  }

  private void live(String line) {
    // Escaped before it is cut, so the width counts what the terminal shows.
    String shown = ConsoleText.safe(line.replace('\t', ' ').replace('\r', ' '));
    shown = shown.length() > WIDTH ? shown.substring(0, WIDTH - 3) + "..." : shown;
    err.control("\r");
    err.print(shown + " ".repeat(Math.max(0, liveWidth - shown.length())));
    err.flush();
    liveWidth = shown.length();
  }

  private void clearLive() {
    if (liveWidth > 0) {
      err.control("\r");
      err.print(" ".repeat(liveWidth));
      err.control("\r");
      liveWidth = 0;
    }
  }

  /** The first step starts once the build's checks passed: only now is a log file created. */
  private void startLog() {
    if (log == null || log.started()) {
      return;
    }
    try {
      log.start().forEach(notice -> println("    " + ConsoleText.safe(notice)));
    } catch (IOException e) {
      println("warning: cannot write the build log (" + IoMessages.describe(e) + "); continuing without it");
    }
  }

  private void writeLog(SiegeEvent event) {
    if (log == null) {
      return;
    }
    if (event instanceof SiegeEvent.Progress p && p.unit() != SiegeEvent.Unit.STEPS) {
      return; // byte and file counters would drown the log
    }
    // The log is read with cat and less: it is escaped like the console.
    log.line(BuildOption.forCli(ConsoleText.safe(describe(event))));
  }

  /** One line of the log for {@code event}. */
  static String describe(SiegeEvent event) {
    if (event instanceof SiegeEvent.StepStarted s) {
      return "step " + s.step().id() + " started: " + s.step().title();
    } else if (event instanceof SiegeEvent.StepSkipped k) {
      return "step " + k.step().id() + " skipped: " + k.reason();
    } else if (event instanceof SiegeEvent.StepFinished f) {
      return "step " + f.step().id() + (f.succeeded() ? " finished" : " FAILED") + " after "
          + Units.duration(f.elapsed().toNanos());
    } else if (event instanceof SiegeEvent.JuliaOutput o) {
      return o.script().id() + " " + o.stream().name().toLowerCase(Locale.ROOT) + ": " + o.line().replace('\r', ' ');
    } else if (event instanceof SiegeEvent.Progress p) {
      return "progress " + p.task() + " " + p.done() + "/" + p.total() + " " + p.unit().id();
    } else if (event instanceof SiegeEvent.DiagnosticReported d) {
      return d.diagnostic().describe() + d.diagnostic().hintText().map(h -> " (hint: " + h + ")").orElse("");
    }
    SiegeEvent.Message m = (SiegeEvent.Message) event;
    return m.level().name().toLowerCase(Locale.ROOT) + ": " + m.text();
  }

  /** Writes {@code line} to the log only (e.g. the error the command prints itself). */
  /**
   * The warnings shown so far (warning messages and warning diagnostics): what a summary's "N
   * warnings, shown above" counts. The build's result lists its diagnostics, which leaves out
   * warnings reported only as messages (e.g. a cached Julia downloaded again).
   */
  public synchronized int warningsShown() {
    return warningsShown;
  }

  public synchronized void logOnly(String line) {
    if (log != null) {
      log.line(ConsoleText.safe(line.replace('\r', ' ')));
    }
  }

  /** Puts this run's log in place of the previous one. */
  public synchronized void keepLog() {
    finishLog(true);
  }

  /** Drops this run's log, leaving the previous one (e.g. after a build that had nothing to do). */
  public synchronized void discardLog() {
    finishLog(false);
  }

  private void finishLog(boolean keep) {
    if (log == null) {
      return;
    }
    try {
      if (keep) {
        log.keep();
      } else {
        log.discard();
      }
    } catch (IOException e) {
      err.println("warning: cannot " + (keep ? "keep" : "remove") + " the build log: " + IoMessages.describe(e));
    }
  }

  /** Ends the live line and keeps the log unless it was discarded. */
  @Override
  public synchronized void close() {
    clearLive();
    finishLog(true);
    err.flush();
  }
}
