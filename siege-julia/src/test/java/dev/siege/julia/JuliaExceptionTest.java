package dev.siege.julia;

import dev.siege.core.plan.JuliaScript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JuliaExceptionTest {

  private static JuliaCall call(JuliaScript purpose, Duration timeout, Path log) {
    return new JuliaCall(purpose, Map.of(), List.of(), EnvChanges.none(), Path.of("/work"), timeout, log);
  }

  @Test
  void exitedQuotesTheSummaryLineCutAt200CharactersAndPointsToTheLog() {
    Path log = Path.of("/logs/sysimage.log");

    JuliaException e = JuliaException.exited(call(JuliaScript.SYSIMAGE, Duration.ofHours(1), log), 1, "x".repeat(250),
        List.of("a", "b"));

    assertThat(e.getMessage()).isEqualTo("Julia build_sysimage.jl failed with exit code 1: " + "x".repeat(200) + "...");
    assertThat(e.hint()).contains("the last lines of its output are shown with this error; the whole output is in " + log);
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.script()).isEqualTo(JuliaScript.SYSIMAGE);
    assertThat(e.lastLines()).containsExactly("a", "b");
    assertThat(e.logFile()).contains(log);
  }

  @Test
  void exitedWithoutOutputOrLogSaysOnlyTheExitCode() {
    JuliaException e = JuliaException.exited(call(JuliaScript.VERSION, Duration.ofSeconds(5), null), 2, "", List.of());

    assertThat(e.getMessage()).isEqualTo("Julia --version failed with exit code 2");
    assertThat(e.hint()).contains("the last lines of its output are shown with this error");
    assertThat(e.logFile()).isEmpty();
  }

  @Test
  void timedOutStatesTheTimeoutInSecondsOrBelowASecondInMilliseconds() {
    JuliaException slow = JuliaException.timedOut(call(JuliaScript.INSTANTIATE, Duration.ofMinutes(2), null), List.of("x"));
    JuliaException quick = JuliaException.timedOut(call(JuliaScript.INSTANTIATE, Duration.ofMillis(50), null), List.of());

    assertThat(slow.getMessage()).isEqualTo("Julia instantiate.jl timed out after 120 s and was stopped, with every process it started");
    assertThat(quick.getMessage()).contains("timed out after 50 ms");
    assertThat(slow.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
    assertThat(slow.lastLines()).containsExactly("x");
    assertThat(slow.hint()).contains("allow more time (a larger timeout) or look at the output for where it hung");
  }

  @Test
  void notStartedFailuresCarryNoExitCodeNoLinesAndTheirCause() {
    IOException cause = new IOException("disk full");

    JuliaException prepare = JuliaException.notPrepared(call(JuliaScript.PROBE, Duration.ofSeconds(5), null), cause);
    JuliaException workDir = JuliaException.missingWorkDir(call(JuliaScript.PROBE, Duration.ofSeconds(5), null));

    assertThat(prepare.getMessage()).isEqualTo("could not prepare Julia probe.jl: disk full");
    assertThat(prepare.getCause()).isSameAs(cause);
    assertThat(prepare.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
    assertThat(prepare.lastLines()).isEmpty();
    assertThat(workDir.getMessage()).isEqualTo("working directory for Julia does not exist: /work");
  }
}
