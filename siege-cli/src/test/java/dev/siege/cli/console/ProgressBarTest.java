package dev.siege.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long MIB = 1 << 20;
  private static final long SECOND = 1_000_000_000L;

  private final StringWriter text = new StringWriter();
  private long now;

  private ProgressBar bar(boolean terminal) {
    return new ProgressBar(new PrintWriter(text), terminal, "archiving", () -> now);
  }

  @Test
  void terminalLineShowsBarPercentRateAndTimeLeft() {
    ProgressBar bar = bar(true);

    assertThat(bar.line(50 * MIB, 200 * MIB, 2 * SECOND))
        .isEqualTo("archiving [######------------------]  25%  50.0 MiB / 200.0 MiB  25.0 MiB/s  ETA 0:06");
  }

  @Test
  void terminalRedrawsInPlaceAtMostTenTimesASecond() {
    ProgressBar bar = bar(true);
    bar.update(0, 100 * MIB);
    now += SECOND / 50;
    bar.update(MIB, 100 * MIB); // too soon: not drawn
    now += SECOND;
    bar.update(50 * MIB, 100 * MIB);
    now += SECOND / 50;
    bar.update(100 * MIB, 100 * MIB); // complete: always drawn
    bar.clear();

    String[] draws = text.toString().split("\r", -1);
    assertThat(text.toString()).doesNotContain("\n");
    assertThat(text.toString()).contains(" 50%").contains("100%").doesNotContain("  1%");
    assertThat(draws[draws.length - 1]).isEmpty(); // cleared: the cursor is back at the start
  }

  @Test
  void aLabelHoldingControlCharactersIsShownEscapedWhileTheBarRedrawsInPlace() {
    ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "archiving \u001b]0;owned\u0007", () -> now);
    bar.update(MIB, 2 * MIB);
    bar.clear();

    assertThat(text.toString()).startsWith("\rarchiving \\e]0;owned\\x07 [").endsWith("\r")
        .doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void elsewherePrintsAPlainLineAtEachQuarter() {
    ProgressBar bar = bar(false);
    for (long done = 0; done <= 100; done += 5) {
      now += SECOND;
      bar.update(done * MIB, 100 * MIB);
    }

    assertThat(text.toString().lines())
        .containsExactly(
            "archiving: 25% (25.0 MiB of 100.0 MiB, 5.0 MiB/s, ETA 0:15)",
            "archiving: 50% (50.0 MiB of 100.0 MiB, 5.0 MiB/s, ETA 0:10)",
            "archiving: 75% (75.0 MiB of 100.0 MiB, 5.0 MiB/s, ETA 0:05)",
            "archiving: 100% (100.0 MiB of 100.0 MiB in 20.0 s)");
  }

  @Test
  void unitsAreBinaryAndClocksReadable() {
    assertThat(Units.bytes(512)).isEqualTo("512 B");
    assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Units.bytes(3L << 30)).isEqualTo("3.0 GiB");
    assertThat(Units.duration(1_500_000_000L)).isEqualTo("1.5 s");
    assertThat(Units.duration(185 * SECOND)).isEqualTo("3:05");
    assertThat(Units.clock(3723)).isEqualTo("1:02:03");
  }
}
