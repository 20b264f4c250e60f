package dev.siege.cli;

import static dev.siege.cli.BuildFixture.calls;
import static dev.siege.cli.BuildFixture.purposes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siege.core.plan.NetworkIsolation;
import dev.siege.core.plan.StepId;
import dev.siege.testkit.BadInput;
import dev.siege.testkit.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code siege plan} against the fake {@code julia} executable: every step with its script,
 * variables and parameters, as text and as JSON, and no Julia started but the probe. The tests
 * share one probe cache, warmed once, so most of them start no process at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCommandTest {
  @TempDir static Path shared;

  Path callLog;
  Path julia;
  Path project;
  Path output;
  Path staging;
  Path cache;

  @BeforeAll
  void warmTheProbeCache() throws IOException {
    callLog = shared.resolve("calls.log");
    julia = BuildFixture.fakeJulia(shared, callLog, Map.of());
    project = BuildFixture.project(shared.resolve("project"));
    output = shared.resolve("build");
    staging = shared.resolve(".build.siege-staging");
    cache = shared.resolve("cache");
    assertThat(plan(cache).exit()).isZero();
  }

  CliRun plan(Path cacheDir, String... more) {
    List<String> args = new ArrayList<>(List.of("plan", project.toString(), "-o", output.toString(),
        "--julia", julia.toString(), "--cache-dir", cacheDir.toString()));
    args.addAll(Arrays.asList(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void startsOnlyTheProbeAndNothingOnceTheProbeIsCached(@TempDir Path dir) throws IOException {
    Path calls = dir.resolve("calls.log");
    Path fake = BuildFixture.fakeJulia(dir, calls, Map.of());
    String[] args = {"plan", project.toString(), "-o", dir.resolve("build").toString(), "--julia", fake.toString(),
        "--cache-dir", dir.resolve("cache").toString()};

    CliRun first = CliRun.of(args);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(purposes(calls(calls))).containsExactly("version", "probe");

    CliRun second = CliRun.of(args);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(calls(calls)).hasSize(2);
    assertThat(second.out()).isEqualTo(first.out());

    assertThat(dir.resolve("build")).doesNotExist();
    assertThat(dir.resolve(".build.siege-staging")).doesNotExist();
    assertThat(dir.resolve("cache/tools")).as("nothing is installed").doesNotExist();
  }

  @Test
  void printsEveryStepInPipelineOrder() {
    CliRun run = plan(cache);
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> headers = run.out().lines().filter(l -> l.matches(" ?\\d+\\. .*")).toList();
    // The target check replaces the smoke test only for another platform (issue 11).
    List<StepId> hostSteps = Arrays.stream(StepId.values()).filter(id -> id != StepId.TARGET_CHECK && id != StepId.TARGET_JULIA).toList();
    assertThat(headers).hasSize(hostSteps.size());
    for (StepId id : hostSteps) {
      assertThat(headers.get(hostSteps.indexOf(id))).contains(id.id()).endsWith(id.title());
    }
  }

  @Test
  void insecureDownloadShowsInTheTextAndTheJsonAndChangesTheFingerprint() {
    CliRun secure = plan(cache, "--json");
    CliRun text = plan(cache, "--insecure-download");
    CliRun json = plan(cache, "--insecure-download", "--json");

    assertThat(text.out()).contains("insecure download:");
    assertThat(plan(cache).out()).doesNotContain("insecure download");
    assertThat(json.out()).contains("\"insecure_download\" : \"true\"");
    assertThat(secure.out()).doesNotContain("insecure_download");
    assertThat(fingerprint(text.out())).isNotEqualTo(fingerprint(plan(cache).out()));
  }

  private static String fingerprint(String planText) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("fingerprint ([0-9a-f]{64})").matcher(planText);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void theTextShowsJuliaTheSysimagePackagesAndWhereItBuilds() {
    String out = plan(cache).out();
    assertThat(out)
        .startsWith("Plan for " + project + " -> " + output + "\n")
        .contains("  Julia 1.10.4 (" + BuildFixture.hostArch() + ", " + julia + ")")
        .contains("  sysimage: CSV, DataStructures, Dates, OpenSpecFun_jll\n")
        .contains("  built in " + staging + ", then moved to " + output)
        .containsPattern("fingerprint [0-9a-f]{64}");
  }

  @Test
  void theTextShowsEachJuliaStepsScriptVariablesAndParameters() {
    String out = plan(cache).out();
    String instantiate = section(out, "instantiate");
    assertThat(instantiate)
        .contains("script:  instantiate.jl")
        .contains("set:     JULIA_DEPOT_PATH = " + staging.resolve("depot") + ":" + shared.resolve("julia-1.10.4/local/share/julia"))
        .contains("JULIA_PROJECT = " + staging.resolve("env"))
        .contains("unset:   JULIA_LOAD_PATH LD_LIBRARY_PATH JULIA_PKG_OFFLINE")
        .contains("params:  include_lazy_artifacts = true")
        .contains("reads:   " + project.resolve("Project.toml") + "\n               " + project.resolve("Manifest.toml"));
    assertThat(section(out, "sysimage"))
        .contains("script:  build_sysimage.jl")
        .contains("packages = [CSV, DataStructures, Dates, OpenSpecFun_jll]")
        .contains("sysimage_path = " + staging.resolve("sysimage/sys.so"))
        .containsPattern("cpu_target = generic;\\S+");
    // The plan shows how this machine keeps the smoke test off the network (probed while planning).
    NetworkIsolation isolation = NetworkIsolation.forThisMachine();
    String wrapper = isolation.wrapper().isEmpty() ? "" : String.join(" ", isolation.wrapper()) + " ";
    assertThat(section(out, "smoke_test"))
        .contains("script:  smoke_test.jl")
        .contains("run:     " + wrapper + output.resolveSibling(".build.siege-moved").resolve("bin/julia"))
        .contains("network_isolation = " + isolation.kind().id())
        .contains("JULIA_PKG_OFFLINE = true")
        .contains("SIEGE_USER_DEPOT = ")
        .contains("HOME = ")
        .contains("unset:   JULIA_LOAD_PATH JULIA_DEPOT_PATH JULIA_PROJECT LD_LIBRARY_PATH");
  }

  @Test
  void showsRegistriesAndResolveAndNeverPrintsACredential() throws IOException {
    String url = "https://ci:s3cret@git.example.com/Acme.git";
    CliRun run = plan(cache, "--registry", url, "--resolve");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("  registries: https://git.example.com/Acme.git, then the default ones\n")
        .contains("  resolve: yes: the manifest is re-resolved with Julia 1.10.4, and the resolved one ships\n")
        .doesNotContain("s3cret");
    assertThat(section(run.out(), "registries"))
        .contains("script:  registries.jl")
        .contains("registry_urls = [https://***@git.example.com/Acme.git]")
        .contains("resolve = true");

    CliRun json = plan(cache, "--registry", url, "--resolve", "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.out()).doesNotContain("s3cret");
    JsonNode plan = new ObjectMapper().readTree(json.out());
    assertThat(plan.get("options").get("registries").asText()).isEqualTo("https://git.example.com/Acme.git");
    assertThat(plan.get("options").get("resolve").asText()).isEqualTo("true");
  }

  @Test
  void withoutRegistriesTheRegistriesStepIsSkipped() {
    CliRun run = plan(cache);
    assertThat(run.out()).contains("  registries: the default ones (General)\n").contains("  resolve: no:");
    assertThat(section(run.out(), "registries")).contains("skipped: no registry beyond the default ones, and no --resolve");
  }

  @Test
  void aRegistryThatIsNeitherUrlNorPathNorNameIsAUsageError() {
    CliRun run = plan(cache, "--registry", "two words");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("a registry must be a git URL, a registry directory or a registry name");
  }

  @Test
  void noPackagesShowsWhichStepsAreSkippedAndWhy() {
    CliRun run = plan(cache, "--no-packages");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("  sysimage: none\n");
    assertThat(section(run.out(), "tools")).contains("skipped: no sysimage is built").doesNotContain("script:");
    assertThat(section(run.out(), "sysimage")).contains("skipped: --no-packages: a depot-only bundle");
  }

  @Test
  void jsonHasEveryStepWithItsVariablesAndParameters() throws IOException {
    CliRun run = plan(cache, "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.out());

    assertThat(plan.get("format").asInt()).isEqualTo(2);
    assertThat(plan.get("project").asText()).isEqualTo(project.toString());
    assertThat(plan.get("output").asText()).isEqualTo(output.toString());
    assertThat(plan.get("staging").asText()).isEqualTo(staging.toString());
    assertThat(plan.get("julia").asText()).isEqualTo(julia.toString());
    assertThat(plan.get("julia_version").asText()).isEqualTo("1.10.4");
    assertThat(plan.get("fingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(plan.get("sysimage_packages")).extracting(JsonNode::asText).containsExactlyElementsOf(TestProjects.DIRECT_DEPS);

    List<String> ids = new ArrayList<>();
    plan.get("steps").forEach(s -> ids.add(s.get("step").asText()));
    assertThat(ids).containsExactlyElementsOf(Arrays.stream(StepId.values()).filter(id -> id != StepId.TARGET_CHECK && id != StepId.TARGET_JULIA)
        .map(StepId::id).toList());

    JsonNode instantiate = step(plan, "instantiate");
    assertThat(instantiate.get("script").asText()).isEqualTo("instantiate.jl");
    assertThat(instantiate.at("/env_set/JULIA_DEPOT_PATH").asText()).startsWith(staging.resolve("depot") + ":");
    assertThat(instantiate.at("/env_set/JULIA_PROJECT").asText()).isEqualTo(staging.resolve("env").toString());
    assertThat(instantiate.get("env_unset")).extracting(JsonNode::asText).contains("JULIA_LOAD_PATH", "LD_LIBRARY_PATH");
    assertThat(instantiate.at("/parameters/include_lazy_artifacts").isBoolean()).isTrue();
    assertThat(instantiate.at("/parameters/include_lazy_artifacts").asBoolean()).isTrue();

    JsonNode sysimage = step(plan, "sysimage");
    assertThat(sysimage.at("/parameters/packages")).extracting(JsonNode::asText).containsExactlyElementsOf(TestProjects.DIRECT_DEPS);
    assertThat(sysimage.at("/parameters/sysimage_path").asText()).isEqualTo(staging.resolve("sysimage/sys.so").toString());
    assertThat(sysimage.at("/env_set/JULIA_DEPOT_PATH").asText())
        .as("the tool depot is searched after the bundle depot, never installed into")
        .startsWith(staging.resolve("depot") + ":" + cache.resolve("tools"));

    JsonNode smoke = step(plan, "smoke_test");
    assertThat(smoke.at("/env_set/JULIA_PKG_OFFLINE").asText()).isEqualTo("true");
    NetworkIsolation isolation = NetworkIsolation.forThisMachine();
    assertThat(smoke.at("/parameters/network_isolation").asText()).isEqualTo(isolation.kind().id());
    if (isolation.kind() == NetworkIsolation.Kind.NAMESPACE) {
      assertThat(smoke.get("wrapper")).extracting(JsonNode::asText).containsExactlyElementsOf(isolation.wrapper());
    } else {
      assertThat(smoke.has("wrapper")).isFalse();
      assertThat(smoke.at("/env_set/https_proxy").asText()).startsWith("http://127.0.0.1:");
      assertThat(smoke.get("env_unset")).extracting(JsonNode::asText).contains("no_proxy", "NO_PROXY");
    }
    assertThat(step(plan, "prune").has("script")).isFalse();
  }

  @Test
  void jsonMarksSkippedSteps() throws IOException {
    JsonNode plan = new ObjectMapper().readTree(plan(cache, "--json", "--no-packages").out());
    assertThat(step(plan, "tools").get("skipped").asText()).isEqualTo("no sysimage is built");
    assertThat(step(plan, "sysimage").get("skipped").asText()).contains("--no-packages");
    assertThat(step(plan, "instantiate").has("skipped")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(BadInput.class)
  void badInputFailsBeforeJuliaStarts(BadInput bad, @TempDir Path dir) throws IOException {
    Path named = bad.apply(dir.resolve("project"));
    Path calls = dir.resolve("calls.log");
    Path fake = BuildFixture.fakeJulia(dir, calls, Map.of());

    CliRun run = CliRun.of("plan", dir.resolve("project").toString(), "--julia", fake.toString(),
        "--cache-dir", dir.resolve("cache").toString());

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("error: " + bad.location(named) + ": ").contains(bad.message()).doesNotContain("\tat ");
    assertThat(calls(calls)).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    CliRun run = plan(cache, "--julia-version", "1.10.4");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("--julia and --julia-version exclude each other");
  }

  /** The lines of the text plan from step {@code id}'s header up to the next header. */
  private static String section(String out, String id) {
    List<String> lines = out.lines().toList();
    StringBuilder sb = new StringBuilder();
    boolean in = false;
    for (String l : lines) {
      if (l.matches(" ?\\d+\\. .*")) {
        in = l.matches(" ?\\d+\\. " + id + " .*");
      }
      if (in) {
        sb.append(l).append('\n');
      }
    }
    assertThat(sb).as("step " + id + " in\n" + out).isNotEmpty();
    return sb.toString();
  }

  private static JsonNode step(JsonNode plan, String id) {
    for (JsonNode s : plan.get("steps")) {
      if (s.get("step").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no step " + id + " in " + plan);
  }

  @Test
  void showsControlCharactersInPathsEscapedAndKeepsThemExactInJson(@TempDir Path dir) throws IOException {
    Path hostileProject = BuildFixture.project(dir.resolve("p" + Hostile.TEXT));
    Path hostileOutput = dir.resolve("o" + Hostile.TEXT);
    String[] args = {"plan", hostileProject.toString(), "-o", hostileOutput.toString(), "--julia", julia.toString(),
        "--cache-dir", cache.toString()};

    CliRun text = CliRun.of(args);
    assertThat(text.exit()).as(text.err()).isZero();
    Hostile.assertShownEscaped(text.out());
    assertThat(text.out()).contains("Plan for " + dir.resolve("p" + Hostile.SHOWN) + " -> " + dir.resolve("o" + Hostile.SHOWN));
    Hostile.assertNoControlCharacters(text.err());

    List<String> withJson = new ArrayList<>(Arrays.asList(args));
    withJson.add("--json");
    CliRun json = CliRun.of(withJson.toArray(String[]::new));
    assertThat(json.exit()).as(json.err()).isZero();
    Hostile.assertNoControlCharacters(json.out());
    assertThat(new ObjectMapper().readTree(json.out()).toString()).contains(new ObjectMapper().writeValueAsString(
        hostileOutput.toAbsolutePath().normalize().toString()));
  }
}
