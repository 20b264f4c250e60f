package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.layout.BundleLayout;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** Issue 11 items 1-2 through the CLI, with the fake {@code julia} process. */
class PlatformOptionsTest {
  @TempDir Path tmp;

  private Path julia() throws Exception {
    return BuildFixture.fakeJulia(tmp, tmp.resolve("calls.log"), Map.of());
  }

  private Path project() throws Exception {
    return TestProjects.CROSS.write(tmp.resolve("project"));
  }

  @Test
  void buildForAarch64ShipsEveryPackageAndEachArtifactTheTargetSelectsAndNoX86OnlyOne() throws Exception {
    Path out = tmp.resolve("build");
    CliRun run = BuildFixture.build(project(), out, julia(), tmp.resolve("cache"), "--platform", "aarch64-linux-gnu");

    assertThat(run.exit()).as(run.err()).isZero();
    Path depot = BundleLayout.at(out).depot();
    for (String pkg : List.of("Example", "OpenSpecFun_jll", "MKL_jll", "CUDA_Runtime_jll")) {
      assertThat(depot.resolve("packages/" + pkg)).as(pkg).isDirectory();
    }
    // MKL_jll's lazy one and CUDA_Runtime_jll's four included
    BuildFixture.assertArtifactsAreExactlyThoseOf(depot, "aarch64", "linux",
        List.of("OpenSpecFun_jll", "MKL_jll", "CUDA_Runtime_jll"));
    assertThat(run.out() + run.err()).contains("no smoke test: the bundle is for aarch64-linux-gnu");
    assertThat(BundleMetadata.read(BundleLayout.at(out).metadata()).target().platform()).isEqualTo("aarch64-linux-gnu");
    assertThat(BundleLayout.at(out).sysimage()).doesNotExist();
  }

  @Test
  void packagesWithAnotherPlatformIsRefusedAsAUsageErrorWithoutATrace() throws Exception {
    CliRun run = BuildFixture.build(project(), tmp.resolve("build"), julia(), tmp.resolve("cache"),
        "--platform", "aarch64-linux-gnu", "--packages", "Example");

    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("error: --packages with --platform aarch64-linux-gnu: a sysimage cannot be"
        + " cross-compiled").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void aTripletJuliaCannotReadIsAUsageErrorNamingWhatIsWrong() throws Exception {
    CliRun run = BuildFixture.build(project(), tmp.resolve("build"), julia(), tmp.resolve("cache"),
        "--platform", "sparc64-linux-gnu");

    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("unknown architecture \"sparc64\"");
  }

  @Test
  void planShowsTheTargetTheTagsAndThePreferencesInTextAndJson() throws Exception {
    Path project = project();
    Path julia = julia();
    CliRun text = CliRun.of("plan", project.toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "aarch64-linux-gnu", "--cuda", "12.6");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("target: aarch64-linux-gnu-cuda+12.6 (another platform")
        .contains("platform tags: cuda=12.6")
        .contains("preferences (shipped in LocalPreferences.toml): CUDA_Runtime_jll.version=\"12.6\"")
        .contains("target_check").contains("target_check.jl");

    CliRun json = CliRun.of("plan", project.toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "aarch64-linux-gnu", "--cuda", "12.6", "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.out()).contains("\"target\"").contains("\"platform\" : \"aarch64-linux-gnu-cuda+12.6\"")
        .contains("\"foreign\" : true");
  }

  @Test
  void cudaWithAPreferenceInstallsTheTaggedArtifactAndShipsThePreference() throws Exception {
    Path out = tmp.resolve("build");
    CliRun run = BuildFixture.build(project(), out, julia(), tmp.resolve("cache"), "--no-packages",
        "--platform-tag", "cuda=12.6", "--preference", "CUDA_Runtime_jll.version=12.6");

    assertThat(run.exit()).as(run.err()).isZero();
    TomlParseResult prefs = Toml.parse(BundleLayout.at(out).env().resolve("LocalPreferences.toml"));
    assertThat(prefs.getString(List.of("CUDA_Runtime_jll", "version"))).isEqualTo("12.6");
    BundleMetadata meta = BundleMetadata.read(BundleLayout.at(out).metadata());
    assertThat(meta.target().tags()).containsEntry("cuda", "12.6");
    assertThat(meta.target().preferences()).containsExactly("CUDA_Runtime_jll.version=\"12.6\"");
    assertThat(run.err() + run.out()).doesNotContain("CUDA_Runtime_jll chooses its artifacts");
  }

  /**
   * {@code siege check} as a user runs it: its own process, whose HOME holds a depot with
   * CUDA_Runtime_jll's source and its augmentation hook (the check reads the user's depots from
   * the environment, so an in-process run would read this machine's).
   */
  @Test
  void checkWarnsNamingAnAugmentingPackageWhoseSourceIsAlreadyInTheUsersDepotUnlessATagDecidesIt() throws Exception {
    Path project = project();
    String tree = "2c21bd0ce4c6c1a8d3d0f0e9b8c7a6f5e4d3c2b1";
    Path pkg = tmp.resolve("home/.julia").resolve(DepotPaths.packageDir("CUDA_Runtime_jll",
        UUID.fromString(TestProjects.CUDA_RUNTIME_JLL), tree)).resolve(".pkg");
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("platform_augmentation.jl"),
        "function augment_platform!(platform::Platform)\n    if !haskey(platform, \"cuda\")\n"
            + "        platform[\"cuda\"] = something(cuda_toolkit_tag(), \"none\")\n    end\n    return platform\nend\n");

    CliRun undecided = checkProcess(project);
    CliRun tagged = checkProcess(project, "--platform", "aarch64-linux-gnu", "--platform-tag", "cuda=12.6");

    assertThat(undecided.exit()).as(undecided.err()).isZero();
    assertThat(undecided.out() + undecided.err())
        .contains("CUDA_Runtime_jll chooses its artifacts on the machine it runs on (.pkg/platform_augmentation.jl sets"
            + " the tag cuda)")
        .contains("the build server would choose cuda from its own CUDA driver")
        .contains("1 warning");
    assertThat(tagged.exit()).as(tagged.err()).isZero();
    assertThat(tagged.out() + tagged.err()).doesNotContain("chooses its artifacts").contains("0 warnings");
  }

  private CliRun checkProcess(Path project, String... more) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        SiegeCli.class.getName(), "check", project.toString()));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().remove("JULIA_DEPOT_PATH");
    pb.environment().remove("XDG_CACHE_HOME");
    pb.redirectError(tmp.resolve("check.err").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int exit = p.waitFor();
    return new CliRun(exit, out, Files.readString(tmp.resolve("check.err")));
  }
}
