package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text that would drive a terminal if printed raw: clear the screen (ESC [2J), ring the bell
 * (BEL), reverse what follows (U+202E), retitle the window (OSC 0 ... BEL), and its escaped form.
 */
final class Hostile {
  /** Clear screen, bell, right-to-left override. */
  static final String TEXT = "\u001b[2J\u0007\u202e";

  /** {@link #TEXT} as the console shows it. */
  static final String SHOWN = "\\e[2J\\x07\\u202e";

  private Hostile() {}

  /** {@code output} holds no character a terminal acts on (newline and tab aside) and shows {@link #TEXT} escaped. */
  static void assertShownEscaped(String output) {
    assertNoControlCharacters(output);
    assertThat(output).contains(SHOWN);
  }

  static void assertNoControlCharacters(String output) {
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      assertThat(control).as("U+%04X at %d in:%n%s", (int) c, i, output).isFalse();
    }
  }
}
