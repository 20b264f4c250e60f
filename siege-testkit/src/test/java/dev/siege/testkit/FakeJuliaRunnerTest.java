package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.probe.JuliaProbe;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class FakeJuliaRunnerTest {
  static final UUID CSV = UUID.fromString("336ed68f-0bac-5ca0-87d4-7b16caf5d00b");
  static final UUID DATAFRAMES = UUID.fromString("a93c6f00-e57d-5684-b7b6-d8193f3e46c0");
  static final UUID LINEAR_ALGEBRA = UUID.fromString("37e2e46d-f89d-539d-b4ee-838fcccc9c8e");

  @TempDir Path tmp;

  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());
  final SiegeListener listener = events::add;
  final FakeJuliaRunner runner = new FakeJuliaRunner();

  static Path project(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Project.toml"), "[deps]\nCSV = \"" + CSV + "\"\nDataFrames = \"" + DATAFRAMES
        + "\"\nLinearAlgebra = \"" + LINEAR_ALGEBRA + "\"\n");
    return dir;
  }

  JuliaCall call(JuliaScript purpose, Map<String, Object> params, EnvChanges env) {
    return new JuliaCall(purpose, params, List.of(), env, tmp, Duration.ofMinutes(1), null);
  }

  static EnvChanges depot(Path depot) {
    return EnvChanges.builder().set("JULIA_DEPOT_PATH", depot + ":").unset("JULIA_LOAD_PATH").build();
  }

  /** The sysimage step's depot path: the bundle depot, then the tool depot (BuildPlanner). */
  EnvChanges sysimageDepots(Path depot) {
    return EnvChanges.builder().set("JULIA_DEPOT_PATH", depot + ":" + tmp.resolve("tools/depot") + ":")
        .unset("JULIA_LOAD_PATH").build();
  }

  JuliaResult instantiate(Path project, Path depot, boolean lazy) throws Exception {
    return runner.run(call(JuliaScript.INSTANTIATE, Map.of("project", project.toString(), "include_lazy_artifacts", lazy),
        depot(depot)), listener);
  }

  List<String> output(SiegeEvent.Stream stream) {
    synchronized (events) {
      return events.stream()
          .filter(e -> e instanceof SiegeEvent.JuliaOutput o && o.stream() == stream)
          .map(e -> ((SiegeEvent.JuliaOutput) e).line())
          .toList();
    }
  }

  @Test
  void versionAndProbeGiveTheConfiguredJuliaThroughTheRealProbe() throws Exception {
    runner.settings(FakeJuliaSettings.defaults().withVersion("1.11.2").withPlatform("aarch64", "linux", "musl"));

    JuliaInfo info = new JuliaProbe(null, tmp).probe(Path.of("/opt/julia/bin/julia"), runner, listener);

    assertThat(info.version().toString()).isEqualTo("1.11.2");
    assertThat(info.arch()).isEqualTo("aarch64");
    assertThat(info.libc()).isEqualTo("musl");
    assertThat(info.bindir()).isEqualTo(Path.of("/opt/julia-1.11.2/bin"));
    assertThat(info.wordSize()).isEqualTo(64);
    assertThat(info.triplet()).startsWith("aarch64-linux-musl-").endsWith("julia_version+1.11.2");
    assertThat(runner.calls()).extracting(JuliaCall::script).containsExactly(JuliaScript.VERSION, JuliaScript.PROBE);
  }

  @Test
  void probeReportsTheCommitTheRealBinaryAndJuliasOwnDepots() throws Exception {
    JuliaInfo info = new JuliaProbe(null, tmp).probe(Path.of("/opt/julia/bin/julia"), runner, listener);

    assertThat(info.commit()).hasSize(40);
    assertThat(info.bundledDepots())
        .containsExactly(Path.of("/opt/julia-1.10.4/local/share/julia"), Path.of("/opt/julia-1.10.4/share/julia"));
  }

  @Test
  void probeOfJuliaOlderThan16FailsAsProbeJlDoesThereAndTheRealProbeRefusesItFirst() throws Exception {
    runner.settings(FakeJuliaSettings.defaults().withVersion("1.5.3"));

    JuliaException e = catchThrowableOfType(JuliaException.class, () -> runner.run(call(JuliaScript.PROBE, Map.of(),
        EnvChanges.none()), listener));
    assertThat(e.getMessage()).contains("Package TOML not found");

    FakeJuliaRunner fresh = new FakeJuliaRunner().settings(FakeJuliaSettings.defaults().withVersion("1.5.3"));
    assertThatThrownBy(() -> new JuliaProbe(null, tmp).probe(Path.of("/opt/julia/bin/julia"), fresh, listener))
        .hasMessageContaining("Julia 1.5.3").hasMessageContaining("1.6 or later");
    assertThat(fresh.calls()).extracting(JuliaCall::script).containsExactly(JuliaScript.VERSION);
  }

  @Test
  void toolsWritesTheToolEnvironmentAndInstallsPackageCompilerIntoTheToolDepot() throws Exception {
    Path toolProject = tmp.resolve("tools/env");
    Path toolDepot = tmp.resolve("tools/depot");

    JuliaResult r = runner.run(call(JuliaScript.TOOLS, Map.of("tool_project", toolProject.toString(),
        "packagecompiler_version", "2.3.1"), depot(toolDepot)), listener);

    assertThat(r.results()).containsEntry("packagecompiler_version", "2.3.1")
        .containsEntry("tool_project", toolProject.toString());
    assertThat(Files.readString(toolProject.resolve("Project.toml"))).contains("PackageCompiler = \"" + FakeJulia.PACKAGECOMPILER_UUID);
    TomlParseResult manifest = Toml.parse(toolProject.resolve("Manifest.toml"));
    String tree = manifest.getArray("deps.PackageCompiler").getTable(0).getString("git-tree-sha1");
    assertThat(toolDepot.resolve(DepotPaths.packageDir("PackageCompiler", FakeJulia.PACKAGECOMPILER_UUID, tree))
        .resolve("Project.toml")).isRegularFile();
    assertThat(toolDepot.resolve("compiled/v1.10/PackageCompiler")).isDirectory();
  }

  @Test
  void toolsFailsLikePkgWhenThePackageCompilerVersionNeedsANewerJulia() throws Exception {
    runner.settings(FakeJuliaSettings.defaults().withVersion("1.9.4"));

    JuliaException e = catchThrowableOfType(() -> runner.run(call(JuliaScript.TOOLS, Map.of(
        "tool_project", tmp.resolve("t").toString(), "packagecompiler_version", "2.4.0"), depot(tmp.resolve("d"))),
        listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.getMessage()).contains("tools.jl failed with exit code 1");
    assertThat(e.lastLines()).anyMatch(l -> l.contains("Unsatisfiable requirements detected for package PackageCompiler"));
  }

  @Test
  void instantiateResolvesAManifestWithTransitiveDepsAndJllsWhenThereIsNone() throws Exception {
    Path env = project(tmp.resolve("env"));

    JuliaResult r = instantiate(env, tmp.resolve("depot"), false);

    assertThat(r.results()).containsEntry("manifest_created", "true");
    TomlParseResult m = Toml.parse(env.resolve("Manifest.toml"));
    assertThat(m.errors()).isEmpty();
    assertThat(m.getString("manifest_format")).isEqualTo("2.0");
    assertThat(m.getString("julia_version")).isEqualTo("1.10.4");
    assertThat(m.getTable("deps").keySet())
        .contains("CSV", "DataFrames", "LinearAlgebra", "Preferences", "OpenSpecFun_jll", "MKL_jll");
    assertThat(m.getArray("deps.LinearAlgebra").getTable(0).contains("git-tree-sha1")).isFalse();
    assertThat(r.results()).containsEntry("packages", String.valueOf(m.getTable("deps").size()));

    Path again = project(tmp.resolve("again"));
    instantiate(again, tmp.resolve("depot2"), false);
    assertThat(Files.readString(again.resolve("Manifest.toml"))).isEqualTo(Files.readString(env.resolve("Manifest.toml")));
  }

  @Test
  void instantiateWritesARealisticDepotForTheManifest() throws Exception {
    Path env = project(tmp.resolve("env"));
    Path depot = tmp.resolve("depot");

    instantiate(env, depot, true);

    TomlParseResult m = Toml.parse(env.resolve("Manifest.toml"));
    for (String name : List.of("CSV", "DataFrames", "Preferences", "OpenSpecFun_jll")) {
      var entry = m.getArray("deps." + name).getTable(0);
      Path dir = depot.resolve(DepotPaths.packageDir(name, UUID.fromString(entry.getString("uuid")),
          entry.getString("git-tree-sha1")));
      assertThat(dir.resolve("src/" + name + ".jl")).as(name).isRegularFile();
      assertThat(dir.resolve("Project.toml")).isRegularFile();
    }
    assertThat(depot.resolve("packages/LinearAlgebra")).doesNotExist();
    assertThat(depot.resolve("registries/General/Registry.toml")).isRegularFile();
    assertThat(depot.resolve("logs/manifest_usage.toml")).content().contains(env.resolve("Manifest.toml").toString());
    for (String dir : List.of("compiled/v1.10/CSV", "clones")) {
      assertThat(depot.resolve(dir)).as(dir).isDirectory();
    }
    List<Path> links;
    try (Stream<Path> walk = Files.walk(depot.resolve("artifacts"))) {
      links = walk.filter(Files::isSymbolicLink).toList();
    }
    assertThat(links).isNotEmpty();
    for (Path link : links) {
      assertThat(Files.readSymbolicLink(link).isAbsolute()).isFalse();
      assertThat(link.resolveSibling(Files.readSymbolicLink(link))).exists();
    }
    assertThat(links).anyMatch(l -> l.getFileName().toString().equals("libopenspecfun.so"));
    assertThat(output(SiegeEvent.Stream.STDERR)).contains("   Installed CSV ─ v" + m.getArray("deps.CSV").getTable(0).getString("version"));
  }

  @Test
  void lazyArtifactsAreInstalledOnlyWhenRequested() throws Exception {
    Path env = project(tmp.resolve("env"));

    JuliaResult without = instantiate(env, tmp.resolve("without"), false);
    JuliaResult with = instantiate(env, tmp.resolve("with"), true);

    assertThat(artifacts(tmp.resolve("with"))).containsAll(artifacts(tmp.resolve("without")));
    assertThat(artifacts(tmp.resolve("with"))).hasSize(artifacts(tmp.resolve("without")).size() + 1);
    assertThat(Integer.parseInt(with.results().get("artifacts_ensured")))
        .isEqualTo(Integer.parseInt(without.results().get("artifacts_ensured")) + 1);
    Path mklToml;
    try (Stream<Path> s = Files.list(tmp.resolve("with/packages/MKL_jll"))) {
      mklToml = s.findFirst().orElseThrow().resolve("Artifacts.toml");
    }
    assertThat(mklToml).content().contains("lazy = true");
  }

  static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<String> artifacts(Path depot) throws Exception {
    try (Stream<Path> s = Files.list(depot.resolve("artifacts"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void instantiateKeepsAnExistingManifestAndInstallsOnlyWhatNoDepotHas() throws Exception {
    Path env = project(tmp.resolve("env"));
    instantiate(env, tmp.resolve("depot"), true);
    String manifest = Files.readString(env.resolve("Manifest.toml"));
    events.clear();

    JuliaResult second = runner.run(call(JuliaScript.INSTANTIATE, Map.of("project", env.toString(),
        "include_lazy_artifacts", true), EnvChanges.builder()
        .set("JULIA_DEPOT_PATH", tmp.resolve("new") + ":" + tmp.resolve("depot")).build()), listener);

    assertThat(second.results()).containsEntry("manifest_created", "false");
    assertThat(Files.readString(env.resolve("Manifest.toml"))).isEqualTo(manifest);
    assertThat(output(SiegeEvent.Stream.STDERR)).noneMatch(l -> l.contains("Installed") || l.contains("Downloaded"));
    assertThat(tmp.resolve("new/packages")).doesNotExist();
  }

  @Test
  void instantiateReadsAFormat1ManifestAndWarnsAsPkgDoesAboutItsMissingJuliaVersion() throws Exception {
    Path env = Files.createDirectories(tmp.resolve("old"));
    UUID example = UUID.fromString("7876af07-990d-54b4-ab0e-23690620f79a");
    Files.writeString(env.resolve("Project.toml"), "[deps]\nExample = \"" + example + "\"\n");
    Files.writeString(env.resolve("Manifest.toml"), "[[Example]]\ngit-tree-sha1 = \"46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc\"\n"
        + "uuid = \"" + example + "\"\nversion = \"0.5.3\"\n\n[[Random]]\ndeps = [\"Serialization\"]\n"
        + "uuid = \"9a3f8284-a2c9-5f02-9a11-845980a1fd5c\"\n");
    Path depot = tmp.resolve("depot");

    JuliaResult r = instantiate(env, depot, false);

    assertThat(r.results()).containsEntry("manifest_created", "false").containsEntry("packages", "2");
    assertThat(depot.resolve(DepotPaths.packageDir("Example", example, "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc")))
        .isDirectory();
    assertThat(depot.resolve("packages/Random")).doesNotExist();
    assertThat(output(SiegeEvent.Stream.STDERR)).anyMatch(l -> l.startsWith("┌ Warning: The active manifest file is missing a julia version"));
  }

  @Test
  void instantiateFailsLikeJuliaWhenADevelopedPackageIsMissing() throws Exception {
    Path env = project(tmp.resolve("env"));
    Files.writeString(env.resolve("Manifest.toml"), "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n\n"
        + "[[deps.Mine]]\npath = \"../mine\"\nuuid = \"" + UUID.nameUUIDFromBytes(new byte[] {1}) + "\"\n");

    JuliaException e = catchThrowableOfType(() -> instantiate(env, tmp.resolve("depot"), false), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.lastLines()).anyMatch(l -> l.startsWith("ERROR: LoadError: expected package `Mine [")
        && l.endsWith("]` to exist at path `" + tmp.resolve("mine") + "`"));
  }

  @Test
  void instantiateRefusesToInstallIntoTheUsersDepot() throws Exception {
    Path env = project(tmp.resolve("env"));

    JuliaException e = catchThrowableOfType(() -> runner.run(call(JuliaScript.INSTANTIATE,
        Map.of("project", env.toString()), EnvChanges.none()), listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.getMessage()).contains("JULIA_DEPOT_PATH is unset");
    assertThat(env.resolve("Manifest.toml")).doesNotExist();
  }

  @Test
  void instantiateWorksOnJimfs() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path work = Files.createDirectories(fs.getPath("/work"));
      Path env = project(work.resolve("env"));

      JuliaResult r = runner.run(new JuliaCall(JuliaScript.INSTANTIATE, Map.of("project", "env"), List.of(),
          EnvChanges.builder().set("JULIA_DEPOT_PATH", "depot:").build(), work, Duration.ofMinutes(1), null), listener);

      assertThat(r.results()).containsEntry("manifest_created", "true");
      assertThat(work.resolve("depot/packages/CSV")).isDirectory();
      assertThat(env.resolve("Manifest.toml")).isRegularFile();
    }
  }

  @Test
  void absolutePathInDepsJlIsLeftInTheNamedPackage() throws Exception {
    Path env = project(tmp.resolve("env"));
    Path depot = tmp.resolve("depot");
    runner.absolutePathInDepsJl("DataFrames");

    instantiate(env, depot, false);

    Path depsJl;
    try (Stream<Path> s = Files.list(depot.resolve("packages/DataFrames"))) {
      depsJl = s.findFirst().orElseThrow().resolve("deps/deps.jl");
    }
    assertThat(depsJl).content().contains("\"" + depot.toAbsolutePath() + "\"");
    try (Stream<Path> s = Files.list(depot.resolve("packages/CSV"))) {
      assertThat(s.findFirst().orElseThrow().resolve("deps")).doesNotExist();
    }
  }

  Map<String, Object> sysimageParams(Path env, List<String> packages) {
    return Map.of("tool_project", tmp.resolve("tools/env").toString(),
        "project", env.toString(), "sysimage_path", tmp.resolve("out/sysimage/sys.so").toString(),
        "packages", packages, "cpu_target", "generic");
  }

  @Test
  void sysimageWritesTheImageAndCompileCachesWhenEverythingIsInstalled() throws Exception {
    runner.settings(runner.settings().withSysimageBytes(123_456));
    Path env = project(tmp.resolve("env"));
    Path depot = tmp.resolve("depot");
    runner.run(call(JuliaScript.TOOLS, Map.of("tool_project", tmp.resolve("tools/env").toString()),
        depot(tmp.resolve("tools/depot"))), listener);
    instantiate(env, depot, true);
    deleteTree(depot.resolve("compiled"));

    JuliaResult r = runner.run(call(JuliaScript.SYSIMAGE, sysimageParams(env, List.of("CSV", "DataFrames")), sysimageDepots(depot)), listener);

    assertThat(tmp.resolve("out/sysimage/sys.so")).hasSize(123_456);
    assertThat(r.results()).containsEntry("sysimage_bytes", "123456").containsEntry("packages", "2")
        .containsEntry("packagecompiler_version", "2.4.0")
        .containsEntry("sysimage_path", tmp.resolve("out/sysimage/sys.so").toString());
    assertThat(depot.resolve("compiled/v1.10/DataFrames")).isDirectory();
  }

  @Test
  void sysimageFailsLikeJuliaWithoutPackageCompilerWithoutPackagesOrWithAForeignPackage() throws Exception {
    Path env = project(tmp.resolve("env"));
    Path depot = tmp.resolve("depot");
    instantiate(env, depot, false);

    JuliaException noPc = catchThrowableOfType(() -> runner.run(call(JuliaScript.SYSIMAGE,
        sysimageParams(env, List.of("CSV")), sysimageDepots(depot)), listener), JuliaException.class);
    assertThat(noPc.exitCode()).isEqualTo(1);
    assertThat(noPc.lastLines()).contains("ERROR: LoadError: ArgumentError: Package PackageCompiler not found in current path.");

    runner.run(call(JuliaScript.TOOLS, Map.of("tool_project", tmp.resolve("tools/env").toString()),
        depot(tmp.resolve("tools/depot"))), listener);
    JuliaException empty = catchThrowableOfType(() -> runner.run(call(JuliaScript.SYSIMAGE,
        sysimageParams(env, List.of()), sysimageDepots(depot)), listener), JuliaException.class);
    assertThat(empty.getMessage()).contains("the package list for the sysimage is empty");

    JuliaException foreign = catchThrowableOfType(() -> runner.run(call(JuliaScript.SYSIMAGE,
        sysimageParams(env, List.of("CSV", "Plots")), sysimageDepots(depot)), listener), JuliaException.class);
    // Julia's last stderr line is "in expression starting at ...": the error is in the last lines.
    assertThat(foreign.lastLines()).contains("ERROR: LoadError: package(s) Plots not in project");
    assertThat(tmp.resolve("out/sysimage/sys.so")).doesNotExist();
  }

  @Test
  void smokeTestPassesFailsOrDownloadsAsConfigured() throws Exception {
    JuliaCall smoke = call(JuliaScript.SMOKE_TEST, Map.of("packages", List.of("CSV", "DataFrames")),
        EnvChanges.builder().set("JULIA_DEPOT_PATH", "/home/u/.cache/siege:/bundle/depot:").set("HOME", "/home/u").build());

    JuliaResult ok = runner.run(smoke, listener);
    assertThat(ok.results()).containsEntry("loaded", "2");
    assertThat(ok.results().get("depots")).startsWith("/home/u/.cache/siege:/bundle/depot:/home/u/.julia:");

    runner.settings(runner.settings().withSmokeTest(FakeJuliaSettings.SmokeTest.FAIL));
    assertThatThrownBy(() -> runner.run(smoke, listener)).isInstanceOf(JuliaException.class)
        .hasMessageContaining("loading CSV failed offline");

    runner.settings(runner.settings().withSmokeTest(FakeJuliaSettings.SmokeTest.DOWNLOAD));
    events.clear();
    assertThatThrownBy(() -> runner.run(smoke, listener)).isInstanceOf(JuliaException.class)
        .hasMessageContaining("tried to download something");
    assertThat(output(SiegeEvent.Stream.STDERR)).anyMatch(l -> l.contains("Downloading artifact: "));
  }

  @Test
  void failThrowsLikeTheRealRunnerAndWritesTheLog() throws Exception {
    runner.fail(JuliaScript.SYSIMAGE, 137, "ERROR: out of memory", "Killed");
    Path log = tmp.resolve("logs/sysimage.log");

    JuliaException e = catchThrowableOfType(() -> runner.run(new JuliaCall(JuliaScript.SYSIMAGE, Map.of(), List.of(),
        EnvChanges.none(), tmp, Duration.ofMinutes(1), log), listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(137);
    assertThat(e.script()).isEqualTo(JuliaScript.SYSIMAGE);
    // As ProcessJuliaRunner words it: Julia's "ERROR:" line, not whatever stderr line came last.
    assertThat(e.getMessage()).isEqualTo("Julia build_sysimage.jl failed with exit code 137: ERROR: out of memory");
    assertThat(e.lastLines()).containsExactly("ERROR: out of memory", "Killed");
    assertThat(e.logFile()).contains(log);
    assertThat(log).content().isEqualTo("ERROR: out of memory\nKilled\n");
    assertThat(output(SiegeEvent.Stream.STDERR)).containsExactly("ERROR: out of memory", "Killed");

    runner.reset(JuliaScript.SYSIMAGE);
    assertThatThrownBy(() -> runner.run(call(JuliaScript.SYSIMAGE, Map.of(), EnvChanges.none()), listener))
        .isInstanceOf(JuliaException.class).hasMessageContaining("missing parameter \"tool_project\"");
  }

  @Test
  void hangEndsWithATimeoutException() throws Exception {
    runner.hang(JuliaScript.INSTANTIATE).print(JuliaScript.INSTANTIATE, SiegeEvent.Stream.STDOUT, "starting");

    JuliaException e = catchThrowableOfType(() -> runner.run(new JuliaCall(JuliaScript.INSTANTIATE, Map.of(), List.of(),
        EnvChanges.none(), tmp, Duration.ofMillis(50), tmp.resolve("i.log")), listener), JuliaException.class);

    assertThat(e.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
    assertThat(e.getMessage()).isEqualTo("Julia instantiate.jl timed out after 50 ms and was stopped, with every process it started");
    assertThat(e.lastLines()).containsExactly("starting");
    assertThat(tmp.resolve("i.log")).content().startsWith("starting\n[siege] stopped: timed out");
  }

  @Test
  void hangEndsWhenTheCallingThreadIsInterrupted() throws Exception {
    runner.hang(JuliaScript.SYSIMAGE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread build = new Thread(() -> {
      try {
        runner.run(new JuliaCall(JuliaScript.SYSIMAGE, Map.of(), List.of(), EnvChanges.none(), tmp, Duration.ofHours(1), null), listener);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    build.start();

    assertThat(runner.awaitCall(JuliaScript.SYSIMAGE, Duration.ofMinutes(1))).isTrue();
    build.interrupt();
    build.join();

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void printedLinesAndScriptOutputReachTheListenerAsTheRealRunnerDeliversThem() throws Exception {
    runner.print(JuliaScript.PROBE, SiegeEvent.Stream.STDERR, "WARNING: something odd")
        .print(JuliaScript.PROBE, SiegeEvent.Stream.STDOUT, "hello");

    JuliaResult r = runner.run(call(JuliaScript.PROBE, Map.of(), EnvChanges.none()), listener);

    assertThat(events.get(0)).isEqualTo(new SiegeEvent.JuliaOutput(JuliaScript.PROBE, SiegeEvent.Stream.STDERR, "WARNING: something odd"));
    assertThat(events.get(1)).isEqualTo(new SiegeEvent.JuliaOutput(JuliaScript.PROBE, SiegeEvent.Stream.STDOUT, "hello"));
    assertThat(events).noneMatch(e -> e instanceof SiegeEvent.JuliaOutput o && o.line().startsWith("##siege"));
    assertThat(r.stdout()).containsExactly("hello");
    assertThat(r.results()).containsEntry("arch", "x86_64").containsEntry("word_size", "64");

    events.clear();
    Path env = project(tmp.resolve("env"));
    instantiate(env, tmp.resolve("depot"), false);
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Progress p
        && p.task().equals("instantiate: checking artifacts") && p.done() == 2 && p.total() == 4);
  }

  @Test
  void recordsEveryCallInOrder() throws Exception {
    JuliaCall version = call(JuliaScript.VERSION, Map.of(), EnvChanges.none());
    JuliaCall probe = call(JuliaScript.PROBE, Map.of(), EnvChanges.builder().set("A", "b").build());
    runner.run(version, listener);
    runner.run(probe, listener);
    runner.run(version, listener);

    assertThat(runner.calls()).containsExactly(version, probe, version);
    assertThat(runner.calls(JuliaScript.VERSION)).hasSize(2);
    assertThat(runner.count()).isEqualTo(3);
    assertThat(runner.count(JuliaScript.PROBE)).isEqualTo(1);
    assertThat(runner.calls(JuliaScript.PROBE).get(0).env().set()).containsEntry("A", "b");
    assertThatThrownBy(() -> runner.calls().add(version)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsParametersTheRealRunnerCannotWrite() {
    assertThatThrownBy(() -> runner.run(call(JuliaScript.SMOKE_TEST, Map.of("packages", List.of(1, 2)), EnvChanges.none()),
        listener)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists may hold only strings");
  }
}
