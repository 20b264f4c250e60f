package dev.siege.bundle.launcher;

/** POSIX shell single-quoting: the quoted word is always exactly the given string. */
final class ShellQuote {
  private ShellQuote() {}

  /**
   * {@code 'text'}, with each embedded {@code '} written as {@code '\''}. Newlines, {@code $},
   * backslashes and double quotes need no escaping inside single quotes.
   *
   * @throws IllegalArgumentException if {@code text} contains NUL, which no shell string can hold
   */
  static String quote(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain NUL");
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
