package dev.siege.cli.console;

import java.util.regex.Pattern;

/**
 * Text made safe for a terminal and a shell. Names from TOML files, archive entries, paths and
 * Julia's output are data: printed raw, a control character in them could clear the screen,
 * retitle the window or reorder what the user reads. {@link ConsoleWriter} passes every character
 * the CLI prints through {@link #safe}; {@link #shellWord} quotes what SIEGE suggests to paste.
 */
public final class ConsoleText {
  /** Words a shell takes as they are: no expansion, globbing, word splitting or quoting. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ConsoleText() {}

  /**
   * {@code text} with every character a terminal would act on shown as a visible escape: ESC as
   * {@code \e}, the other C0 controls and DEL as {@code \x07}, C1 controls as {@code \u009b}, and
   * the Unicode bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) as {@code
   * \u202e}. Newline and tab pass: they are how the CLI lays out its own lines.
   */
  public static String safe(CharSequence text) {
    int n = text.length();
    int i = 0;
    while (i < n && !isEscaped(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return text.toString();
    }
    StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!isEscaped(c)) {
        sb.append(c);
      } else if (c == 0x1b) {
        sb.append("\\e");
      } else if (c < 0x80) {
        sb.append("\\x").append(hex(c, 2));
      } else {
        sb.append("\\u").append(hex(c, 4));
      }
    }
    return sb.toString();
  }

  /** Whether {@link #safe} replaces {@code c}. */
  public static boolean isEscaped(char c) {
    if (c < 0x20) {
      return c != '\n' && c != '\t';
    }
    return (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  private static String hex(char c, int digits) {
    String h = Integer.toHexString(c);
    return "0".repeat(digits - h.length()) + h;
  }

  /**
   * {@code word} as one shell word that bash expands to exactly {@code word}: unchanged when it
   * holds only ASCII letters, digits and {@code _@%+=:,./-} and does not start with {@code -} (a
   * plain path stays readable), otherwise in single quotes, an embedded quote written {@code
   * '\''}. Inside single quotes nothing is special: not {@code $(...)}, backticks, {@code $},
   * globs, {@code ~} or spaces. A control character stays in the word; printed, the console
   * writer shows it escaped, so the pasted word then names another path, never runs anything.
   */
  public static String shellWord(String word) {
    if (PLAIN_WORD.matcher(word).matches() && !word.startsWith("-")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
