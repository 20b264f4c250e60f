package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.NetworkIsolation;
import dev.siege.julia.JuliaCall;
import dev.siege.core.plan.JuliaScript;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan is the only source of truth for what runs: every Julia process a build starts is
 * exactly the one its plan describes (what {@code siege plan --json} prints: {@link
 * BuildPlan#describe()}), in the plan's order, and no other.
 */
class PlanIsWhatRunsTest {
  @TempDir Path tmp;

  private record Started(Path executable, JuliaCall call) {}

  @Test
  void everyJuliaProcessOfABuildIsTheOneThePlanPrinted() throws Exception {
    JuliaCall smoke = buildAndCompareWithThePlan();
    assertThat(smoke.wrapper()).isEqualTo(NetworkIsolation.forThisMachine().wrapper());
  }

  @Test
  void theSmokeTestsProxyFallbackIsAlsoExactlyWhatThePlanPrinted() throws Exception {
    System.setProperty(NetworkIsolation.FORCE_PROPERTY, "proxy");
    try {
      JuliaCall smoke = buildAndCompareWithThePlan();
      assertThat(smoke.wrapper()).isEmpty();
      assertThat(smoke.env().set()).containsKeys("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy");
      assertThat(smoke.env().unset()).contains("no_proxy", "NO_PROXY");
    } finally {
      System.clearProperty(NetworkIsolation.FORCE_PROPERTY);
    }
  }

  @SuppressWarnings("unchecked")
  /** Builds, checks every started process against the printed plan, returns the smoke test's call. */
  private JuliaCall buildAndCompareWithThePlan() throws Exception {
    Path project = TestProjects.EXAMPLE.write(tmp.resolve("env"));
    Path julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    FakeJuliaRunner fake = new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString()));
    List<Started> started = Collections.synchronizedList(new ArrayList<>());
    SiegeBuilder builder = SiegeBuilder.forProject(project).output(tmp.resolve("build"));
    BuildContext context = BuildContext.create()
        .julia(JuliaSource.executable(julia))
        .juliaRunners(exe -> (call, listener) -> {
          started.add(new Started(exe, call));
          return fake.run(call, listener);
        })
        .cacheDirectory(tmp.resolve("cache"))
        .environmentVariables(Map.of("JULIA_CC", "cc", "PATH", "/usr/bin:/bin"))
        .juliaTimeout(Duration.ofSeconds(30));

    BuildPlan plan = builder.plan(context);
    List<Map<String, Object>> printed = ((List<Map<String, Object>>) plan.describe().get("steps")).stream()
        .filter(step -> step.containsKey("script") && !step.containsKey("skipped"))
        .toList();
    started.clear(); // the probe ran while planning
    builder.build(plan, context);

    assertThat(started).extracting(s -> s.call().script().fileName())
        .containsExactlyElementsOf(printed.stream().map(p -> (String) p.get("script")).toList());
    for (int i = 0; i < printed.size(); i++) {
      Map<String, Object> step = printed.get(i);
      Started s = started.get(i);
      assertThat(s.executable()).as("%s", step.get("step")).hasToString((String) step.get("executable"));
      assertThat(s.call().wrapper()).as("%s", step.get("step")).isEqualTo(step.getOrDefault("wrapper", List.of()));
      assertThat(s.call().workDir()).as("%s", step.get("step")).hasToString((String) step.get("work_dir"));
      assertThat(new TreeMap<>(s.call().env().set())).as("%s", step.get("step")).isEqualTo(step.get("env_set"));
      assertThat(s.call().env().unset()).as("%s", step.get("step"))
          .isEqualTo(Set.copyOf((List<String>) step.get("env_unset")));
      assertThat(new TreeMap<>(s.call().parameters())).as("%s", step.get("step")).isEqualTo(step.get("parameters"));
      assertThat(s.call().logFile()).as("%s", step.get("step")).hasToString((String) step.get("log"));
      assertThat(s.call().juliaOptions()).isEmpty();
    }
    assertThat(started).extracting(s -> s.call().script())
        .containsExactly(JuliaScript.TOOLS, JuliaScript.INSTANTIATE, JuliaScript.SYSIMAGE, JuliaScript.SMOKE_TEST);
    return started.get(started.size() - 1).call();
  }
}
