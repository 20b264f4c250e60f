package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.probe.JuliaProbe;
import dev.siege.julia.process.ProcessJuliaRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake {@code julia} as a real process, started by siege-julia's {@link ProcessJuliaRunner}.
 * Each call starts a JVM, so there are few.
 */
class FakeJuliaExecutableTest {
  @TempDir Path tmp;

  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());
  final SiegeListener listener = events::add;

  /** A clean environment, so the machine's JULIA_* variables cannot reach the fake. */
  Map<String, String> base() {
    return Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "SIEGE_FAKE_CALL_LOG", tmp.resolve("calls.log").toString());
  }

  @Test
  void probeRoundTripsThroughTheRealRunnerFromADirectoryWithAwkwardCharacters() throws Exception {
    Path dir = tmp.resolve("bin dir with 'quotes' and $HOME");
    Path julia = FakeJuliaExecutable.install(dir, Map.of("SIEGE_FAKE_JULIA_VERSION", "1.10.5", "SIEGE_FAKE_CPU_NAME", "znver3"));

    JuliaInfo info = new JuliaProbe(null, tmp).probe(julia, new ProcessJuliaRunner(julia, tmp, base()), listener);

    assertThat(info.version().toString()).isEqualTo("1.10.5");
    assertThat(info.arch()).isEqualTo("x86_64");
    assertThat(info.cpuName()).isEqualTo("znver3");
    assertThat(info.bindir()).isEqualTo(dir.toAbsolutePath());
    assertThat(info.triplet()).isEqualTo("x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.5");
    assertThat(Files.readAllLines(tmp.resolve("calls.log"))).hasSize(2)
        .satisfiesExactly(v -> assertThat(v).isEqualTo("version\t--version"), p -> assertThat(p).startsWith("probe\t--startup-file=no\t"));
  }

  @Test
  void instantiateThroughTheRealRunnerWritesTheDepotAndReportsResultsAndProgress() throws Exception {
    Path julia = FakeJuliaExecutable.install(tmp.resolve("jl"));
    Path env = FakeJuliaRunnerTest.project(tmp.resolve("bundle/env"));
    Path depot = tmp.resolve("bundle/depot");
    EnvChanges changes = EnvChanges.builder()
        .set("JULIA_DEPOT_PATH", depot + ":").set("JULIA_PROJECT", env.toString()).unset("JULIA_LOAD_PATH").build();

    JuliaResult r = new ProcessJuliaRunner(julia, tmp, base()).run(new JuliaCall(JuliaScript.INSTANTIATE,
        Map.of("project", env.toString(), "include_lazy_artifacts", true), List.of(), changes, tmp,
        Duration.ofMinutes(2), tmp.resolve("logs/instantiate.log")), listener);

    assertThat(r.results()).containsEntry("manifest_created", "true").containsKey("artifacts_ensured");
    assertThat(env.resolve("Manifest.toml")).isRegularFile();
    assertThat(depot.resolve("packages/CSV")).isDirectory();
    assertThat(depot.resolve("registries/General/Registry.toml")).isRegularFile();
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Progress p && p.task().equals("instantiate: precompiling"));
    assertThat(tmp.resolve("logs/instantiate.log")).content().contains("Precompiling project...");

    // Another JVM resolved it: the in-process fake must resolve the same project byte for byte.
    Path again = FakeJuliaRunnerTest.project(tmp.resolve("again"));
    new FakeJuliaRunner().run(new JuliaCall(JuliaScript.INSTANTIATE, Map.of("project", again.toString()), List.of(),
        EnvChanges.builder().set("JULIA_DEPOT_PATH", tmp.resolve("depot2").toString()).build(), tmp, Duration.ofMinutes(1),
        null), listener);
    assertThat(again.resolve("Manifest.toml")).hasSameTextualContentAs(env.resolve("Manifest.toml"));
  }

  @Test
  void siegeFakeFailMakesTheRealRunnerThrowWithTheExitCode() throws Exception {
    Path julia = FakeJuliaExecutable.install(tmp.resolve("jl"), Map.of("SIEGE_FAKE_FAIL", "sysimage", "SIEGE_FAKE_FAIL_CODE", "3"));

    JuliaException e = catchThrowableOfType(() -> new ProcessJuliaRunner(julia, tmp, base()).run(new JuliaCall(
        JuliaScript.SYSIMAGE, Map.of("packages", List.of("CSV")), List.of(), EnvChanges.none(), tmp, Duration.ofMinutes(2), null),
        listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.lastLines()).contains("ERROR: LoadError: fake failure requested by SIEGE_FAKE_FAIL=sysimage");
  }

  @Test
  void siegeFakeHangKeepsTheProcessUntilTheRealRunnerStopsItOnTimeout() throws Exception {
    Path julia = FakeJuliaExecutable.install(tmp.resolve("jl"), Map.of("SIEGE_FAKE_HANG", "smoke_test"));

    JuliaException e = catchThrowableOfType(() -> new ProcessJuliaRunner(julia, tmp, base()).run(new JuliaCall(
        JuliaScript.SMOKE_TEST, Map.of("packages", List.of()), List.of(), EnvChanges.none(), tmp, Duration.ofSeconds(1), null),
        listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
    assertThat(e.getMessage()).contains("smoke_test.jl timed out");
  }

  @Test
  void rejectsVariableNamesThatAreNotShellNames() {
    assertThatThrownBy(() -> FakeJuliaExecutable.install(tmp, Map.of("A;rm", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
