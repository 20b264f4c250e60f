package dev.siege.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConsoleWriterTest {
  static final String RAW = "\u001b[2J\u0007\u202e";
  static final String SHOWN = "\\e[2J\\x07\\u202e";

  final StringWriter text = new StringWriter();
  final ConsoleWriter out = ConsoleWriter.of(new PrintWriter(text));

  @Test
  void escapesWhatEveryWayOfPrintingWrites() {
    out.println("println " + RAW);
    out.print("print " + RAW);
    out.println();
    out.printf(Locale.ROOT, "printf %s %-3s|%n", RAW, "x");
    out.append("append ").append(RAW).append('\u0007').append('\n');
    out.write("write " + RAW + "\n");
    out.write(("chars " + RAW + "\n").toCharArray());
    out.write(0x1b);
    out.print('\u202e');
    out.println((Object) ("object " + RAW));
    out.flush();

    assertThat(text.toString()).isEqualTo(
        "println " + SHOWN + "\n"
            + "print " + SHOWN + "\n"
            + "printf " + SHOWN + " x  |\n"
            + "append " + SHOWN + "\\x07\n"
            + "write " + SHOWN + "\n"
            + "chars " + SHOWN + "\n"
            + "\\e\\u202eobject " + SHOWN + "\n");
  }

  @Test
  void controlWritesTheCliOwnRedrawAsItIs() {
    out.control("\r");
    out.print("live \r line");
    out.control("\r");
    out.flush();

    assertThat(text.toString()).isEqualTo("\rlive \\x0d line\r");
  }

  @Test
  void wrapsAWriterOnlyOnce() {
    assertThat(ConsoleWriter.of(out)).isSameAs(out);
  }
}
