package dev.siege.julia;

import dev.siege.core.plan.JuliaScript;

import dev.siege.core.SiegeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Julia could not be started, exited non-zero, or ran past its timeout. */
public class JuliaException extends SiegeException {
  private static final long serialVersionUID = 1L;

  /** Exit code when the process never produced one (not started, or killed on timeout). */
  public static final int NO_EXIT_CODE = -1;

  private final JuliaScript script;
  private final int exitCode;
  private final List<String> lastLines;
  private final transient Path logFile;

  public JuliaException(
      JuliaScript script,
      String message,
      String hint,
      int exitCode,
      List<String> lastLines,
      Path logFile,
      Throwable cause) {
    super(message, hint, cause);
    this.script = script;
    this.exitCode = exitCode;
    this.lastLines = List.copyOf(lastLines);
    this.logFile = logFile;
  }

  public JuliaScript script() {
    return script;
  }

  /** The process's exit code, or {@link #NO_EXIT_CODE}. */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines the process wrote (both streams, in order), for the error report. */
  public List<String> lastLines() {
    return lastLines;
  }

  public Optional<Path> logFile() {
    return Optional.ofNullable(logFile);
  }

  // The factories below are the one wording of every runner's failures (the real one and the
  // testkit's fake), so a test against the fake sees the messages users see.

  /**
   * Julia ran and exited with {@code exitCode} (non-zero).
   *
   * @param summaryLine the output line that best says what went wrong (quoted in the message,
   *     cut at 200 characters), or empty
   */
  public static JuliaException exited(JuliaCall call, int exitCode, String summaryLine, List<String> lastLines) {
    return new JuliaException(call.script(),
        "Julia " + describe(call.script()) + " failed with exit code " + exitCode + summarySuffix(summaryLine),
        hintWithLog(call, "the last lines of its output are shown with this error"),
        exitCode, lastLines, call.logFile(), null);
  }

  /** Julia ran past the call's timeout and was stopped. */
  public static JuliaException timedOut(JuliaCall call, List<String> lastLines) {
    return failed(call, "Julia " + describe(call.script()) + " timed out after " + human(call.timeout())
            + " and was stopped, with every process it started",
        hintWithLog(call, "allow more time (a larger timeout) or look at the output for where it hung"),
        lastLines, null);
  }

  /** The call's working directory is missing, so Julia was not started. */
  public static JuliaException missingWorkDir(JuliaCall call) {
    return notStarted(call, "working directory for Julia does not exist: " + call.workDir(), null, null);
  }

  /** The call's files (parameter file, script copy, log) could not be written, so Julia was not started. */
  public static JuliaException notPrepared(JuliaCall call, IOException cause) {
    return notStarted(call, "could not prepare Julia " + describe(call.script()) + ": " + cause.getMessage(), null, cause);
  }

  /** Julia was not started for a reason the runner words itself ({@code hint} may be null). */
  public static JuliaException notStarted(JuliaCall call, String message, String hint, Throwable cause) {
    return failed(call, message, hint, List.of(), cause);
  }

  /** Julia succeeded but its log could not be written. */
  public static JuliaException logNotWritten(JuliaCall call, IOException cause, List<String> lastLines) {
    return failed(call, "could not write the Julia log " + call.logFile() + ": " + cause.getMessage(), null,
        lastLines, cause);
  }

  private static JuliaException failed(
      JuliaCall call, String message, String hint, List<String> lastLines, Throwable cause) {
    return new JuliaException(call.script(), message, hint, NO_EXIT_CODE, lastLines, call.logFile(), cause);
  }

  private static String hintWithLog(JuliaCall call, String hint) {
    return call.logFile() == null ? hint : hint + "; the whole output is in " + call.logFile();
  }

  private static String summarySuffix(String line) {
    return line.isEmpty() ? "" : ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }

  private static String describe(JuliaScript script) {
    return script.hasScript() ? script.fileName() : "--version";
  }

  private static String human(Duration d) {
    return d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
