package dev.siege.julia.process;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.script.ScriptProtocol;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Julia call printed, turned into what a {@link dev.siege.julia.JuliaRunner} returns:
 * every line logged and kept among the last lines for errors, {@code ##siege} protocol lines as
 * results, {@link SiegeEvent.Progress} events and warning {@link SiegeEvent.Message}s, other lines as {@link SiegeEvent.JuliaOutput}
 * events; at the end a {@link JuliaResult} or the {@link JuliaException} the call ended with.
 * The real runner feeds it from its pump threads and the testkit's fake from its made-up output,
 * so both deliver alike. Thread-safe.
 */
public final class OutputCollector implements AutoCloseable {

  /** How many of the last lines an error carries. */
  public static final int LAST_LINES = 40;

  /** Standard output lines kept for {@code JuliaResult.stdout()}; later ones are only logged. */
  public static final int MAX_STDOUT_LINES = 10_000;

  private final JuliaCall call;
  private final JuliaScript script;
  private final SiegeListener listener;
  private final Writer log;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final List<String> stdout = new ArrayList<>();
  private final Map<String, String> results = new LinkedHashMap<>();
  private String lastErrorLine;
  private String lastJuliaError;
  private IOException logFailure;
  private RuntimeException listenerFailure;
  private boolean closed;

  /** @param log where every line goes, or null */
  OutputCollector(JuliaCall call, SiegeListener listener, Writer log) {
    this.call = call;
    this.script = call.script();
    this.listener = listener;
    this.log = log;
  }

  /**
   * A collector for {@code call} delivering to {@code listener}, with the call's log file (if it
   * has one) created, parent directories included.
   *
   * @throws IOException when the log file cannot be created
   */
  public static OutputCollector open(JuliaCall call, SiegeListener listener) throws IOException {
    Path logFile = call.logFile();
    if (logFile == null) {
      return new OutputCollector(call, listener, null);
    }
    Path parent = logFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new OutputCollector(call, listener, Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
  }

  /** One line Julia wrote on {@code stream}, without its line terminator. */
  public void line(SiegeEvent.Stream stream, String line) {
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
        if (parsed.get() instanceof ScriptProtocol.Warning w) {
          return new SiegeEvent.Message(SiegeEvent.Level.WARNING, w.text());
        }
        ScriptProtocol.Progress p = (ScriptProtocol.Progress) parsed.get();
        return new SiegeEvent.Progress(
            p.text().isEmpty() ? script.id() : script.id() + ": " + p.text(), p.done(), p.total(), SiegeEvent.Unit.STEPS);
      }
      if (stdout.size() < MAX_STDOUT_LINES) {
        stdout.add(line);
      }
    }
    return new SiegeEvent.JuliaOutput(script, stream, line);
  }

  private void writeLog(String line) {
    // After close (a pump left behind by a grandchild, say) lines still reach the listener only.
    if (log == null || logFailure != null || closed) {
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
  public synchronized void note(String text) {
    writeLog("[siege] " + text);
  }

  /** The last {@link #LAST_LINES} lines of both streams, in order. */
  public synchronized List<String> lastLines() {
    return List.copyOf(lastLines);
  }

  /**
   * The line that best says what went wrong: the last stderr line starting {@code ERROR:} or
   * {@code SIEGE:}, else the last non-blank stderr line (where Julia prints errors), else the
   * last non-blank line; empty when there was no output.
   */
  public synchronized String summaryLine() {
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

  /** The standard output lines that were not protocol lines (the first {@link #MAX_STDOUT_LINES}). */
  public synchronized List<String> stdout() {
    return List.copyOf(stdout);
  }

  /** The {@code ##siege result} values so far, by key. */
  public synchronized Map<String, String> results() {
    return Map.copyOf(results);
  }

  /**
   * Ends a call whose process exited with {@code exitCode}, once all its output has been passed
   * to {@link #line}: closes the log, then rethrows what the listener threw, else throws {@link
   * JuliaException#exited} for a non-zero exit, else {@link JuliaException#logNotWritten} when
   * the log failed, else returns the result.
   */
  public synchronized JuliaResult finish(int exitCode, Duration elapsed) throws JuliaException {
    close();
    if (listenerFailure != null) {
      throw listenerFailure;
    }
    if (exitCode != 0) {
      throw JuliaException.exited(call, exitCode, summaryLine(), lastLines());
    }
    if (logFailure != null) {
      throw JuliaException.logNotWritten(call, logFailure, lastLines());
    }
    return new JuliaResult(call.script(), results(), stdout(), elapsed, call.logFile());
  }

  /** Ends a call stopped at its timeout: notes it in the log, closes it, and returns the exception to throw. */
  public synchronized JuliaException timedOut() {
    note("stopped: timed out after " + call.timeout());
    close();
    return JuliaException.timedOut(call, lastLines());
  }

  /** Ends a call stopped because the calling thread was interrupted: notes it in the log and closes it. */
  public synchronized void interrupted() {
    note("stopped: the calling thread was interrupted");
    close();
  }

  /** Flushes and closes the log; later lines are no longer logged. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        if (logFailure == null) {
          logFailure = e;
        }
      }
    }
  }
}
