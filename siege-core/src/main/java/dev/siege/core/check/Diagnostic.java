package dev.siege.core.check;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in an environment. Checks return these instead of throwing so that
 * {@code siege check} can list every problem at once.
 *
 * @param code stable machine-readable identifier, e.g. {@code manifest-stale}
 * @param file the file concerned, or null when the problem is not tied to a file
 * @param line 1-based line, or 0 when unknown
 * @param hint how to fix it, or null
 */
public record Diagnostic(
    Severity severity, String code, Path file, int line, String message, String hint) {

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
  }

  public static Diagnostic error(String code, Path file, int line, String message, String hint) {
    return new Diagnostic(Severity.ERROR, code, file, line, message, hint);
  }

  public static Diagnostic warning(String code, Path file, int line, String message, String hint) {
    return new Diagnostic(Severity.WARNING, code, file, line, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  public Optional<String> hintText() {
    return Optional.ofNullable(hint);
  }

  /** {@code file:line: severity: message} (file and line left out when unknown). */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    return sb.append(severity.label()).append(": ").append(message).toString();
  }
}
