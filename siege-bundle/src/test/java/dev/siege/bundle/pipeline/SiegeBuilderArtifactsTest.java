package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.depot.DepotPruner;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tomlj.Toml;
import org.tomlj.TomlArray;

/**
 * Issue 14, items 5 and 10: what a build ships of packages that choose their artifacts with code,
 * and what it says about scratch spaces, as seen from the library's side.
 */
class SiegeBuilderArtifactsTest {
  static final String CUDA_RUNTIME = "CUDA_Runtime_jll";
  static final String CUDA_RUNTIME_UUID = "76a88914-d11a-5bdc-97e0-2f5a05c973a8";

  @TempDir Path tmp;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  private BuildResult build(String version, FakeJuliaSettings settings) throws Exception {
    return build(version, settings, false);
  }

  private BuildResult build(String version, FakeJuliaSettings settings, boolean depotOnly) throws Exception {
    Path project = Files.createDirectories(tmp.resolve("env"));
    Files.writeString(project.resolve("Project.toml"), """
        [deps]
        CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
        %s = "%s"
        """.formatted(CUDA_RUNTIME, CUDA_RUNTIME_UUID));
    Files.writeString(project.resolve("Manifest.toml"), """
        julia_version = "%s"
        manifest_format = "2.0"
        project_hash = "0000000000000000000000000000000000000000"

        [[deps.CSV]]
        git-tree-sha1 = "6c834533dc1fabd820c1db03c839bf97e45a3fab"
        uuid = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
        version = "0.10.14"

        [[deps.%s]]
        git-tree-sha1 = "c2b6e5a4c1c5f9f1f3a2b2a83f6ad0e1c3a7a3b1"
        uuid = "%s"
        version = "0.15.5+0"
        """.formatted(version, CUDA_RUNTIME, CUDA_RUNTIME_UUID));
    Path julia = TestProjects.juliaThatNeverStarts(tmp, version);
    FakeJuliaRunner fake = new FakeJuliaRunner(settings.withVersion(version).withBindir(julia.getParent().toString()));
    SiegeBuilder builder = SiegeBuilder.forProject(project);
    if (depotOnly) {
      builder.noPackages();
    }
    return builder
        .output(tmp.resolve("build"))
        .build(BuildContext.create()
            .julia(JuliaSource.executable(julia))
            .juliaRunner(fake)
            .cacheDirectory(tmp.resolve("cache"))
            .environmentVariables(Map.of("JULIA_CC", "cc", "PATH", "/usr/bin:/bin"))
            .juliaTimeout(Duration.ofSeconds(30))
            .addListener(events::add));
  }

  /** The tree hashes of the shipped JLL's Artifacts.toml entries for x86_64 Linux with glibc. */
  private List<String> hostEntries(Path depot) throws Exception {
    Path toml;
    try (Stream<Path> s = Files.list(depot.resolve("packages/" + CUDA_RUNTIME))) {
      toml = s.findFirst().orElseThrow().resolve("Artifacts.toml");
    }
    TomlArray entries = Toml.parse(toml).getArray("CUDA_Runtime");
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      var t = entries.getTable(i);
      if ("x86_64".equals(t.getString("arch")) && "linux".equals(t.getString("os")) && "glibc".equals(t.getString("libc"))) {
        hashes.add(t.getString("git-tree-sha1"));
      }
    }
    return hashes;
  }

  private List<String> warnings() {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof SiegeEvent.Message m && m.level() == SiegeEvent.Level.WARNING)
          .map(e -> ((SiegeEvent.Message) e).text()).toList();
    }
  }

  // Pkg 1.6 runs no hooks and skips lazy artifacts; 1.7-1.11 install only the build machine's
  // choice; 1.12 likewise. Before issue 14 a hooked package was skipped by instantiate.jl, so
  // on 1.6 none of these lazy artifacts shipped and on later versions only the "no CUDA" one.
  @ParameterizedTest
  @ValueSource(strings = {"1.6.7", "1.10.4", "1.12.0"})
  void everyArtifactVariantAHookCanSelectForThePlatformShipsAndTheBuildWarnsNamingThePackage(String version)
      throws Exception {
    build(version, FakeJuliaSettings.defaults().withHookJlls(Set.of(CUDA_RUNTIME)));

    Path depot = BundleLayout.at(tmp.resolve("build")).depot();
    List<String> variants = hostEntries(depot);
    assertThat(variants).hasSize(4); // cuda = none, 11.8, 12.4, 12.6
    for (String hash : variants) {
      assertThat(depot.resolve("artifacts/" + hash)).as(hash).isDirectory();
    }
    assertThat(warnings()).anySatisfy(w -> assertThat(w).startsWith(CUDA_RUNTIME + " chooses its artifacts on the machine")
        .contains("platform_augmentation.jl"));
  }

  @Test
  void aPackageWithoutAHookGetsNoWarning() throws Exception {
    build("1.10.4", FakeJuliaSettings.defaults().withHookJlls(Set.of()));

    assertThat(warnings()).noneMatch(w -> w.contains("platform_augmentation"));
    // Without a hook only the best entry for the host is installed, as Julia loads it.
    Path depot = BundleLayout.at(tmp.resolve("build")).depot();
    try (Stream<Path> s = Files.list(depot.resolve("artifacts"))) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void scratchSpacesMadeDuringTheBuildAreReportedByPackageNameAndNotShipped() throws Exception {
    build("1.10.4", FakeJuliaSettings.defaults().withScratchPackages(Set.of("CSV")));

    List<String> scratch;
    synchronized (events) {
      scratch = events.stream().filter(e -> e instanceof SiegeEvent.DiagnosticReported d
              && d.diagnostic().code().equals(DepotPruner.SCRATCH_SPACES))
          .map(e -> ((SiegeEvent.DiagnosticReported) e).diagnostic().message()).toList();
    }
    assertThat(scratch).singleElement().asString()
        .contains("CSV (336ed68f-0bac-5ca0-87d4-7b16caf5d00b)").contains("not shipped");
    assertThat(BundleLayout.at(tmp.resolve("build")).depot().resolve("scratchspaces")).doesNotExist();
  }

  @Test
  void aBuildWhosePackagesMakeNoScratchSpaceSaysNothingAboutThem() throws Exception {
    // Depot-only: instantiate.jl precompiles, and Pkg 1.6 keeps its precompile state in its own
    // scratch space (release-1.6 src/API.jl save_precompile_state).
    build("1.6.7", FakeJuliaSettings.defaults(), true);

    synchronized (events) {
      // Pkg 1.6's own precompile state in its scratch space is not the project's.
      assertThat(events).noneMatch(e -> e instanceof SiegeEvent.DiagnosticReported d
          && d.diagnostic().code().equals(DepotPruner.SCRATCH_SPACES));
    }
  }
}
