package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.plan.CpuTarget;
import dev.siege.core.UsageException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.StepId;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Issue 11 items 1-2: bundles for another platform, and for GPUs the build server does not have. */
class SiegeBuilderPlatformTest {
  @TempDir Path tmp;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  private BuildContext context() throws Exception {
    Path julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    return SiegeBuilderTest.fakeContext(tmp, julia,
            new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString())), Map.of())
        .addListener(events::add);
  }

  private SiegeBuilder builder(Consumer<SiegeBuilder> options) throws Exception {
    Path project = TestProjects.CROSS.write(tmp.resolve("env"));
    SiegeBuilder b = SiegeBuilder.forProject(project).output(tmp.resolve("build"));
    options.accept(b);
    return b;
  }

  /** Tree hashes of {@code pkg}'s Artifacts.toml entries whose arch (and cuda tag, when given) match. */
  private Set<String> entries(Path depot, String pkg, String arch, String cuda) throws Exception {
    Path toml;
    try (Stream<Path> s = Files.list(depot.resolve("packages/" + pkg))) {
      toml = s.findFirst().orElseThrow().resolve("Artifacts.toml");
    }
    TomlParseResult parsed = Toml.parse(toml);
    Set<String> hashes = new TreeSet<>();
    for (String name : parsed.keySet()) {
      TomlArray a = parsed.getArray(name);
      for (int i = 0; i < a.size(); i++) {
        TomlTable t = a.getTable(i);
        if (arch.equals(t.getString("arch")) && "linux".equals(t.getString("os")) && "glibc".equals(t.getString("libc"))
            && (cuda == null || cuda.equals(t.getString("cuda")))) {
          hashes.add(t.getString("git-tree-sha1"));
        }
      }
    }
    return hashes;
  }

  private Set<String> installedArtifacts(Path depot) throws Exception {
    try (Stream<Path> s = Files.list(depot.resolve("artifacts"))) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private List<String> messages(SiegeEvent.Level level) {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof SiegeEvent.Message m && m.level() == level)
          .map(e -> ((SiegeEvent.Message) e).text()).toList();
    }
  }

  @Test
  void anAarch64BundleHoldsEveryPackageAndEveryArtifactTheTargetSelectsLazyOnesIncludedAndNothingForX86()
      throws Exception {
    builder(b -> b.platform("aarch64-linux-gnu")).build(context());

    BundleLayout bundle = BundleLayout.at(tmp.resolve("build"));
    Path depot = bundle.depot();
    for (String pkg : List.of("Example", "OpenSpecFun_jll", "MKL_jll", "CUDA_Runtime_jll")) {
      assertThat(depot.resolve("packages/" + pkg)).as(pkg).isDirectory();
    }
    Set<String> aarch64 = new TreeSet<>();
    aarch64.addAll(entries(depot, "OpenSpecFun_jll", "aarch64", null));
    aarch64.addAll(entries(depot, "MKL_jll", "aarch64", null)); // lazy
    aarch64.addAll(entries(depot, "CUDA_Runtime_jll", "aarch64", null)); // hook-selected: every cuda variant
    assertThat(aarch64).hasSize(1 + 1 + 4);
    assertThat(installedArtifacts(depot)).isEqualTo(aarch64);
    assertThat(bundle.sysimage()).doesNotExist();
    assertThat(Files.readString(bundle.launcher())).contains("aarch64");

    BundleMetadata meta = BundleMetadata.read(bundle.metadata());
    assertThat(meta.target().platform()).isEqualTo("aarch64-linux-gnu");
    assertThat(meta.target().foreign()).isTrue();
    assertThat(meta.target().check()).isEqualTo("target-check");
    assertThat(meta.sysimage().present()).isFalse();
    assertThat(meta.sysimage().cpuTarget()).as("no sysimage, so no CPU target it was built for").isEmpty();
    assertThat(messages(SiegeEvent.Level.WARNING)).filteredOn(w -> w.contains("chooses its artifacts"))
        .isNotEmpty().allSatisfy(w -> assertThat(w).doesNotContain("sysimage"));
    assertThat(messages(SiegeEvent.Level.INFO)).anySatisfy(m -> assertThat(m).startsWith("no smoke test: the bundle is for"
        + " aarch64-linux-gnu"));
  }

  @Test
  void aForeignPlanSkipsSysimageAndSmokeTestAndRunsTheTargetCheckWithTheBuildsJulia() throws Exception {
    BuildPlan plan = builder(b -> b.platform("aarch64-linux-gnu")).plan(context());

    assertThat(plan.foreignTarget()).isTrue();
    assertThat(plan.step(StepId.SYSIMAGE).skipReason()).hasValueSatisfying(r -> assertThat(r)
        .contains("cannot be cross-compiled"));
    assertThat(plan.step(StepId.SMOKE_TEST).runs()).isFalse();
    assertThat(plan.step(StepId.TARGET_CHECK).parameters()).containsEntry("platform", "aarch64-linux-gnu");
    assertThat(plan.step(StepId.TARGET_CHECK).julia().orElseThrow()).satisfies(run -> {
      assertThat(run.setEnv()).containsEntry("JULIA_PKG_OFFLINE", "true");
      assertThat(run.unsetEnv()).as("what the run sets is not also removed").doesNotContainAnyElementsOf(
          run.setEnv().keySet());
    });
    assertThat(plan.step(StepId.INSTANTIATE).parameters()).containsEntry("platform", "aarch64-linux-gnu")
        .containsEntry("foreign_platform", true).containsEntry("precompile", false);
  }

  @Test
  void packagesForTheSysimageWithAnotherPlatformIsAUsageErrorSayingWhyAndWritesNothing() throws Exception {
    SiegeBuilder b = builder(x -> x.platform("aarch64-linux-gnu").packages(List.of("Example")));

    assertThatThrownBy(() -> b.build(context())).isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage())
            .startsWith("{option:PACKAGES} with {option:PLATFORM} aarch64-linux-gnu: a sysimage cannot be cross-compiled"));
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void aValueTheBuilderRefusesSpeaksOfBuilderCallsToAnEmbedderAndKeepsTheReferencesForTheCli() {
    assertThatThrownBy(() -> SiegeBuilder.forProject(tmp).cuda("12.6").platformTag("cuda", "11.8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SiegeBuilder.cuda(")
        .hasMessageNotContaining("{option:")
        .satisfies(e -> assertThat(dev.siege.core.OptionException.rawMessageOf((IllegalArgumentException) e))
            .startsWith("{option:CUDA} 12.6 conflicts with {option:PLATFORM_TAG} cuda=11.8"));
  }

  @Test
  void aCpuTargetWithAnotherPlatformIsAUsageErrorSinceThereIsNoSysimageToCompileForIt() throws Exception {
    SiegeBuilder b = builder(x -> x.platform("aarch64-linux-gnu").cpuTarget(CpuTarget.nativeCpu()));

    assertThatThrownBy(() -> b.build(context())).isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage())
            .startsWith("{option:CPU_TARGET} native with {option:PLATFORM} aarch64-linux-gnu: the CPU target is what"));
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void theHostTripletWithTagsIsStillTheHostAndKeepsItsSysimage() throws Exception {
    BuildPlan plan = builder(b -> b.platform("x86_64-linux-gnu").platformTag("cuda", "12.6")).plan(context());

    assertThat(plan.foreignTarget()).isFalse();
    assertThat(plan.step(StepId.SYSIMAGE).runs()).isTrue();
    assertThat(plan.has(StepId.TARGET_CHECK)).isFalse();
    assertThat(plan.target().triplet()).isEqualTo("x86_64-linux-gnu-cuda+12.6");
  }

  @Test
  void cudaInstallsTheTaggedArtifactAndShipsTheRuntimeVersionPreference() throws Exception {
    builder(b -> b.cuda("12.6")).build(context());

    Path depot = BundleLayout.at(tmp.resolve("build")).depot();
    Set<String> cuda126 = entries(depot, "CUDA_Runtime_jll", "x86_64", "12.6");
    assertThat(cuda126).hasSize(1);
    Set<String> installed = installedArtifacts(depot);
    assertThat(installed).containsAll(cuda126);
    assertThat(installed).doesNotContainAnyElementsOf(entries(depot, "CUDA_Runtime_jll", "x86_64", "none"));
    TomlParseResult prefs = Toml.parse(BundleLayout.at(tmp.resolve("build")).env().resolve("LocalPreferences.toml"));
    assertThat(prefs.getString(List.of("CUDA_Runtime_jll", "version"))).isEqualTo("12.6");
    BundleMetadata meta = BundleMetadata.read(BundleLayout.at(tmp.resolve("build")).metadata());
    assertThat(meta.target().tags()).containsEntry("cuda", "12.6");
    assertThat(meta.target().preferences()).containsExactly("CUDA_Runtime_jll.version=\"12.6\"");
    assertThat(meta.target().foreign()).isFalse();
  }

  @Test
  void aCudaVersionTheRuntimeJllHasNoArtifactForFailsTheBuildListingTheOnesItHasAndWritesNoBundle() throws Exception {
    assertThatThrownBy(() -> builder(b -> b.cuda("12.5")).build(context()))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("CUDA_Runtime_jll has no artifact for cuda=12.5 on x86_64-linux: it has cuda ")
        .hasMessageContaining("12.6");
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void aTagTheAugmentationSetsWhateverThePlatformHasDecidesNothingAndTheBuildWarnsAsCheckDoes() throws Exception {
    // CUDA_Runtime_jll's augment_platform! sets cuda_local whatever the platform has, and cuda
    // only when it lacks one: a cuda_local tag leaves cuda to the machine.
    builder(b -> b.platform("aarch64-linux-gnu").platformTag("cuda_local", "false")).build(context());

    assertThat(messages(SiegeEvent.Level.WARNING)).anySatisfy(w -> assertThat(w)
        .startsWith("CUDA_Runtime_jll chooses its artifacts on the machine it runs on"));
  }

  @Test
  void aTargetAJllHasNoArtifactForGetsAWarningNamingEachSuchJll() throws Exception {
    builder(b -> b.platform("x86_64-unknown-freebsd")).build(context());

    for (String jll : List.of("OpenSpecFun_jll", "MKL_jll", "CUDA_Runtime_jll")) {
      assertThat(messages(SiegeEvent.Level.WARNING)).as(jll).anySatisfy(w -> assertThat(w)
          .startsWith(jll + " has no artifact for x86_64-unknown-freebsd").endsWith("it will not load there"));
    }
  }

  @Test
  void withoutATagTheBuildWarnsAtInstantiateNamingTheAugmentingPackage() throws Exception {
    builder(b -> b.noPackages()).build(context());

    assertThat(messages(SiegeEvent.Level.WARNING)).anySatisfy(w -> assertThat(w)
        .startsWith("CUDA_Runtime_jll chooses its artifacts on the machine it runs on"));
  }

  @Test
  void theFingerprintChangesWithThePlatformEachTagAndEachPreference() throws Exception {
    String plain = builder(b -> {}).plan(context()).fingerprint().hex();
    String aarch64 = builder(b -> b.platform("aarch64-linux-gnu")).plan(context()).fingerprint().hex();
    String tagged = builder(b -> b.platformTag("cuda", "12.6")).plan(context()).fingerprint().hex();
    String otherTag = builder(b -> b.platformTag("cuda", "12.4")).plan(context()).fingerprint().hex();
    String pref = builder(b -> b.preference("Example.mode=fast")).plan(context()).fingerprint().hex();
    String otherPref = builder(b -> b.preference("Example.mode=slow")).plan(context()).fingerprint().hex();

    assertThat(List.of(plain, aarch64, tagged, otherTag, pref, otherPref)).doesNotHaveDuplicates();
  }

  @Test
  void aPreferenceForAPackageTheEnvironmentLacksIsAUsageError() throws Exception {
    SiegeBuilder b = builder(x -> x.preference("CUDA.version=12.6"));

    assertThatThrownBy(() -> b.plan(context())).isInstanceOf(UsageException.class)
        .hasMessageContaining("names CUDA, which is neither the project nor a package of its manifest");
  }

  @Test
  void preferencesMergeIntoTheProjectsOwnFileAndANonDirectPackageBecomesAnExtra() throws Exception {
    Path project = TestProjects.CROSS.write(tmp.resolve("env"));
    Files.writeString(project.resolve("LocalPreferences.toml"), "# mine\n[Example]\nkeep = 1\nmode = \"slow\"\n");
    Files.writeString(project.resolve("Project.toml"), Files.readString(project.resolve("Project.toml"))
        .replace("MKL_jll = \"" + TestProjects.MKL_JLL + "\"\n", ""));
    SiegeBuilder.forProject(project).output(tmp.resolve("build")).noPackages()
        .preference("Example.mode=fast").preference("MKL_jll.threads=4").build(context());

    Path env = BundleLayout.at(tmp.resolve("build")).env();
    TomlParseResult prefs = Toml.parse(env.resolve("LocalPreferences.toml"));
    assertThat(prefs.errors()).isEmpty();
    assertThat(prefs.getLong(List.of("Example", "keep"))).isEqualTo(1L);
    assertThat(prefs.getString(List.of("Example", "mode"))).isEqualTo("fast");
    assertThat(prefs.getLong(List.of("MKL_jll", "threads"))).isEqualTo(4L);
    assertThat(Toml.parse(env.resolve("Project.toml")).getString(List.of("extras", "MKL_jll"))).isEqualTo(TestProjects.MKL_JLL);
    // The user's own files are not touched.
    assertThat(Files.readString(project.resolve("LocalPreferences.toml"))).contains("mode = \"slow\"");
    assertThat(Files.readString(project.resolve("Project.toml"))).doesNotContain("extras");
  }

  @Test
  void aRebuildForAnotherPlatformReusesNoneOfThePreviousBundlesArtifacts() throws Exception {
    builder(b -> b.platform("aarch64-linux-gnu")).build(context());
    Set<String> before = installedArtifacts(BundleLayout.at(tmp.resolve("build")).depot());

    builder(b -> b.noPackages()).build(context());

    Set<String> after = installedArtifacts(BundleLayout.at(tmp.resolve("build")).depot());
    assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(before);
  }
}
