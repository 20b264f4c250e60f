package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.depot.DepotPaths;
import dev.siege.core.env.Environment;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target options (issue 11) as a hostile user gives them: conflicts, duplicates, odd values, check. */
class TargetOptionsTest {
  @TempDir Path tmp;

  private static final String AUGMENTATION = "function augment_platform!(platform::Platform)\n"
      + "    if !haskey(platform, \"cuda\")\n        platform[\"cuda\"] = something(cuda_toolkit_tag(), \"none\")\n    end\n"
      + "    platform[\"cuda_local\"] = \"false\"\n"
      + "    if Sys.islinux() && arch(platform) == \"aarch64\"\n        platform[\"cuda_platform\"] = \"sbsa\"\n    end\n"
      + "    return platform\nend\n";

  private CliRun plan(String... more) throws Exception {
    Path julia = BuildFixture.fakeJulia(tmp, tmp.resolve("calls.log"), Map.of());
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("plan",
        TestProjects.CROSS.write(tmp.resolve("project")).toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString()));
    args.addAll(java.util.List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void cudaConflictingWithATagAPreferenceOrTheTripletIsAUsageErrorNamingBothInAnyOrder() throws Exception {
    for (String[] args : new String[][] {
        {"--cuda", "12.6", "--platform-tag", "cuda=11.8"},
        {"--cuda", "12.6", "--preference", "CUDA_Runtime_jll.version=11.8"},
        {"--preference", "CUDA_Compiler_jll.version=11.8", "--cuda", "12.6"},
        {"--cuda", "12.6", "--platform", "aarch64-linux-gnu-cuda+11.8"}}) {
      CliRun run = plan(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(SiegeCli.USAGE);
      assertThat(run.err()).contains("--cuda 12.6 conflicts with").contains("11.8").doesNotContain("{option:");
    }
    assertThat(plan("--cuda", "12.6", "--platform-tag", "cuda=12.6", "--preference", "CUDA_Runtime_jll.version=12.6").exit())
        .isZero();
  }

  @Test
  void cudaVersionsThatNoToolkitIsWrittenAsAreRefused() throws Exception {
    for (String v : new String[] {"012.6", "12.06", "0.0", "12", "12.6.1", "x"}) {
      CliRun run = plan("--cuda", v);
      assertThat(run.exit()).as(v).isEqualTo(SiegeCli.USAGE);
      assertThat(run.err()).as(v).contains("MAJOR.MINOR without leading zeros");
    }
  }

  @Test
  void duplicatePreferencesAndTagsAndTwoTagsInOneValueAreUsageErrors() throws Exception {
    CliRun prefs = plan("--preference", "A.x=1", "--preference", "A.x=2");
    assertThat(prefs.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(prefs.err()).contains("--preference A.x is given twice (1 and 2)");
    CliRun tags = plan("--platform-tag", "cuda=12.6", "--platform-tag", "cuda=11.8");
    assertThat(tags.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(tags.err()).contains("--platform-tag cuda is given twice");
    CliRun comma = plan("--platform-tag", "cuda=12.6,cuda=11.8");
    assertThat(comma.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(comma.err()).contains("one KEY=VALUE per --platform-tag");
  }

  @Test
  void aHugePlatformIsEchoedCut() throws Exception {
    CliRun run = plan("--platform", "x86_64-linux-gnu-" + "a".repeat(5000));
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("(5017 characters)").hasSizeLessThan(1500);
  }

  @Test
  void cudaOnAProjectWithoutCudaRuntimeJllSaysItNeedsCudaJl() throws Exception {
    Path julia = BuildFixture.fakeJulia(tmp, tmp.resolve("calls.log"), Map.of());
    CliRun run = CliRun.of("plan", TestProjects.CSV_JLL.write(tmp.resolve("p")).toString(), "--julia", julia.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--cuda", "12.6");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("--cuda 12.6 needs CUDA_Runtime_jll in the manifest").contains("add CUDA.jl")
        .doesNotContain("--preference CUDA_Runtime_jll");
  }

  /** CUDA_Runtime_jll as the user's depot holds it, with an augmentation like the real one. */
  private Path projectWithRuntimeInTheUsersDepot() throws Exception {
    Path project = TestProjects.CROSS.write(tmp.resolve("project"));
    Environment env = Environment.load(project);
    var e = env.entries().stream().filter(x -> x.name().equals("CUDA_Runtime_jll")).findFirst().orElseThrow();
    Path pkg = tmp.resolve("home/.julia").resolve(DepotPaths.packageDir("CUDA_Runtime_jll",
        UUID.fromString(TestProjects.CUDA_RUNTIME_JLL), e.gitTreeSha1().orElseThrow())).resolve(".pkg");
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("platform_augmentation.jl"), AUGMENTATION);
    return project;
  }

  private java.util.List<dev.siege.core.check.Diagnostic> checkTarget(Path project, java.util.function.UnaryOperator<
      dev.siege.bundle.pipeline.SiegeBuilder> options) throws Exception {
    return options.apply(dev.siege.bundle.pipeline.SiegeBuilder.forProject(project).output(tmp.resolve("build")))
        .checkTarget(Environment.load(project), Map.of("HOME", tmp.resolve("home").toString()));
  }

  @Test
  void aCudaPlatformTagAloneDoesNotSilenceTheUndecidedCudaTag() throws Exception {
    Path project = projectWithRuntimeInTheUsersDepot();
    assertThat(checkTarget(project, b -> b.platform("aarch64-linux-gnu").platformTag("cuda_platform", "sbsa")))
        .singleElement().satisfies(d -> assertThat(d.message()).contains("sets the tag cuda)"));
    assertThat(checkTarget(project, b -> b.platform("aarch64-linux-gnu").platformTag("cuda", "12.6"))).isEmpty();
  }

  @Test
  void theProjectsLocalPreferencesDecideAsInstantiateJlSaysAndTheWarningSaysWhatReallyHappens() throws Exception {
    Path project = projectWithRuntimeInTheUsersDepot();
    var warning = checkTarget(project, b -> b);
    assertThat(warning).singleElement().satisfies(d -> assertThat(d.message())
        .contains("The bundle holds every CUDA runtime variant").doesNotContain("downloads there on first use"));
    Files.writeString(project.resolve("LocalPreferences.toml"), "[CUDA_Runtime_jll]\nversion = \"12.6\"\n");
    assertThat(checkTarget(project, b -> b)).isEmpty();
  }

  @Test
  void aTagOnABundleForThisMachineThatItsOwnLoadWouldNotSelectIsAnErrorUnlessAPreferenceDecides() throws Exception {
    Path project = projectWithRuntimeInTheUsersDepot();
    assertThat(checkTarget(project, b -> b.platformTag("cuda", "12.6"))).singleElement().satisfies(d -> {
      assertThat(d.isError()).isTrue();
      assertThat(d.code()).isEqualTo(dev.siege.core.check.PlatformChecks.HOST_LOAD_CODE);
      assertThat(d.hint()).contains("{option:CUDA} 12.6");
    });
    assertThat(checkTarget(project, b -> b.cuda("12.6"))).isEmpty();
    assertThat(checkTarget(project, b -> b.platformTag("cuda", "12.6").preference("CUDA_Runtime_jll.version=12.6"))).isEmpty();
    // For another platform SIEGE loads nothing: the tag only selects what is installed.
    assertThat(checkTarget(project, b -> b.platform("aarch64-linux-gnu").platformTag("cuda", "12.6"))).isEmpty();
  }

  @Test
  void checkTakesTheTargetOptionsAndSaysWhatPlanSays() throws Exception {
    Path project = projectWithRuntimeInTheUsersDepot();
    CliRun plain = CliRun.of("check", project.toString());
    CliRun decided = CliRun.of("check", project.toString(), "--platform", "aarch64-linux-gnu", "--cuda", "12.6");
    assertThat(decided.exit()).as(decided.err()).isZero();
    assertThat(decided.out()).doesNotContain("CUDA_Runtime_jll chooses its artifacts");
    CliRun bad = CliRun.of("check", project.toString(), "--cuda", "012.6");
    assertThat(bad.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(plain.exit()).isZero();
  }
}
