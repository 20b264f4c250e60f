package dev.siege.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleTextTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "\u001b[2J|\\e[2J",
      "\u001b]0;owned\u0007|\\e]0;owned\\x07",
      "a\rb|a\\x0db",
      "nul\u0000|nul\\x00",
      "del\u007f|del\\x7f",
      "csi\u009b2J|csi\\u009b2J",
      "\u202eexe.txt|\\u202eexe.txt",
      "\u202a\u202b\u202c\u202d|\\u202a\\u202b\\u202c\\u202d",
      "\u2066\u2067\u2068\u2069|\\u2066\\u2067\\u2068\\u2069"})
  void showsEveryCharacterATerminalActsOnAsAVisibleEscape(String raw, String shown) {
    assertThat(ConsoleText.safe(raw)).isEqualTo(shown);
  }

  @Test
  void leavesNewlinesTabsAndPrintableTextAlone() {
    String text = "café/Δ/日本\tcol\nnext line \\e is already text, U+200F \u200f stays";
    assertThat(ConsoleText.safe(text)).isSameAs(text);
  }

  @Test
  void escapedTextIsLeftAsItIs() {
    String once = ConsoleText.safe("\u001b[2J\u0007\u202e");
    assertThat(ConsoleText.safe(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "/srv/siege/build-1.10_x86", "out/env.tar.gz", "a=b:c,d@e%f+g"})
  void leavesAPlainPathUnquoted(String path) {
    assertThat(ConsoleText.shellWord(path)).isEqualTo(path);
  }

  @Test
  void singleQuotesAnythingAShellWouldInterpret() {
    assertThat(ConsoleText.shellWord("$(touch pwned)")).isEqualTo("'$(touch pwned)'");
    assertThat(ConsoleText.shellWord("it's")).isEqualTo("'it'\\''s'");
    assertThat(ConsoleText.shellWord("-rf")).isEqualTo("'-rf'");
    assertThat(ConsoleText.shellWord("~root")).isEqualTo("'~root'");
    assertThat(ConsoleText.shellWord("")).isEqualTo("''");
  }

  /** The words bash makes of {@code line}, one per line of printf's output. */
  static List<String> bashWords(Path dir, String line) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + line)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "$(touch pwned)", "`touch pwned`", "it's", "'; touch pwned; '", "a b\tc", "x\ny", "*", "?",
      "[a]", "~", "~/x", "-n", "$HOME", "${IFS}", "!!", "a;touch pwned", "a|touch pwned",
      "a&&touch pwned", "a>pwned", "<pwned", "#comment", "{a,b}", "\\", "\"", "'", "''", "é/ü"})
  void bashReadsAQuotedWordBackAsExactlyThatWordAndRunsNothing(String word, @TempDir Path dir)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("a"), ""); // something for a glob to match

    assertThat(bashWords(dir, ConsoleText.shellWord(word))).containsExactly(word.split("\n", -1));
    assertThat(dir.resolve("pwned")).doesNotExist();
  }
}
