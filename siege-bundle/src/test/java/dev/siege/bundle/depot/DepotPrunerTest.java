package dev.siege.bundle.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.testkit.FakeDepot;
import dev.siege.testkit.FakeDepotDescription;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DepotPrunerTest {
  FileSystem fs;
  Path depot;
  List<SiegeEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    fs = Jimfs.newFileSystem(Configuration.unix());
    depot = Files.createDirectories(fs.getPath("/bundle/depot"));
  }

  @AfterEach
  void tearDown() throws Exception {
    fs.close();
  }

  private void file(String rel, int bytes) throws Exception {
    Path p = depot.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }

  private static final PackageDir EXAMPLE = new PackageDir("Example", "AbCdE");

  @Test
  void removesCachesLogsClonesScratchServersEnvironmentsAndConfigWithTheirSizes() throws Exception {
    file("compiled/v1.10/Example/abc_AbCdE.ji", 1000);
    file("compiled/v1.10/Example/abc_AbCdE.so", 500);
    file("logs/manifest_usage.toml", 10);
    file("clones/123/HEAD", 5);
    file("scratchspaces/uuid/key/x", 5);
    file("servers/pkg.julialang.org/auth.toml", 42);
    file("environments/v1.10/Project.toml", 3);
    file("config/startup.jl", 7);
    file("packages/Example/AbCdE/src/Example.jl", 20);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false).prune(depot, events::add);

    assertThat(report.removed())
        .extracting(RemovedDir::name)
        .containsExactly("clones", "compiled", "config", "environments", "logs", "scratchspaces", "servers");
    assertThat(report.removed()).contains(new RemovedDir("compiled", 1500, 2), new RemovedDir("servers", 42, 1));
    assertThat(report.removedBytes()).isEqualTo(1500 + 10 + 5 + 5 + 42 + 3 + 7);
    try (var left = Files.list(depot)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("packages");
    }
    assertThat(events)
        .filteredOn(SiegeEvent.Message.class::isInstance)
        .extracting(e -> ((SiegeEvent.Message) e).text())
        .contains("pruned depot/compiled (2 files, 0.0 MB)");
  }

  @Test
  void scratchSpacesTheBuildMadeAreAWarningNamingTheirPackages_Issue14() throws Exception {
    file("packages/Example/AbCdE/src/Example.jl", 20);
    file("scratchspaces/7876af07-990d-54b4-ab0e-23690620f79a/cache/state.toml", 5);
    file("scratchspaces/0bca4576-84f4-4d90-8ffe-ffa030f20462/downloads/x", 5);
    // Pkg's own precompile state (Pkg release-1.6 save_precompile_state) is not the project's.
    file("scratchspaces/44cfe95a-1eb2-52ea-b672-e2afdf69b78f/suspend_cache_1", 5);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false,
        Map.of("7876af07-990d-54b4-ab0e-23690620f79a", "Example")).prune(depot, events::add);

    assertThat(report.scratchSpaces())
        .containsExactly("0bca4576-84f4-4d90-8ffe-ffa030f20462", "Example (7876af07-990d-54b4-ab0e-23690620f79a)");
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.findings()).filteredOn(d -> d.code().equals(DepotPruner.SCRATCH_SPACES)).singleElement()
        .satisfies(d -> {
          assertThat(d.isError()).isFalse();
          assertThat(d.message()).contains("Example (7876af07").contains("0bca4576").doesNotContain("44cfe95a");
          assertThat(d.hint()).contains("first depot");
        });
    assertThat(events).filteredOn(SiegeEvent.DiagnosticReported.class::isInstance)
        .extracting(e -> ((SiegeEvent.DiagnosticReported) e).diagnostic().code()).contains(DepotPruner.SCRATCH_SPACES);
    assertThat(depot.resolve("scratchspaces")).doesNotExist();
  }

  @Test
  void noScratchSpacesOrOnlyPkgsOwnMeansNoWarning() throws Exception {
    file("packages/Example/AbCdE/src/Example.jl", 20);
    file("scratchspaces/44cfe95a-1eb2-52ea-b672-e2afdf69b78f/pending_cache_1", 5);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false).prune(depot, events::add);

    assertThat(report.scratchSpaces()).isEmpty();
    assertThat(report.findings()).noneMatch(d -> d.code().equals(DepotPruner.SCRATCH_SPACES));
  }

  @Test
  void anOddScratchDirectoryNameIsQuoted() throws Exception {
    file("packages/Example/AbCdE/src/Example.jl", 20);
    file("scratchspaces/not a uuid\nx/f", 1);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false).prune(depot, events::add);

    assertThat(report.scratchSpaces()).containsExactly("\"not a uuid\\nx\"");
  }

  @Test
  void keepsPackagesArtifactsRegistriesAndConda() throws Exception {
    file("packages/Example/AbCdE/Project.toml", 1);
    file("artifacts/0123456789abcdef0123456789abcdef01234567/lib/libx.so", 1);
    file("registries/General.toml", 1);
    file("conda/3/bin/python", 1);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false).prune(depot, events::add);

    assertThat(report.kept()).containsExactly("artifacts", "conda", "packages", "registries");
    assertThat(report.removed()).isEmpty();
    assertThat(depot.resolve("conda/3/bin/python")).exists();
  }

  @Test
  void keepsDevOnlyWhenTheManifestUsesIt() throws Exception {
    file("dev/MyPkg/src/MyPkg.jl", 1);

    PruneReport used = new DepotPruner(List.of(), true).prune(depot, events::add);
    assertThat(used.kept()).containsExactly("dev");
    assertThat(depot.resolve("dev/MyPkg/src/MyPkg.jl")).exists();

    PruneReport unused = new DepotPruner(List.of(), false).prune(depot, events::add);
    assertThat(unused.removed()).extracting(RemovedDir::name).containsExactly("dev");
    assertThat(depot.resolve("dev")).doesNotExist();
  }

  @Test
  void keepsAndReportsEntriesItDoesNotKnow() throws Exception {
    file("mystery/data.bin", 4);

    PruneReport report = new DepotPruner(List.of(), false).prune(depot, events::add);

    assertThat(report.unknown()).containsExactly("mystery");
    assertThat(depot.resolve("mystery/data.bin")).exists();
    assertThat(events).contains(
        new SiegeEvent.Message(SiegeEvent.Level.WARNING, "kept depot/mystery, which SIEGE does not know; it is shipped as is"));
  }

  @Test
  void removesASymlinkedCacheDirectoryButNotItsTarget() throws Exception {
    Path elsewhere = Files.createDirectories(fs.getPath("/shared/compiled"));
    Files.write(elsewhere.resolve("precious.ji"), new byte[100]);
    Files.createSymbolicLink(depot.resolve("compiled"), elsewhere);

    PruneReport report = new DepotPruner(List.of(), false).prune(depot, events::add);

    assertThat(report.removed()).containsExactly(new RemovedDir("compiled", 0, 0));
    assertThat(depot.resolve("compiled")).doesNotExist();
    assertThat(elsewhere.resolve("precious.ji")).exists();
  }

  @Test
  void auditWarnsAboutPackageDirectoriesNoManifestEntryExplains() throws Exception {
    file("packages/Example/AbCdE/Project.toml", 1);
    file("packages/Example/ZZZZZ/Project.toml", 1);
    file("packages/PackageCompiler/Qx1yZ/Project.toml", 1);

    PruneReport report = new DepotPruner(List.of(EXAMPLE), false).prune(depot, events::add);

    assertThat(report.findings())
        .extracting(d -> d.code() + " " + d.file())
        .containsExactly(
            "depot-unexpected-package /bundle/depot/packages/Example/ZZZZZ",
            "depot-unexpected-package /bundle/depot/packages/PackageCompiler/Qx1yZ");
    assertThat(report.hasErrors()).isFalse();
    assertThat(events).filteredOn(SiegeEvent.DiagnosticReported.class::isInstance).hasSize(2);
    assertThat(depot.resolve("packages/Example/ZZZZZ")).exists();
  }

  @Test
  void prunesAFakeDepotToWhatShipsAndFindsItsStaleVersions() throws Exception {
    FakeDepotDescription d = FakeDepot.generate(fs.getPath("/fake"), 9, 0.03);
    List<PackageDir> expected = d.packages().stream().map(p -> new PackageDir(p.name(), p.slug())).toList();

    PruneReport report = new DepotPruner(expected, false).prune(d.depot(), events::add);

    assertThat(report.removed()).extracting(RemovedDir::name).containsExactlyElementsOf(d.prunableDirs());
    assertThat(report.kept()).containsExactly("artifacts", "packages", "registries");
    assertThat(report.findings())
        .extracting(f -> d.depot().relativize(f.file()).toString())
        .containsExactlyInAnyOrderElementsOf(d.stalePackageDirs());
  }

  @Test
  void aMissingDepotIsAnErrorNamingIt() {
    assertThatThrownBy(() -> new DepotPruner(List.of(), false).prune(fs.getPath("/nope"), events::add))
        .isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).file()).contains(fs.getPath("/nope")));
  }

}
