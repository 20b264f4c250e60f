package dev.siege.julia.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.script.ScriptProtocol;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputCollectorTest {

  private static final SiegeEvent.Stream OUT = SiegeEvent.Stream.STDOUT;
  private static final SiegeEvent.Stream ERR = SiegeEvent.Stream.STDERR;

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path log = fs.getPath("/build/logs/instantiate.log");
  private final List<SiegeEvent> events = new ArrayList<>();
  private final SiegeListener listener = events::add;

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private JuliaCall call(Path logFile) {
    return new JuliaCall(JuliaScript.INSTANTIATE, Map.of(), List.of(), EnvChanges.none(), fs.getPath("/"),
        Duration.ofSeconds(90), logFile);
  }

  @Test
  void openCreatesTheLogWithItsParentDirectoriesAndFinishLeavesEveryLineAndNoteInIt() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(log), listener)) {
      c.line(OUT, "hello");
      c.line(ERR, "  Installed CSV");
      c.note("something to say");
      c.finish(0, Duration.ZERO);
    }

    assertThat(Files.readString(log)).isEqualTo("hello\n  Installed CSV\n[siege] something to say\n");
  }

  @Test
  void protocolLinesOnStdoutBecomeResultsAndProgressAndOtherLinesBecomeOutput() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(null), listener)) {
      c.line(OUT, ScriptProtocol.progress(1, 4, "resolving"));
      c.line(OUT, ScriptProtocol.result("packages", "12"));
      c.line(OUT, "plain");
      c.line(ERR, "##siege result ignored on stderr");

      JuliaResult r = c.finish(0, Duration.ofSeconds(3));

      assertThat(r.results()).containsExactly(Map.entry("packages", "12"));
      assertThat(r.stdout()).containsExactly("plain");
      assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(3));
      assertThat(r.script()).isEqualTo(JuliaScript.INSTANTIATE);
    }
    assertThat(events).containsExactly(
        new SiegeEvent.Progress("instantiate: resolving", 1, 4, SiegeEvent.Unit.STEPS),
        new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, OUT, "plain"),
        new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, ERR, "##siege result ignored on stderr"));
  }

  @Test
  void summaryLinePrefersJuliasErrorLineThenTheLastStderrLineThenTheLastNonBlankLine() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(null), listener)) {
      assertThat(c.summaryLine()).isEmpty();
      c.line(OUT, "  last stdout  ");
      c.line(OUT, "   ");
      assertThat(c.summaryLine()).isEqualTo("last stdout");
      c.line(ERR, "Stacktrace:");
      c.line(OUT, "after");
      assertThat(c.summaryLine()).isEqualTo("Stacktrace:");
      c.line(ERR, "ERROR: LoadError: boom");
      c.line(ERR, " [1] top-level scope");
      c.line(ERR, "in expression starting at /x.jl:3");
      assertThat(c.summaryLine()).isEqualTo("ERROR: LoadError: boom");
      c.line(ERR, "SIEGE: the package list is empty");
      assertThat(c.summaryLine()).isEqualTo("SIEGE: the package list is empty");
    }
  }

  @Test
  void lastLinesKeepsTheLastFortyOfBothStreamsInOrder() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(null), listener)) {
      for (int i = 1; i <= 50; i++) {
        c.line(i % 2 == 0 ? OUT : ERR, "line " + i);
      }
      assertThat(c.lastLines()).hasSize(OutputCollector.LAST_LINES).startsWith("line 11").endsWith("line 50");
    }
  }

  @Test
  void nonZeroExitThrowsWithTheSummaryLineLastLinesAndLog() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(log), listener)) {
      c.line(ERR, "ERROR: LoadError: boom");
      c.line(ERR, "in expression starting at /x.jl:3");

      JuliaException e = catchThrowableOfType(() -> c.finish(3, Duration.ZERO), JuliaException.class);

      assertThat(e.getMessage()).isEqualTo("Julia instantiate.jl failed with exit code 3: ERROR: LoadError: boom");
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.lastLines()).containsExactly("ERROR: LoadError: boom", "in expression starting at /x.jl:3");
      assertThat(e.logFile()).contains(log);
    }
  }

  @Test
  void aFailingListenerStopsGettingEventsAndItsExceptionIsRethrownAtTheEnd() throws Exception {
    IllegalStateException boom = new IllegalStateException("listener broke");
    List<SiegeEvent> seen = new ArrayList<>();
    SiegeListener failing = e -> {
      seen.add(e);
      throw boom;
    };
    try (OutputCollector c = OutputCollector.open(call(log), failing)) {
      c.line(OUT, "one");
      c.line(OUT, "two");
      c.line(OUT, "##siege result k v");

      assertThatThrownBy(() -> c.finish(1, Duration.ZERO)).isSameAs(boom);
      assertThat(c.results()).containsEntry("k", "v");
    }
    assertThat(seen).hasSize(1);
    assertThat(Files.readString(log)).isEqualTo("one\ntwo\n##siege result k v\n");
  }

  @Test
  void aLogWriteFailureFailsAnOtherwiseSuccessfulCallAndKeepsTheCause() throws Exception {
    IOException full = new IOException("No space left on device");
    Writer broken = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw full;
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    JuliaCall call = call(log);
    try (OutputCollector c = new OutputCollector(call, listener, broken)) {
      c.line(OUT, "hello");

      JuliaException e = catchThrowableOfType(() -> c.finish(0, Duration.ZERO), JuliaException.class);

      assertThat(e.getMessage()).isEqualTo("could not write the Julia log " + log + ": No space left on device");
      assertThat(e.getCause()).isSameAs(full);
      assertThat(e.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
      assertThat(e.lastLines()).containsExactly("hello");
    }
    assertThat(events).containsExactly(new SiegeEvent.JuliaOutput(JuliaScript.INSTANTIATE, OUT, "hello"));
  }

  @Test
  void timedOutNotesTheStopInTheLogAndReturnsTheTimeoutException() throws Exception {
    JuliaException e;
    try (OutputCollector c = OutputCollector.open(call(log), listener)) {
      c.line(OUT, "starting");
      e = c.timedOut();
    }

    assertThat(e.getMessage()).isEqualTo("Julia instantiate.jl timed out after 90 s and was stopped, with every process it started");
    assertThat(e.lastLines()).containsExactly("starting");
    assertThat(Files.readString(log)).isEqualTo("starting\n[siege] stopped: timed out after PT1M30S\n");
  }

  @Test
  void linesAfterCloseStillReachTheListenerButNotTheLog() throws Exception {
    try (OutputCollector c = OutputCollector.open(call(log), listener)) {
      c.line(OUT, "before");
      c.interrupted();
      c.line(OUT, "late, from a process Julia left behind");
    }

    assertThat(Files.readString(log)).isEqualTo("before\n[siege] stopped: the calling thread was interrupted\n");
    assertThat(events).hasSize(2);
  }
}
