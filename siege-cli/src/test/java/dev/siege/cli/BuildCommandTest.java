package dev.siege.cli;

import static dev.siege.cli.BuildFixture.build;
import static dev.siege.cli.BuildFixture.calls;
import static dev.siege.cli.BuildFixture.purposes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.testkit.BadInput;
import dev.siege.testkit.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code siege build} end to end: the CLI in-process, Julia as the testkit's fake {@code julia}
 * executable (a real process per call, started by the real runner and by the bundle launcher).
 * One successful build is shared by the read-only tests; tests that change a bundle work on a
 * copy of it. Every fake call starts a JVM, so each test makes as few as it can.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildCommandTest {
  @TempDir static Path shared;

  Path cache;
  Path callLog;
  Path julia;
  Path project;
  Path bundle;
  CliRun first;
  List<String> firstCalls;
  String firstLog;

  @BeforeAll
  void buildOnce() throws IOException {
    cache = shared.resolve("cache");
    callLog = shared.resolve("calls.log");
    julia = BuildFixture.fakeJulia(shared, callLog, Map.of());
    project = BuildFixture.project(shared.resolve("project"));
    bundle = shared.resolve("build");
    first = build(project, bundle, julia, cache);
    firstCalls = calls(callLog);
    // Read now: the up-to-date test's run replaces the log.
    firstLog = Files.readString(shared.resolve("build.log"), StandardCharsets.UTF_8);
  }

  /** The calls the shared fake made after {@code before} of them. */
  List<String> callsSince(int before) {
    List<String> all = calls(callLog);
    return all.subList(before, all.size());
  }

  /** A copy of the shared project and bundle in {@code dir}: {@code dir/project}, {@code dir/build}. */
  Path copyOfBundle(Path dir) throws IOException, InterruptedException {
    BuildFixture.copyTree(project, dir.resolve("project"));
    BuildFixture.copyTree(bundle, dir.resolve("build"));
    return dir.resolve("build");
  }

  static void assertFailedWithoutTrace(CliRun run) {
    assertThat(run.exit()).as(run.err()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().filter(l -> l.startsWith("error: "))).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
  }

  // ---- the first build -----------------------------------------------------------------------

  @Test
  void buildsABundleWithEveryPartOfTheLayout() {
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(bundle.resolve("bin/julia")).isRegularFile().isExecutable();
    assertThat(bundle.resolve("sysimage/sys.so")).isRegularFile().hasSize(64 << 10);
    assertThat(bundle.resolve("env/Project.toml")).hasSameTextualContentAs(project.resolve("Project.toml"));
    assertThat(bundle.resolve("env/Manifest.toml")).hasSameTextualContentAs(project.resolve("Manifest.toml"));
    assertThat(bundle.resolve("siege-bundle.toml")).isRegularFile();
    assertThat(bundle.resolve("SHA256SUMS")).isRegularFile();
    for (String name : List.of("CSV", "DataStructures", "OpenSpecFun_jll", "JLLWrappers", "Preferences")) {
      assertThat(bundle.resolve("depot/packages/" + name)).isDirectory();
    }
    assertThat(bundle.resolve("depot/packages/Dates")).as("stdlibs ship with Julia").doesNotExist();
  }

  @Test
  void theBundlePassesSiegeVerify() {
    CliRun verify = CliRun.of("verify", bundle.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void ranEachStepOfThePipelineOnceInOrder() {
    // The launcher asks `julia --version` before it starts the smoke test (JULIA-FACTS §3, §7).
    assertThat(purposes(firstCalls))
        .containsExactly("version", "probe", "tools", "instantiate", "sysimage", "version", "smoke_test");
  }

  @Test
  void theSmokeTestRanThroughTheLauncherOfTheMovedBundleWithItsSysimage() {
    String smoke = firstCalls.stream().filter(l -> l.startsWith("smoke_test\t")).findFirst().orElseThrow();
    List<String> args = Arrays.asList(smoke.split("\t"));
    int j = args.indexOf("-J");
    assertThat(j).as(smoke).isPositive();
    Path sysimage = Path.of(args.get(j + 1));
    assertThat(sysimage.getParent().getParent().getFileName()).hasToString(".build.siege-moved");
    assertThat(sysimage).endsWithRaw(Path.of("sysimage/sys.so"));
  }

  @Test
  void shipsNeitherPackageCompilerNorBuildLeftoversInTheDepot() throws IOException {
    Path depot = bundle.resolve("depot");
    try (Stream<Path> s = Files.walk(depot)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("PackageCompiler"));
    }
    for (String dir : List.of("compiled", "logs", "clones", "scratchspaces", "servers")) {
      assertThat(depot.resolve(dir)).doesNotExist();
    }
    assertThat(depot.resolve("registries")).isDirectory();
  }

  @Test
  void installsLazyArtifactsSoNothingIsDownloadedOffline() throws IOException {
    // SIEGE_FAKE_LAZY_JLLS makes OpenSpecFun_jll's artifact lazy; the smoke test would fail without it.
    Path jll = bundle.resolve("depot/packages/OpenSpecFun_jll");
    String slug;
    try (Stream<Path> s = Files.list(jll)) {
      slug = s.findFirst().orElseThrow().getFileName().toString();
    }
    assertThat(jll.resolve(slug).resolve("Artifacts.toml")).content().contains("lazy = true");
    try (Stream<Path> s = Files.list(bundle.resolve("depot/artifacts"))) {
      assertThat(s.toList()).isNotEmpty();
    }
  }

  @Test
  void leavesNoStagingDirectoryOrLockBehind() throws IOException {
    assertThat(BuildFixture.leftovers(bundle)).isEmpty();
  }

  @Test
  void theSummaryNamesTheBundleItsContentsAndTheNextCommand() {
    assertThat(first.out())
        .startsWith("Bundle ready: " + bundle + "\n")
        .contains("5 packages; sysimage 64.0 KiB")
        .contains("log: " + shared.resolve("build.log"))
        .contains("Next: siege bundle " + bundle + " -o build.tar.gz");
    assertThat(first.err()).contains("==> Build the sysimage with PackageCompiler").contains("done in ");
  }

  @Test
  void theLogFileHasEveryStepAndJuliasOutput() {
    String text = firstLog;
    for (String step : List.of("probe", "check", "tools", "instantiate", "sysimage", "prune", "layout", "scan",
        "smoke_test", "review", "checksums")) {
      assertThat(text).contains("step " + step + " started").contains("step " + step + " finished");
    }
    assertThat(text)
        // No "Precompiling project..." here any more: PackageCompiler precompiles (issue 14).
        .contains("instantiate stderr:    Installed CSV ─ v")
        .contains("sysimage stderr: ✔ [00m:03s] PackageCompiler: compiling incremental system image")
        .doesNotContain("\r");
    assertThat(first.err()).as("Julia's lines are in the log, not on a non-terminal console")
        .doesNotContain("Installed CSV");
  }

  // ---- rebuilds ------------------------------------------------------------------------------

  @Test
  void aSecondBuildIsUpToDateAndStartsNoJulia() throws IOException {
    String before = BuildFixture.treeHash(bundle);
    int calls = calls(callLog).size();

    CliRun again = build(project, bundle, julia, cache);

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).startsWith(bundle + " is up to date").contains("nothing was built")
        .contains("Next: siege bundle " + bundle);
    assertThat(callsSince(calls)).isEmpty();
    assertThat(BuildFixture.treeHash(bundle)).isEqualTo(before);
  }

  @Test
  void theJsonResultNamesItsFormat() throws IOException {
    CliRun again = build(project, bundle, julia, cache, "--json");

    assertThat(again.exit()).as(again.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode json = Json.mapper().readTree(again.out());
    assertThat(json.get("format").asInt()).isEqualTo(BuildCommand.JSON_FORMAT);
    assertThat(json.get("up_to_date").asBoolean()).isTrue();
  }

  @Test
  void forceRebuildsAndReusesTheDownloadedPackages(@TempDir Path dir) throws Exception {
    Path output = copyOfBundle(dir);
    int calls = calls(callLog).size();

    CliRun run = build(dir.resolve("project"), output, julia, cache, "--force");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Bundle ready: " + output);
    // The probe is cached and PackageCompiler is installed already: only the bundle's own steps run.
    assertThat(purposes(callsSince(calls))).containsExactly("instantiate", "sysimage", "version", "smoke_test");
    assertThat(dir.resolve("build.log")).content().contains("files of the previous bundle").doesNotContain("   Installed ");
    assertThat(CliRun.of("verify", output.toString()).exit()).isZero();
  }

  @Test
  void aChangedManifestRebuildsAndTheSummarySaysWhatChanged(@TempDir Path dir) throws Exception {
    Path output = copyOfBundle(dir);
    Files.writeString(dir.resolve("project/Manifest.toml"), TestProjects.manifest("0.18.21"), StandardCharsets.UTF_8);
    int calls = calls(callLog).size();

    CliRun run = build(dir.resolve("project"), output, julia, cache);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("rebuilt because these changed: manifest");
    assertThat(purposes(callsSince(calls))).containsExactly("instantiate", "sysimage", "version", "smoke_test");
    assertThat(output.resolve("env/Manifest.toml")).content().contains("version = \"0.18.21\"");
    try (Stream<Path> s = Files.list(output.resolve("depot/packages/DataStructures"))) {
      assertThat(s.toList()).as("only the new version ships").hasSize(1);
    }
    assertThat(dir.resolve("build.log")).content()
        .contains("Installed DataStructures ─ v0.18.21").doesNotContain("Installed CSV");
  }

  // ---- failures ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "SIEGE_FAKE_FAIL, instantiate, instantiate.jl failed",
      "SIEGE_FAKE_FAIL, sysimage, build_sysimage.jl failed",
      "SIEGE_FAKE_FAIL, smoke_test, smoke_test.jl failed",
      "SIEGE_FAKE_SMOKE_TEST, download, download"
  })
  void aFailingStepIsOneErrorLineWithTheLogAndThePreviousBundleStillVerifies(String variable, String value, String message,
      @TempDir Path dir) throws Exception {
    Path output = copyOfBundle(dir);
    Path failing = BuildFixture.fakeJulia(dir, dir.resolve("calls.log"), Map.of(variable, value));

    CliRun run = build(dir.resolve("project"), output, failing, cache, "--force");

    assertFailedWithoutTrace(run);
    assertThat(run.err()).contains(message).contains("log: " + dir.resolve("build.log"));
    // The log says why, not only that a step failed.
    assertThat(Files.readString(dir.resolve("build.log"))).contains("error: ").contains(message);
    // That the previous bundle is untouched and nothing is left behind is SiegeBuilderTest's
    // aFailingStepLeavesThePreviousBundleUntouchedAndNothingBehind; here: siege verify still passes.
    assertThat(CliRun.of("verify", output.toString()).exit()).isZero();
  }

  @Test
  void anInterruptDuringTheSysimageStepStopsJuliaAndSaysSo(@TempDir Path dir) throws Exception {
    Path output = copyOfBundle(dir);
    Path calls = dir.resolve("calls.log");
    Path hanging = BuildFixture.fakeJulia(dir, calls, Map.of("SIEGE_FAKE_HANG", "sysimage"));
    CliRun[] result = new CliRun[1];
    // What Ctrl-C does: CtrlC's shutdown hook interrupts the thread running the build.
    Thread worker = new Thread(() -> result[0] = build(dir.resolve("project"), output, hanging, cache, "--force"));
    worker.start();
    while (!purposes(calls(calls)).contains("sysimage") && worker.isAlive()) {
      Thread.sleep(50);
    }
    worker.interrupt();
    worker.join();

    assertFailedWithoutTrace(result[0]);
    assertThat(result[0].err()).contains("interrupted");
    assertThat(fakeJuliaProcesses(dir)).as("the hanging julia was stopped").isEmpty();
    // The previous bundle untouched, nothing left behind: SiegeBuilderTest.interruptDuringTheSysimageStopsJuliaAndCleansUp.
  }

  /** Live processes started from the fake julia installed under {@code dir}. */
  static List<ProcessHandle> fakeJuliaProcesses(Path dir) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
        .toList();
  }

  // ---- bad input: stopped before Julia -------------------------------------------------------

  /**
   * How the CLI says each bad input, and that it starts no Julia itself; that nothing is written
   * is SiegeBuilderTest.everyBadInputStopsTheBuildBeforeAnyJuliaCallNamingTheFile's.
   */
  @ParameterizedTest
  @EnumSource(BadInput.class)
  void badInputIsOneErrorLineNamingTheFileAndStartsNoJulia(BadInput bad, @TempDir Path dir) throws IOException {
    Path named = bad.apply(dir.resolve("project"));
    Path calls = dir.resolve("calls.log");
    Path fake = BuildFixture.fakeJulia(dir, calls, Map.of());
    Path output = dir.resolve("build");

    CliRun run = build(dir.resolve("project"), output, fake, dir.resolve("cache"));

    assertFailedWithoutTrace(run);
    assertThat(run.err()).contains("error: " + bad.location(named) + ": ").contains(bad.message());
    assertThat(calls(calls)).as("no Julia process was started").isEmpty();
  }

  private static Path rewrite(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    return file;
  }

  // ---- developed packages --------------------------------------------------------------------

  static final String MY_TOOL = "5e7a1b0c-2d3e-4f50-8a6b-7c8d9e0f1a2b";

  /** {@code dir/project} develops {@code dir/MyTool}, a package outside the project. */
  static Path projectWithDevelopedPackage(Path dir) throws IOException {
    Path env = BuildFixture.project(dir.resolve("project"));
    Path tool = Files.createDirectories(dir.resolve("MyTool/src"));
    Files.writeString(tool.resolveSibling("Project.toml"), "name = \"MyTool\"\nuuid = \"" + MY_TOOL + "\"\nversion = \"0.1.0\"\n");
    Files.writeString(tool.resolve("MyTool.jl"), "module MyTool\ngreet() = \"hello\"\nend\n");
    rewrite(env.resolve("Project.toml"), "[compat]", "MyTool = \"" + MY_TOOL + "\"\n\n[compat]");
    Files.writeString(env.resolve("Manifest.toml"), Files.readString(env.resolve("Manifest.toml"))
        + "\n[[deps.MyTool]]\npath = \"../MyTool\"\nuuid = \"" + MY_TOOL + "\"\nversion = \"0.1.0\"\n");
    return env;
  }

  @Test
  void aDevelopedPackageOutsideTheProjectIsAnErrorWithoutVendorDev(@TempDir Path dir) throws IOException {
    Path env = projectWithDevelopedPackage(dir);
    Path calls = dir.resolve("calls.log");
    Path fake = BuildFixture.fakeJulia(dir, calls, Map.of());

    CliRun run = build(env, dir.resolve("build"), fake, dir.resolve("cache"));

    assertFailedWithoutTrace(run);
    assertThat(run.err()).contains("error: " + env.resolve("Manifest.toml")).contains("MyTool").contains("--vendor-dev");
    assertThat(calls(calls)).isEmpty();
    assertThat(dir.resolve("build")).doesNotExist();
  }

  @Test
  void vendorDevCopiesTheDevelopedPackageIntoTheBundleAndRepointsTheManifest(@TempDir Path dir) throws IOException {
    Path env = projectWithDevelopedPackage(dir);
    Path output = dir.resolve("build");

    CliRun run = build(env, output, julia, cache, "--vendor-dev");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(output.resolve("env/dev/MyTool/src/MyTool.jl")).hasSameTextualContentAs(dir.resolve("MyTool/src/MyTool.jl"));
    assertThat(output.resolve("env/Manifest.toml")).content()
        .contains("path = \"dev/MyTool\"").doesNotContain("../MyTool");
    assertThat(env.resolve("Manifest.toml")).as("the project itself is not changed").content().contains("path = \"../MyTool\"");
    assertThat(CliRun.of("verify", output.toString()).exit()).isZero();
  }

  // ---- options -------------------------------------------------------------------------------

  @Test
  void noPackagesBuildsADepotOnlyBundleWhoseLauncherPassesNoSysimage(@TempDir Path dir) throws IOException {
    Path output = dir.resolve("build");
    int calls = calls(callLog).size();

    CliRun run = build(project, output, julia, cache, "--no-packages");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sysimage none");
    assertThat(output.resolve("sysimage/sys.so")).doesNotExist();
    assertThat(output.resolve("depot/packages/CSV")).isDirectory();
    List<String> made = callsSince(calls);
    assertThat(purposes(made)).containsExactly("instantiate", "version", "smoke_test");
    String smoke = made.get(2);
    assertThat(Arrays.asList(smoke.split("\t"))).doesNotContain("-J").noneMatch(a -> a.startsWith("--sysimage"));
    assertThat(CliRun.of("verify", output.toString()).exit()).isZero();
  }

  @Test
  void juliaAndJuliaVersionExcludeEachOther(@TempDir Path dir) {
    CliRun run = build(project, dir.resolve("build"), julia, cache, "--julia-version", "1.10.4");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("--julia and --julia-version exclude each other").contains("Run 'siege build --help'");
    assertThat(dir.resolve("build")).doesNotExist();
  }

  @Test
  void packagesAndNoPackagesExcludeEachOther(@TempDir Path dir) {
    CliRun run = build(project, dir.resolve("build"), julia, cache, "--packages", "CSV", "--no-packages");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("mutually exclusive").contains("--packages").contains("--no-packages");
    assertThat(dir.resolve("build")).doesNotExist();
  }

  @Test
  void theRootDirectoryIsAUsageErrorAsOutput(@TempDir Path dir) {
    CliRun run = build(project, Path.of("/"), julia, cache);
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("--output must name a directory").doesNotContain("Exception");
  }

  // ---- what is printed -----------------------------------------------------------------------

  /** The words bash makes of {@code words} (a command line without its command), run in {@code cwd}. */
  static List<String> bashWords(Path cwd, String words) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + words).directory(cwd.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void theNextCommandsQuoteEveryPathSoBashRunsNothingFromAFolderName(@TempDir Path dir) throws Exception {
    Path output = Files.createDirectories(dir.resolve("$(touch pwned)")).resolve("it's");
    Path cwd = Files.createDirectories(dir.resolve("cwd"));

    CliRun run = build(project, output, julia, cache);

    assertThat(run.exit()).as(run.err()).isZero();
    String next = run.out().lines().filter(l -> l.startsWith("Next: siege ")).findFirst().orElseThrow();
    String bundleCommand = next.substring("Next: siege ".length(), next.indexOf("   (copy"));
    String then = next.substring(next.indexOf("then: tar ") + "then: tar ".length(), next.length() - 1);
    String[] tarAndJulia = then.split(" && ");
    assertThat(tarAndJulia).hasSize(2);

    assertThat(bashWords(cwd, bundleCommand)).containsExactly("bundle", output.toString(), "-o", "it's.tar.gz");
    assertThat(bashWords(cwd, tarAndJulia[0])).containsExactly("xf", "it's.tar.gz");
    assertThat(bashWords(cwd, tarAndJulia[1])).containsExactly("it's/bin/julia");
    assertThat(cwd.resolve("pwned")).doesNotExist();
    assertThat(next).contains("'" + dir + "/$(touch pwned)/it'\\''s'");
  }

  @Test
  void showsControlCharactersInJuliasOutputEscaped(@TempDir Path dir) throws IOException {
    Path hostile = BuildFixture.hostileJulia(dir.resolve("hostile"), julia);

    CliRun run = build(project, dir.resolve("b" + Hostile.TEXT), hostile, cache, "--verbose");

    assertThat(run.exit()).as(run.err()).isZero();
    Hostile.assertShownEscaped(run.err());
    assertThat(run.err()).contains("    | julia says " + Hostile.SHOWN);
    Hostile.assertShownEscaped(run.out());
    assertThat(run.out()).contains("Bundle ready: " + dir.resolve("b" + Hostile.SHOWN));
    assertThat(Files.readString(dir.resolve("b" + Hostile.TEXT + ".log"), StandardCharsets.UTF_8))
        .contains("julia says " + Hostile.SHOWN).doesNotContain(Hostile.TEXT);
  }

  @Test
  void showsControlCharactersInTheLastLinesOfAFailedJuliaEscaped(@TempDir Path dir) throws IOException {
    Path failing = BuildFixture.fakeJulia(dir, dir.resolve("calls.log"), Map.of("SIEGE_FAKE_FAIL", "instantiate"));
    Path hostile = BuildFixture.hostileJulia(dir.resolve("hostile"), failing);

    CliRun run = build(project, dir.resolve("build"), hostile, cache);

    assertFailedWithoutTrace(run);
    Hostile.assertShownEscaped(run.err());
    assertThat(run.err()).contains("Julia's last lines:").contains("    | julia says " + Hostile.SHOWN);
  }

  /** {@code -o results} refused (not a bundle) must not touch the user's {@code results.log}. */
  @Test
  void aRefusedBuildWritesNoLogAndLeavesTheUsersLogFileAlone(@TempDir Path dir) throws IOException {
    Path results = Files.createDirectories(dir.resolve("results"));
    Files.writeString(results.resolve("data.csv"), "1,2\n");
    Files.writeString(dir.resolve("results.log"), "my notes\n");

    CliRun run = build(project, results, julia, cache);

    assertFailedWithoutTrace(run);
    assertThat(run.err()).contains("not a SIEGE bundle").doesNotContain("log: ");
    assertThat(dir.resolve("results.log")).hasContent("my notes");
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results", "results.log");
    }
  }

  @Test
  void aBuildWhoseLogPlaceHoldsTheUsersFileLogsIntoTheCacheAndSaysSo(@TempDir Path dir) throws Exception {
    BuildFixture.copyTree(project, dir.resolve("project"));
    Files.writeString(dir.resolve("out.log"), "my notes\n");

    CliRun run = build(dir.resolve("project"), dir.resolve("out"), julia, dir.resolve("cache"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(dir.resolve("out.log")).hasContent("my notes");
    Path log;
    try (java.util.stream.Stream<Path> s = Files.list(dir.resolve("cache/logs"))) {
      log = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches("out-.*\\.log")).findFirst().orElseThrow();
    }
    assertThat(Files.readString(log)).startsWith("# siege build log ").contains("step checksums finished");
    assertThat(run.err()).contains("is not a log SIEGE wrote").contains(log.toString());
    assertThat(run.out()).contains("log: " + log);
  }

  @Test
  void anOutputThatIsALinkToTheRootDirectoryIsRefusedPlainly(@TempDir Path dir) throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("out"), Path.of("/"));
    CliRun run = build(project, link, julia, cache);
    assertFailedWithoutTrace(run);
    assertThat(run.err()).contains("root directory").doesNotContain("internal error");
  }
}
