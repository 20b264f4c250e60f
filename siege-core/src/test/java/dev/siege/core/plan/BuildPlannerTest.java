package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BuildPlannerTest {
  private FileSystem fs;
  private Path project;
  private JuliaInfo julia;

  @BeforeEach
  void setUp() throws Exception {
    fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setWorkingDirectory("/work").build());
    project = fs.getPath("/work/env");
    Files.createDirectories(project);
    Files.writeString(project.resolve("Project.toml"), """
        [deps]
        CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
        Example = "7876af07-990d-54b4-ab0e-23690620f79a"
        """);
    Files.writeString(project.resolve("Manifest.toml"), """
        julia_version = "1.10.4"
        manifest_format = "2.0"

        [[deps.CSV]]
        git-tree-sha1 = "6c834533dc1fabd820c1db03c839bf97e45a3fab"
        uuid = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
        version = "0.10.14"

        [[deps.Example]]
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        uuid = "7876af07-990d-54b4-ab0e-23690620f79a"
        version = "0.5.3"
        """);
    julia = new JuliaInfo(fs.getPath("/opt/julia-1.10.4/bin/julia"), Version.parse("1.10.4"), "x86_64", "linux",
        "glibc", "skylake", fs.getPath("/opt/julia-1.10.4/bin"), 64, "x86_64-linux-gnu");
  }

  @AfterEach
  void tearDown() throws Exception {
    fs.close();
  }

  private BuildPlan plan(BuildOptions options) throws SiegeException {
    return BuildPlanner.plan(options, Environment.load(project), julia, fs.getPath("/cache"));
  }

  private ShippedJulia shipped(String sha256) {
    return new ShippedJulia(Version.parse("1.10.4"), "aarch64-linux-gnu", ShippedJulia.State.TO_DOWNLOAD, 150_000_000L,
        sha256, "https://julialang-s3.julialang.org/bin/linux/aarch64/1.10/julia-1.10.4-linux-aarch64.tar.gz",
        fs.getPath("/cache/julia/aarch64-linux-gnu/1.10.4"), "");
  }

  @Test
  void includeJuliaForAnotherPlatformWithoutALookedUpJuliaIsRefused() throws Exception {
    BuildOptions options = BuildOptions.builder(project)
        .platform(dev.siege.core.platform.TargetPlatform.parse("aarch64-linux-gnu")).includeJulia(true).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan(options))
        .isInstanceOf(dev.siege.core.UsageException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage()).contains("no Julia for aarch64-linux-gnu"));
  }

  @Test
  void theOfficialJuliaForTheTargetIsObtainedFirstShownInThePlanAndPartOfTheFingerprint() throws Exception {
    BuildOptions options = BuildOptions.builder(project)
        .platform(dev.siege.core.platform.TargetPlatform.parse("aarch64-linux-gnu")).includeJulia(true).build();
    String sha = "a".repeat(64);

    BuildPlan plan = BuildPlanner.plan(options, Environment.load(project), julia, fs.getPath("/cache"),
        java.util.Optional.of(shipped(sha)));
    BuildPlan other = BuildPlanner.plan(options, Environment.load(project), julia, fs.getPath("/cache"),
        java.util.Optional.of(shipped("b".repeat(64))));

    assertThat(plan.steps()).extracting(BuildStep::id).startsWith(StepId.PROBE, StepId.CHECK, StepId.TARGET_JULIA);
    assertThat(plan.fingerprint().components()).containsEntry("julia.shipped", "1.10.4 aarch64-linux-gnu " + sha);
    assertThat(other.fingerprint().hex()).isNotEqualTo(plan.fingerprint().hex());
    assertThat(plan.describe().get("target").toString()).contains("official Julia 1.10.4 for aarch64-linux-gnu, to download"
        + " (150 MB)");
    assertThat(plan.step(StepId.LAYOUT).outputs()).contains(plan.staging().resolve("julia").toString());
  }

  @Test
  void aWindowsTargetInstantiatesWithLinksCopiedAndLaysOutJuliaCmd() throws Exception {
    BuildOptions options = BuildOptions.builder(project)
        .platform(dev.siege.core.platform.TargetPlatform.parse("x86_64-w64-mingw32")).build();

    BuildPlan plan = plan(options);

    assertThat(plan.step(StepId.INSTANTIATE).setEnv()).containsEntry("BINARYPROVIDER_COPYDEREF", "true");
    assertThat(plan.step(StepId.LAYOUT).outputs()).contains(plan.staging().resolve("bin/julia.cmd").toString());
    assertThat(plan(BuildOptions.builder(project).build()).step(StepId.INSTANTIATE).setEnv())
        .doesNotContainKey("BINARYPROVIDER_COPYDEREF");
  }

  @Test
  void stepsFollowThePipelineOrder() throws Exception {
    BuildPlan plan = plan(BuildOptions.builder(project).build());
    // The target check replaces the smoke test, and the target's Julia is obtained, only for
    // another platform (issue 11).
    assertThat(plan.steps()).extracting(BuildStep::id).containsExactly(java.util.Arrays.stream(StepId.values())
        .filter(id -> id != StepId.TARGET_CHECK && id != StepId.TARGET_JULIA).toArray(StepId[]::new));
    assertThat(plan.steps()).filteredOn(s -> s.id() != StepId.REGISTRIES).allMatch(BuildStep::runs);
    assertThat(plan.step(StepId.REGISTRIES).skipReason()).isPresent();
  }

  @Test
  void sysimageGetsTheDirectDepsExplicitlyAndAPortableCpuTarget_JuliaFacts0And1() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).build()).step(StepId.SYSIMAGE);
    assertThat(s.script()).hasValue("build_sysimage.jl");
    assertThat(s.parameters().get("packages")).isEqualTo(List.of("CSV", "Example"));
    assertThat(s.parameters().get("cpu_target"))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(s.parameters().get("sysimage_path")).isEqualTo("/work/.build.siege-staging/sysimage/sys.so");
    assertThat(s.parameters().get("tool_project")).isEqualTo("/cache/tools/packagecompiler-2.4.0-julia-1.10-x86_64/project");
  }

  @Test
  void buildProcessesAreIsolatedFromTheUsersDepotOnEveryJuliaVersion_JuliaFacts3() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).build()).step(StepId.INSTANTIATE);
    // No empty entry (it would add ~/.julia on 1.2-1.10, where Pkg would find packages instead of
    // installing them into the bundle); Julia's own bundled depots are named instead.
    assertThat(s.setEnv().get("JULIA_DEPOT_PATH"))
        .isEqualTo("/work/.build.siege-staging/depot:/opt/julia-1.10.4/local/share/julia:/opt/julia-1.10.4/share/julia")
        .doesNotStartWith(":").doesNotEndWith(":").doesNotContain("::");
    assertThat(s.setEnv().get("JULIA_PROJECT")).isEqualTo("/work/.build.siege-staging/env");
    assertThat(s.unsetEnv()).contains("JULIA_LOAD_PATH", "LD_LIBRARY_PATH", "JULIA_PKG_OFFLINE");
    assertThat(s.parameters()).containsEntry("include_lazy_artifacts", true);
  }

  @Test
  void sysimageProcessSeesTheToolDepotAfterTheBundleDepot() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).build()).step(StepId.SYSIMAGE);
    assertThat(s.setEnv().get("JULIA_DEPOT_PATH")).startsWith(
        "/work/.build.siege-staging/depot:/cache/tools/packagecompiler-2.4.0-julia-1.10-x86_64/depot:");
  }

  @Test
  void theToolDepotReachesTheSysimageProcessOnceThroughItsDepotPathOnly_Issue14() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).build()).step(StepId.SYSIMAGE);
    String toolDepot = "/cache/tools/packagecompiler-2.4.0-julia-1.10-x86_64/depot";
    assertThat(List.of(s.setEnv().get("JULIA_DEPOT_PATH").split(":"))).containsOnlyOnce(toolDepot);
    assertThat(s.parameters()).doesNotContainKey("tool_depot").doesNotContainValue(toolDepot);
  }

  @Test
  void sysimageImportsNothingIntoMain_PackageCompiler2118() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).build()).step(StepId.SYSIMAGE);
    assertThat(s.parameters()).containsEntry("import_into_main", false);
  }

  @Test
  void pkgNeverPrecompilesOnItsOwnAndInstantiatePrecompilesOnlyWithoutASysimage_Issue14() throws Exception {
    BuildPlan withImage = plan(BuildOptions.builder(project).build());
    for (StepId id : List.of(StepId.TOOLS, StepId.INSTANTIATE)) {
      assertThat(withImage.step(id).setEnv()).as(id.toString()).containsEntry("JULIA_PKG_PRECOMPILE_AUTO", "0");
    }
    // PackageCompiler precompiles the project before building the image (ensurecompiled).
    assertThat(withImage.step(StepId.INSTANTIATE).parameters()).containsEntry("precompile", false);
    BuildPlan depotOnly = plan(BuildOptions.builder(project).packages(PackageSelection.none()).build());
    assertThat(depotOnly.step(StepId.INSTANTIATE).parameters()).containsEntry("precompile", true);
  }

  @Test
  void officialCpuTargetIsTheOfficialBinarysListForTheJuliaOfThePlan_JuliaFacts8() throws Exception {
    BuildStep s = plan(BuildOptions.builder(project).cpuTarget(CpuTarget.official()).build()).step(StepId.SYSIMAGE);
    assertThat(s.parameters().get("cpu_target"))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1);x86-64-v4,-rdrnd,base(1)");
  }

  @Test
  void noPackagesSkipsToolsAndSysimage() throws Exception {
    BuildPlan plan = plan(BuildOptions.builder(project).packages(PackageSelection.none()).build());
    assertThat(plan.step(StepId.SYSIMAGE).skipReason()).hasValue("{option:NO_PACKAGES}: a depot-only bundle");
    assertThat(plan.step(StepId.TOOLS).runs()).isFalse();
    assertThat(plan.sysimagePackages()).isEmpty();
  }

  @Test
  void explicitPackagesMustBelongToTheProject() throws Exception {
    assertThat(plan(BuildOptions.builder(project).packages(PackageSelection.of(List.of("CSV"))).build())
        .sysimagePackages()).containsExactly("CSV");
    assertThatThrownBy(() -> plan(BuildOptions.builder(project).packages(PackageSelection.of(List.of("Plots"))).build()))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("Plots");
  }

  @Test
  void juliaOlderThan16IsRefusedBeforeAnythingRuns() {
    julia = new JuliaInfo(julia.executable(), Version.parse("1.5.4"), "x86_64", "linux", "glibc", "x", julia.bindir(), 64, "t");
    assertThatThrownBy(() -> plan(BuildOptions.builder(project).build())).hasMessageContaining("too old");
  }

  @Test
  void fingerprintChangesWithTheManifestAndTheOptionsButNotTheOutput() throws Exception {
    BuildPlan base = plan(BuildOptions.builder(project).build());
    assertThat(plan(BuildOptions.builder(project).output(fs.getPath("/elsewhere")).build()).fingerprint().hex())
        .isEqualTo(base.fingerprint().hex());
    assertThat(plan(BuildOptions.builder(project).cpuTarget(CpuTarget.nativeCpu()).build()).fingerprint().hex())
        .isNotEqualTo(base.fingerprint().hex());
    Files.writeString(project.resolve("Manifest.toml"), "\n# touched\n", java.nio.file.StandardOpenOption.APPEND);
    BuildPlan changed = plan(BuildOptions.builder(project).build());
    assertThat(changed.fingerprint().changedSince(base.fingerprint().components())).containsExactly("manifest");
  }

  @Test
  void describeListsEveryStepWithItsScriptAndEnvironment() throws Exception {
    Map<String, Object> d = plan(BuildOptions.builder(project).build()).describe();
    assertThat(d).containsEntry("julia_version", "1.10.4").containsEntry("packagecompiler_version", "2.4.0").containsEntry("format", BuildPlan.DESCRIPTION_FORMAT);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) d.get("steps");
    assertThat(steps).hasSize(StepId.values().length - 2); // no target check or target Julia for this platform
    assertThat(steps.get(4)).containsEntry("step", "instantiate").containsEntry("script", "instantiate.jl")
        .containsKey("env_set").containsKey("env_unset");
  }

  @Test
  void theSmokeTestCarriesThisMachinesNetworkIsolation_JuliaFacts8() throws Exception {
    JuliaRun run = plan(BuildOptions.builder(project).build()).step(StepId.SMOKE_TEST).requireJulia();
    NetworkIsolation isolation = NetworkIsolation.forThisMachine();

    assertThat(run.wrapper()).isEqualTo(isolation.wrapper());
    assertThat(run.parameters()).containsEntry("network_isolation", isolation.kind().id());
    assertThat(run.setEnv()).containsAllEntriesOf(isolation.setEnv()).containsEntry("JULIA_PKG_OFFLINE", "true");
    assertThat(run.unsetEnv()).containsAll(isolation.unsetEnv());
    assertThat(plan(BuildOptions.builder(project).build()).describe().toString())
        .contains("network_isolation=" + isolation.kind().id());
  }

  @Test
  void withoutANamespaceTheSmokeTestGetsProxyVariablesAtAClosedPortAndNoWrapper() throws Exception {
    System.setProperty(NetworkIsolation.FORCE_PROPERTY, "proxy");
    try {
      JuliaRun run = plan(BuildOptions.builder(project).build()).step(StepId.SMOKE_TEST).requireJulia();

      assertThat(run.wrapper()).isEmpty();
      assertThat(run.parameters()).containsEntry("network_isolation", "proxy-variables");
      assertThat(run.setEnv().get("https_proxy")).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(run.setEnv()).containsKeys("http_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
      assertThat(run.unsetEnv()).contains("no_proxy", "NO_PROXY", "JULIA_DEPOT_PATH");
    } finally {
      System.clearProperty(NetworkIsolation.FORCE_PROPERTY);
    }
  }

  @Test
  void registriesRunBeforeInstantiateWithTheUrlsForJuliaAndTheLocalCopiesAsInputs() throws Exception {
    Path local = fs.getPath("/srv/registries/Acme");
    Files.createDirectories(local);
    Files.writeString(local.resolve("Registry.toml"), "name = \"Acme\"\nuuid = \"0b6b6a8a-0000-4000-8000-000000000001\"\n");
    BuildPlan plan = plan(BuildOptions.builder(project)
        .addRegistry(RegistrySource.parse("https://ci:tok@git.example.com/Other.git", fs))
        .addRegistry(RegistrySource.parse("/srv/registries/Acme", fs))
        .resolve(true).build());
    BuildStep s = plan.step(StepId.REGISTRIES);
    assertThat(s.runs()).isTrue();
    assertThat(s.script()).hasValue("registries.jl");
    assertThat(s.parameters()).containsEntry("registry_urls", List.of("https://ci:tok@git.example.com/Other.git"))
        .containsEntry("resolve", true).containsEntry("project", "/work/.build.siege-staging/env");
    assertThat(s.inputs()).containsExactly("/srv/registries/Acme");
    assertThat(s.setEnv().get("JULIA_DEPOT_PATH")).startsWith("/work/.build.siege-staging/depot:");
    assertThat(plan.steps().indexOf(s)).isEqualTo(plan.steps().indexOf(plan.step(StepId.INSTANTIATE)) - 1);
    assertThat(plan.options().effective()).containsEntry("registries", "https://git.example.com/Other.git path:Acme")
        .containsEntry("resolve", "true");
    assertThat(plan.fingerprint().components().toString()).doesNotContain("tok");
  }

  @Test
  void fingerprintCoversRegistriesResolveAndALocalRegistrysContent() throws Exception {
    Path local = fs.getPath("/srv/Acme");
    Files.createDirectories(local);
    Files.writeString(local.resolve("Registry.toml"), "name = \"Acme\"\n");
    BuildPlan base = plan(BuildOptions.builder(project).build());
    BuildPlan withRegistry = plan(BuildOptions.builder(project).addRegistry(RegistrySource.parse("/srv/Acme", fs)).build());
    assertThat(withRegistry.fingerprint().changedSince(base.fingerprint().components()))
        .containsExactly("option.registries", "registry.path:Acme");
    assertThat(plan(BuildOptions.builder(project).resolve(true).build()).fingerprint().changedSince(
        base.fingerprint().components())).containsExactly("option.resolve");
    Files.writeString(local.resolve("Registry.toml"), "name = \"Acme\"\n[packages]\n");
    assertThat(plan(BuildOptions.builder(project).addRegistry(RegistrySource.parse("/srv/Acme", fs)).build())
        .fingerprint().changedSince(withRegistry.fingerprint().components())).containsExactly("registry.path:Acme");
  }

  @Test
  void theProjectItselfInPackagesMustBeAPackage() throws Exception {
    Files.writeString(project.resolve("Project.toml"), "name = \"App\"\nuuid = \"8f0e6c3a-1111-4222-8333-444455556666\"\n"
        + Files.readString(project.resolve("Project.toml")));
    BuildOptions options = BuildOptions.builder(project).packages(PackageSelection.of(List.of("App", "CSV"))).build();
    assertThatThrownBy(() -> plan(options))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("names the project itself, App, but the project is not a package: it has no src/App.jl");
    Files.createDirectories(project.resolve("src"));
    Files.writeString(project.resolve("src/App.jl"), "module App end\n");
    assertThat(plan(options).sysimagePackages()).containsExactly("App", "CSV");
  }

  @Test
  void theProjectsPackageCodeIsAnInputButItsTestsAndSecretsAreNot() throws Exception {
    Files.writeString(project.resolve("Project.toml"), "name = \"App\"\nuuid = \"8f0e6c3a-1111-4222-8333-444455556666\"\n"
        + Files.readString(project.resolve("Project.toml")));
    Files.createDirectories(project.resolve("src"));
    Files.createDirectories(project.resolve("test"));
    Files.writeString(project.resolve("src/App.jl"), "module App end\n");
    BuildPlan base = plan(BuildOptions.builder(project).build());
    assertThat(base.fingerprint().components()).containsKey("project.package");
    Files.writeString(project.resolve("test/runtests.jl"), "using App\n");
    Files.writeString(project.resolve("src/.env"), "TOKEN=1\n");
    assertThat(plan(BuildOptions.builder(project).build()).fingerprint().hex()).isEqualTo(base.fingerprint().hex());
    Files.writeString(project.resolve("src/App.jl"), "module App\nf() = 1\nend\n");
    assertThat(plan(BuildOptions.builder(project).build()).fingerprint().changedSince(base.fingerprint().components()))
        .containsExactly("project.package");
  }

  @Test
  void refusesAJuliaVersionTagThatIsNotTheBuildJuliasMajorMinor() throws Exception {
    assertThatThrownBy(() -> plan(BuildOptions.builder(project).platformTag("julia_version", "1.11.0").build()))
        .isInstanceOf(dev.siege.core.UsageException.class)
        .hasMessageContaining("julia_version=1.11.0 is not the build Julia's 1.10.4")
        .hasMessageContaining("resolved");
    assertThatThrownBy(() -> plan(BuildOptions.builder(project)
        .platform(dev.siege.core.platform.TargetPlatform.parse("aarch64-linux-gnu-julia_version+1.1")).build()))
        .isInstanceOf(dev.siege.core.UsageException.class);
    assertThat(plan(BuildOptions.builder(project).platformTag("julia_version", "1.10").build()).steps()).isNotEmpty();
  }
}
