package dev.siege.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.check.Diagnostic;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.plan.StepId;
import dev.siege.core.event.SiegeEvent.Level;
import dev.siege.core.event.SiegeEvent.Stream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildConsoleTest {
  @TempDir Path tmp;

  final StringWriter text = new StringWriter();

  BuildConsole console(boolean terminal, boolean verbose) throws IOException {
    return new BuildConsole(new PrintWriter(text), terminal, verbose, tmp.resolve("logs/build.log"));
  }

  String log() throws IOException {
    return Files.readString(tmp.resolve("logs/build.log"), StandardCharsets.UTF_8);
  }

  /** A small build's events: two steps, Julia output, progress, a diagnostic and messages. */
  static List<SiegeEvent> build() {
    return List.of(
        new SiegeEvent.StepStarted(StepId.INSTANTIATE),
        new SiegeEvent.Progress("instantiate: precompiling", 2, 4, SiegeEvent.Unit.STEPS),
        new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "Precompiling project..."),
        new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDOUT, "  5 dependencies successfully precompiled"),
        new SiegeEvent.Progress("reuse", 512, 1024, SiegeEvent.Unit.BYTES),
        new SiegeEvent.Message(Level.INFO, "reused 33 files of the previous bundle"),
        new SiegeEvent.Message(Level.DEBUG, "parameter file written"),
        new SiegeEvent.StepFinished(StepId.INSTANTIATE, Duration.ofMillis(2500), true),
        new SiegeEvent.StepStarted(StepId.SYSIMAGE),
        new SiegeEvent.DiagnosticReported(Diagnostic.warning("tracked-repo", Path.of("env/Manifest.toml"), 12,
            "Foo tracks a branch", "pin it with Pkg.pin")),
        new SiegeEvent.Message(Level.WARNING, "2 file(s) contain the build-time path of the bundle"),
        new SiegeEvent.StepFinished(StepId.SYSIMAGE, Duration.ofSeconds(75), false));
  }

  void play(BuildConsole console, List<SiegeEvent> events) {
    events.forEach(console::on);
    console.close();
  }

  @Test
  void countsTheWarningsItShowsMessagesAndDiagnosticsButNotErrorsOrInformation() throws IOException {
    BuildConsole console = console(false, false);
    List<SiegeEvent> events = new ArrayList<>(build()); // one warning diagnostic, one warning message
    events.add(new SiegeEvent.DiagnosticReported(Diagnostic.error("broken", null, 0, "an error", null)));
    play(console, events);

    assertThat(console.warningsShown()).isEqualTo(2);
    assertThat(text.toString().lines().filter(l -> l.contains("warning: ")).count()).isEqualTo(2);
  }

  @Test
  void showsEachStepWithItsDurationOnAPlainConsole() throws IOException {
    play(console(false, false), build());

    assertThat(text.toString()).isEqualTo(String.join("\n",
        "==> " + StepId.INSTANTIATE.title(),
        "    instantiate: precompiling (2/4)",
        "reuse: 50% (512 B of 1.0 KiB)",
        "    reused 33 files of the previous bundle",
        "    done in 2.5 s (instantiate)",
        "==> " + StepId.SYSIMAGE.title(),
        "env/Manifest.toml:12: warning: Foo tracks a branch",
        "  hint: pin it with Pkg.pin",
        "warning: 2 file(s) contain the build-time path of the bundle",
        "    FAILED in 1:15 (sysimage)",
        ""));
  }

  @Test
  void verboseShowsEveryJuliaLineAndDebugMessages() throws IOException {
    play(console(false, true), build());

    assertThat(text.toString())
        .contains("    | Precompiling project...\n    |   5 dependencies successfully precompiled\n")
        .contains("    parameter file written\n");
  }

  @Test
  void withoutVerboseJuliaOutputStaysOutOfAPlainConsole() throws IOException {
    play(console(false, false), build());

    assertThat(text.toString()).doesNotContain("Precompiling").doesNotContain("parameter file written");
  }

  @Test
  void theLogHasEveryEventIncludingJuliasLinesButNoByteCounters() throws IOException {
    play(console(false, false), build());

    List<String> all = log().lines().toList();
    assertThat(all.get(0)).startsWith(BuildLog.HEADER + " ");
    List<String> lines = all.subList(1, all.size()).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    assertThat(all.subList(1, all.size()))
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .+"));
    assertThat(lines).containsExactly(
        "step instantiate started: " + StepId.INSTANTIATE.title(),
        "progress instantiate: precompiling 2/4 steps",
        "instantiate stderr: Precompiling project...",
        "instantiate stdout:   5 dependencies successfully precompiled",
        "info: reused 33 files of the previous bundle",
        "debug: parameter file written",
        "step instantiate finished after 2.5 s",
        "step sysimage started: " + StepId.SYSIMAGE.title(),
        "env/Manifest.toml:12: warning: Foo tracks a branch (hint: pin it with Pkg.pin)",
        "warning: 2 file(s) contain the build-time path of the bundle",
        "step sysimage FAILED after 1:15");
  }

  @Test
  void aPlainConsoleAndTheLogNeverGetCarriageReturns() throws IOException {
    List<SiegeEvent> events = new ArrayList<>(build());
    // Julia's progress displays redraw with \r inside one line; the pump splits on \n only.
    events.add(new SiegeEvent.JuliaOutput(JuliaScript.SYSIMAGE, Stream.STDERR, "◐ [00m:01s] compiling\r✔ [00m:03s] compiling"));
    events.add(new SiegeEvent.Progress("checksums", 1 << 20, 1 << 20, SiegeEvent.Unit.BYTES));
    for (boolean verbose : new boolean[] {false, true}) {
      play(console(false, verbose), events);
      assertThat(text.toString()).doesNotContain("\r");
      assertThat(log()).doesNotContain("\r").contains("compiling");
    }
  }

  @Test
  void aTerminalShowsTheLatestJuliaLineInPlaceAndClearsItBeforeTheNextLine() throws IOException {
    BuildConsole console = console(true, false);
    console.on(new SiegeEvent.StepStarted(StepId.INSTANTIATE));
    console.on(new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "Precompiling project..."));
    console.on(new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "\tdone"));
    console.on(new SiegeEvent.StepFinished(StepId.INSTANTIATE, Duration.ofMillis(100), true));
    console.close();

    assertThat(text.toString()).contains("\r    | Precompiling project...").contains("\r    |  done");
    assertThat(screen(text.toString())).containsExactly("==> " + StepId.INSTANTIATE.title(), "    done in 0.1 s (instantiate)");
  }

  @Test
  void aTerminalCutsLongJuliaLinesToOneScreenLine() throws IOException {
    BuildConsole console = console(true, false);
    console.on(new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "x".repeat(500)));

    String drawn = text.toString().substring(1);
    assertThat(drawn).hasSize(100).endsWith("x...");
    console.close();
  }

  @Test
  void aTerminalProgressBarIsClearedBeforeTheNextLine() throws IOException {
    BuildConsole console = console(true, false);
    console.on(new SiegeEvent.Progress("verify", 1 << 20, 1 << 20, SiegeEvent.Unit.BYTES));
    console.on(new SiegeEvent.StepFinished(StepId.CHECK, Duration.ofMillis(100), true));
    console.close();

    assertThat(screen(text.toString())).containsExactly("    done in 0.1 s (check)");
  }

  static final String HOSTILE = "\u001b[2J\u0007\u202e";
  static final String SHOWN = "\\e[2J\\x07\\u202e";

  /** Events carrying text that would clear the screen, ring the bell and reverse the line. */
  static List<SiegeEvent> hostile() {
    return List.of(
        new SiegeEvent.StepStarted(StepId.INSTANTIATE),
        new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "julia says " + HOSTILE),
        new SiegeEvent.Progress("download " + HOSTILE, 1, 2, SiegeEvent.Unit.BYTES),
        new SiegeEvent.Progress("precompiling " + HOSTILE, 1, 2, SiegeEvent.Unit.STEPS),
        new SiegeEvent.DiagnosticReported(Diagnostic.warning("tracked-repo", Path.of("env" + HOSTILE + "/Manifest.toml"), 1,
            "Foo" + HOSTILE + " tracks a branch", "pin " + HOSTILE)),
        new SiegeEvent.Message(Level.WARNING, "warned " + HOSTILE),
        new SiegeEvent.StepFinished(StepId.INSTANTIATE, Duration.ofMillis(100), true),
        new SiegeEvent.StepSkipped(StepId.SYSIMAGE, "because " + HOSTILE));
  }

  @Test
  void aTerminalRedrawsInPlaceButShowsControlCharactersInTheDataEscaped() throws IOException {
    play(console(true, false), hostile());

    String out = text.toString();
    assertThat(out).contains("\r    | julia says " + SHOWN).contains("download " + SHOWN)
        .contains("precompiling " + SHOWN).contains("Foo" + SHOWN).contains("pin " + SHOWN)
        .contains("warned " + SHOWN).contains("because " + SHOWN);
    assertThat(out.replace("\r", "")).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f\\u202a-\\u202e]");
  }

  @Test
  void verboseLinesAndTheLogShowControlCharactersEscaped() throws IOException {
    play(console(false, true), hostile());

    for (String out : List.of(text.toString(), log())) {
      assertThat(out).contains("julia says " + SHOWN).contains("Foo" + SHOWN).contains("warned " + SHOWN)
          .doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f\\u202a-\\u202e]");
    }
  }

  @Test
  void aLiveLineIsCutAfterEscapingSoItFitsTheScreen() throws IOException {
    BuildConsole console = console(true, false);
    console.on(new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, Stream.STDERR, "\u0007".repeat(200)));

    assertThat(text.toString().substring(1)).hasSize(100).startsWith("    | \\x07").endsWith("...");
    console.close();
  }

  @Test
  void worksWithoutALogFile() throws IOException {
    BuildConsole console = new BuildConsole(new PrintWriter(text), false, false, null);
    assertThat(console.logFile()).isNull();
    play(console, build());
    assertThat(text.toString()).contains("==> " + StepId.INSTANTIATE.title());
  }

  /**
   * What a terminal shows for {@code output}: each line after carriage returns have moved the
   * cursor back to its start, trailing blanks removed, blank lines dropped.
   */
  static List<String> screen(String output) {
    List<String> lines = new ArrayList<>();
    for (String raw : output.split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      int col = 0;
      for (char c : raw.toCharArray()) {
        if (c == '\r') {
          col = 0;
        } else {
          if (col < line.length()) {
            line.setCharAt(col, c);
          } else {
            line.append(c);
          }
          col++;
        }
      }
      String shown = line.toString().stripTrailing();
      if (!shown.isEmpty()) {
        lines.add(shown);
      }
    }
    return lines;
  }
}
