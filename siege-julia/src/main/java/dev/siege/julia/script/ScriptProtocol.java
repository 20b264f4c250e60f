package dev.siege.julia.script;

import java.util.Objects;
import java.util.Optional;

/**
 * The machine-readable lines SIEGE's Julia scripts print on standard output, which the runner
 * turns into results and {@code Progress} events. Every other line is ordinary output.
 *
 * <pre>
 * ##siege result &lt;key&gt; &lt;value&gt;
 * ##siege progress &lt;done&gt; &lt;total&gt; &lt;text&gt;
 * ##siege warning &lt;text&gt;
 * </pre>
 *
 * <p>{@code key} has no spaces; {@code value} and {@code text} are the rest of the line, with
 * {@code \} written as {@code \\}, newline as {@code \n} and carriage return as {@code \r} (so a
 * path containing a newline still fits one line). {@code total} is -1 when unknown. The Julia
 * side is {@code siege_protocol.jl} ({@code siege_result}, {@code siege_progress}, {@code
 * siege_warning}). A warning is something the build should tell its user (a package whose
 * choice of files depends on the build machine, say); its text names what it is about.
 */
public final class ScriptProtocol {

  /** The prefix of every protocol line. */
  public static final String PREFIX = "##siege ";

  private static final String RESULT = PREFIX + "result ";
  private static final String PROGRESS = PREFIX + "progress ";
  private static final String WARNING = PREFIX + "warning ";

  private ScriptProtocol() {}

  /** One protocol line. */
  public sealed interface Line {}

  /** A key/value result. */
  public record Result(String key, String value) implements Line {
    public Result {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Progress of the script's work: {@code done} of {@code total} (-1: unknown). */
  public record Progress(long done, long total, String text) implements Line {
    public Progress {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A warning for the build's user. */
  public record Warning(String text) implements Line {
    public Warning {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Parses {@code line}; empty when it is not a well-formed protocol line. */
  public static Optional<Line> parse(String line) {
    if (line.startsWith(WARNING)) {
      String text = unescape(line.substring(WARNING.length()));
      return text.isBlank() ? Optional.empty() : Optional.of(new Warning(text));
    }
    if (line.startsWith(RESULT)) {
      String rest = line.substring(RESULT.length());
      int space = rest.indexOf(' ');
      String key = space < 0 ? rest : rest.substring(0, space);
      if (key.isEmpty()) {
        return Optional.empty();
      }
      String value = space < 0 ? "" : unescape(rest.substring(space + 1));
      return Optional.of(new Result(key, value));
    }
    if (line.startsWith(PROGRESS)) {
      String[] parts = line.substring(PROGRESS.length()).split(" ", 3);
      if (parts.length < 2) {
        return Optional.empty();
      }
      try {
        long done = Long.parseLong(parts[0]);
        long total = Long.parseLong(parts[1]);
        return Optional.of(new Progress(done, total, parts.length == 3 ? unescape(parts[2]) : ""));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Formats a result line as the Julia side does (used by fakes and tests). */
  public static String result(String key, String value) {
    if (key.isEmpty() || key.indexOf(' ') >= 0 || key.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("result key must be non-empty without spaces: " + key);
    }
    return RESULT + key + " " + escape(value);
  }

  /** Formats a progress line as the Julia side does (used by fakes and tests). */
  public static String progress(long done, long total, String text) {
    return PROGRESS + done + " " + total + " " + escape(text);
  }

  /** Formats a warning line as the Julia side does (used by fakes and tests). */
  public static String warning(String text) {
    return WARNING + escape(text);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case '\\' -> sb.append('\\');
          default -> sb.append('\\').append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
