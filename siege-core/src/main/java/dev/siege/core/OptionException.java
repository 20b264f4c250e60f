package dev.siege.core;

/**
 * A value of an option the library refuses when it is given (a builder method's argument): an
 * {@link IllegalArgumentException} whose message may carry option references ({@code
 * {option:CUDA}}), rendered like {@link SiegeException}'s: {@link #getMessage()} as builder calls
 * for an embedder, {@link #rawMessage()} as written, for a front end with words of its own (the
 * CLI renders its flags).
 */
public class OptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OptionException(String message) {
    super(message);
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

  /** {@code e}'s message as written: the raw one of an {@link OptionException}, else its message. */
  public static String rawMessageOf(IllegalArgumentException e) {
    return e instanceof OptionException o ? o.rawMessage() : String.valueOf(e.getMessage());
  }
}
