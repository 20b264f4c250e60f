package dev.siege.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failure the user can act on: a one-line message, an optional hint (how to fix it) and the
 * file (and line, where a parser knows it) it concerns. The CLI prints these without a stack
 * trace; embedders show {@link #getMessage()} and {@link #hint()}.
 */
public class SiegeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hint;
  private final Path file;
  private final int line;

  public SiegeException(String message) {
    this(message, null, null, 0, null);
  }

  public SiegeException(String message, String hint) {
    this(message, hint, null, 0, null);
  }

  public SiegeException(String message, String hint, Throwable cause) {
    this(message, hint, null, 0, cause);
  }

  /**
   * @param hint how to fix it, or null
   * @param file the file concerned, or null
   * @param line 1-based line in {@code file}, or 0 when unknown
   */
  public SiegeException(String message, String hint, Path file, int line, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
    this.hint = hint;
    this.file = file;
    this.line = line;
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  public OptionalInt line() {
    return line == 0 ? OptionalInt.empty() : OptionalInt.of(line);
  }

  /** {@code file:line: message}, {@code file: message} or just the message. */
  public String describe() {
    if (file == null) {
      return getMessage();
    }
    return file + (line > 0 ? ":" + line : "") + ": " + getMessage();
  }
}
