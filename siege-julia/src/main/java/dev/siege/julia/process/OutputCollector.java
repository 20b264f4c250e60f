package dev.siege.julia.process;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.script.ScriptProtocol;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives the lines of both output streams from the pump threads: logs them, keeps the last
 * lines for errors, collects protocol results and delivers events. Thread-safe.
 */
final class OutputCollector {

  /** How many of the last lines an error carries. */
  static final int LAST_LINES = 40;

  /** Standard output lines kept for {@code JuliaResult.stdout()}; later ones are only logged. */
  static final int MAX_STDOUT_LINES = 10_000;

  private final String purpose;
  private final SiegeListener listener;
  private final Writer log;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final List<String> stdout = new ArrayList<>();
  private final Map<String, String> results = new LinkedHashMap<>();
  private String lastErrorLine;
  private String lastJuliaError;
  private IOException logFailure;
  private RuntimeException listenerFailure;

  /** @param log where every line goes, or null */
  OutputCollector(String purpose, SiegeListener listener, BufferedWriter log) {
    this.purpose = purpose;
    this.listener = listener;
    this.log = log;
  }

  void line(SiegeEvent.Stream stream, String line) {
    SiegeEvent event;
    synchronized (this) {
      writeLog(line);
      lastLines.addLast(line);
      if (lastLines.size() > LAST_LINES) {
        lastLines.removeFirst();
      }
      if (stream == SiegeEvent.Stream.STDERR && !line.isBlank()) {
        lastErrorLine = line.strip();
        // Julia ends an uncaught error with a stack trace and "in expression starting at ...";
        // the line that says what went wrong is the "ERROR: ..." one (or a script's "SIEGE: ...").
        if (lastErrorLine.startsWith("ERROR:") || lastErrorLine.startsWith("SIEGE:")) {
          lastJuliaError = lastErrorLine;
        }
      }
      event = toEvent(stream, line);
    }
    deliver(event);
  }

  private SiegeEvent toEvent(SiegeEvent.Stream stream, String line) {
    // Protocol lines count only on stdout: Pkg and PackageCompiler write freely to stderr.
    if (stream == SiegeEvent.Stream.STDOUT) {
      var parsed = ScriptProtocol.parse(line);
      if (parsed.isPresent()) {
        if (parsed.get() instanceof ScriptProtocol.Result r) {
          results.put(r.key(), r.value());
          return null;
        }
        ScriptProtocol.Progress p = (ScriptProtocol.Progress) parsed.get();
        return new SiegeEvent.Progress(
            p.text().isEmpty() ? purpose : purpose + ": " + p.text(), p.done(), p.total(), "steps");
      }
      if (stdout.size() < MAX_STDOUT_LINES) {
        stdout.add(line);
      }
    }
    return new SiegeEvent.JuliaOutput(purpose, stream, line);
  }

  private void writeLog(String line) {
    if (log == null || logFailure != null) {
      return;
    }
    try {
      log.write(line);
      log.write('\n');
    } catch (IOException e) {
      logFailure = e;
    }
  }

  private void deliver(SiegeEvent event) {
    if (event == null) {
      return;
    }
    synchronized (this) {
      if (listenerFailure != null) {
        return;
      }
    }
    try {
      listener.on(event);
    } catch (RuntimeException e) {
      // Keep draining the pipe (a stopped pump would block Julia); report after the process ends.
      synchronized (this) {
        if (listenerFailure == null) {
          listenerFailure = e;
        }
      }
    }
  }

  /** A note in the log only (e.g. why the process was stopped). */
  synchronized void note(String text) {
    writeLog("[siege] " + text);
  }

  synchronized List<String> lastLines() {
    return List.copyOf(lastLines);
  }

  /**
   * The line that best says what went wrong: the last non-blank stderr line (where Julia prints
   * errors), else the last non-blank line; empty when there was no output.
   */
  synchronized String summaryLine() {
    if (lastJuliaError != null) {
      return lastJuliaError;
    }
    if (lastErrorLine != null) {
      return lastErrorLine;
    }
    for (var it = lastLines.descendingIterator(); it.hasNext(); ) {
      String line = it.next();
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  synchronized List<String> stdout() {
    return List.copyOf(stdout);
  }

  synchronized Map<String, String> results() {
    return Map.copyOf(results);
  }

  synchronized RuntimeException listenerFailure() {
    return listenerFailure;
  }

  /** Flushes and closes the log; returns the first write failure, if any. */
  synchronized IOException closeLog() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        if (logFailure == null) {
          logFailure = e;
        }
      }
    }
    return logFailure;
  }
}
