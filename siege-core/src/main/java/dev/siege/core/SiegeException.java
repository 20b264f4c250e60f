package dev.siege.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failure the user can act on: a one-line message, an optional hint (how to fix it) and the
 * file (and line, where a parser knows it) it concerns. The CLI prints these without a stack
 * trace; embedders show {@link #getMessage()} and {@link #hint()}.
 *
 * <p>Message and hint may point at an option through a {@link BuildOption#ref() reference}: {@link
 * #getMessage()} and {@link #hint()} render it for an embedder (a builder call); a front end with
 * words of its own renders {@link #rawMessage()} and {@link #rawHint()} (the CLI: its flags).
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

  /** The message with option references rendered as builder calls. */
  @Override
  public String getMessage() {
    return BuildOption.forLibrary(super.getMessage());
  }

  /** The message as written, option references unrendered (see {@link BuildOption#render}). */
  public String rawMessage() {
    return super.getMessage();
  }

  /** The hint with option references rendered as builder calls. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint).map(BuildOption::forLibrary);
  }

  /** The hint as written, option references unrendered. */
  public Optional<String> rawHint() {
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
    return describe(getMessage());
  }

  /** {@link #describe()} with the raw message (option references unrendered). */
  public String rawDescribe() {
    return describe(rawMessage());
  }

  private String describe(String message) {
    if (file == null) {
      return message;
    }
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
