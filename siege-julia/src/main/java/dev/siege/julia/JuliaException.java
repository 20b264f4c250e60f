package dev.siege.julia;

import dev.siege.core.SiegeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Julia could not be started, exited non-zero, or ran past its timeout. */
public class JuliaException extends SiegeException {
  private static final long serialVersionUID = 1L;

  /** Exit code when the process never produced one (not started, or killed on timeout). */
  public static final int NO_EXIT_CODE = -1;

  private final Purpose purpose;
  private final int exitCode;
  private final List<String> lastLines;
  private final transient Path logFile;

  public JuliaException(
      Purpose purpose,
      String message,
      String hint,
      int exitCode,
      List<String> lastLines,
      Path logFile,
      Throwable cause) {
    super(message, hint, cause);
    this.purpose = purpose;
    this.exitCode = exitCode;
    this.lastLines = List.copyOf(lastLines);
    this.logFile = logFile;
  }

  public Purpose purpose() {
    return purpose;
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
}
