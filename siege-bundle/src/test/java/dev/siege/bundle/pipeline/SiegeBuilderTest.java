package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.siege.bundle.pipeline.OutputLock;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.layout.OutputFiles;
import dev.siege.julia.JuliaCall;
import dev.siege.core.plan.JuliaScript;
import dev.siege.testkit.BadInput;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SiegeBuilderTest {
  static final String PROJECT = TestProjects.CSV_MKL.projectToml();
  static final String MANIFEST = TestProjects.CSV_MKL.manifestToml();

  @TempDir Path tmp;
  Path project;
  Path output;
  Path julia;
  FakeJuliaRunner fake;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    project = TestProjects.CSV_MKL.write(tmp.resolve("env"));
    output = tmp.resolve("build");
    julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    fake = new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString()));
  }

  private SiegeBuilder builder() {
    return SiegeBuilder.forProject(project).output(output);
  }

  private BuildContext context() {
    return fakeContext(tmp, julia, fake, Map.of()).addListener(events::add);
  }

  /**
   * How the pipeline tests build: {@code julia} answered by {@code fake}, the cache under {@code
   * tmp}, a fixed environment ({@code JULIA_CC}, {@code PATH} and {@code more}).
   */
  static BuildContext fakeContext(Path tmp, Path julia, FakeJuliaRunner fake, Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("JULIA_CC", "cc", "PATH", "/usr/bin:/bin"));
    env.putAll(more);
    return BuildContext.create()
        .julia(JuliaSource.executable(julia))
        .juliaRunner(fake)
        .cacheDirectory(tmp.resolve("cache"))
        .environmentVariables(env)
        .juliaTimeout(Duration.ofSeconds(30));
  }

  private BuildResult build() throws Exception {
    return builder().build(context());
  }

  @Test
  void buildsABundleThatVerifiesCleanly() throws Exception {
    BuildResult result = build();

    BundleLayout b = BundleLayout.at(output);
    assertThat(result.upToDate()).isFalse();
    assertThat(result.bundle()).isEqualTo(output.toAbsolutePath().normalize());
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
    assertThat(Files.isExecutable(b.launcher())).isTrue();
    assertThat(b.sysimage()).isNotEmptyFile();
    assertThat(b.env().resolve("Project.toml")).hasContent(PROJECT);
    assertThat(b.depot().resolve("packages/CSV")).isDirectory();
    assertThat(b.depot().resolve("packages/Parsers")).isDirectory();
    assertThat(result.sysimageBytes()).isEqualTo(Files.size(b.sysimage()));
    assertThat(result.packages()).isEqualTo(3);
    assertThat(fake.calls()).extracting(JuliaCall::script).containsExactly(
        JuliaScript.VERSION, JuliaScript.PROBE, JuliaScript.TOOLS, JuliaScript.INSTANTIATE, JuliaScript.SYSIMAGE, JuliaScript.SMOKE_TEST);
  }

  @Test
  void theShippedDepotHoldsOnlyTheProjectNoPackageCompilerAndNoCaches() throws Exception {
    build();
    Path depot = BundleLayout.at(output).depot();
    try (Stream<Path> s = Files.list(depot.resolve("packages"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("CSV", "MKL_jll", "Parsers");
    }
    try (Stream<Path> s = Files.list(depot)) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("compiled", "logs", "clones", "scratchspaces", "servers");
    }
    // PackageCompiler was installed, but into the tool depot outside the bundle (DESIGN step 3).
    try (Stream<Path> s = Files.walk(tmp.resolve("cache/tools"))) {
      assertThat(s.anyMatch(p -> p.getFileName().toString().equals("PackageCompiler"))).isTrue();
    }
  }

  @Test
  void lazyArtifactsAreRequestedAndShipped_JuliaFacts5() throws Exception {
    build();
    JuliaCall instantiate = fake.calls(JuliaScript.INSTANTIATE).get(0);
    assertThat(instantiate.parameters()).containsEntry("include_lazy_artifacts", true);
    Path artifacts = BundleLayout.at(output).depot().resolve("artifacts");
    try (Stream<Path> s = Files.list(artifacts)) {
      assertThat(s.count()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void sysimageGetsTheDirectDepsAndThePortableTarget() throws Exception {
    build();
    JuliaCall call = fake.calls(JuliaScript.SYSIMAGE).get(0);
    assertThat(call.parameters().get("packages")).isEqualTo(List.of("CSV", "MKL_jll", "LinearAlgebra"));
    assertThat(call.parameters().get("cpu_target")).isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(call.env().unset()).contains("JULIA_LOAD_PATH", "LD_LIBRARY_PATH");
  }

  @Test
  void smokeTestRunsTheLauncherOfAMovedBundleWithAnEmptyUserDepot() throws Exception {
    build();
    JuliaCall smoke = fake.calls(JuliaScript.SMOKE_TEST).get(0);
    assertThat(smoke.workDir().getFileName().toString()).endsWith("-moved");
    assertThat(smoke.env().set()).containsKey("SIEGE_USER_DEPOT").containsEntry("JULIA_PKG_OFFLINE", "true");
    assertThat(Path.of(smoke.env().set().get("SIEGE_USER_DEPOT"))).doesNotExist(); // removed afterwards
    assertThat(smoke.parameters().get("packages")).isEqualTo(List.of("CSV", "MKL_jll", "LinearAlgebra"));
  }

  @Test
  void secondBuildWithUnchangedInputsStartsNoJulia() throws Exception {
    build();
    int calls = fake.count();
    BuildResult again = build();
    assertThat(again.upToDate()).isTrue();
    assertThat(fake.count()).isEqualTo(calls);
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Message m && m.text().contains("up to date"));
  }

  @Test
  void aTamperedBundleIsRebuilt() throws Exception {
    build();
    Files.writeString(BundleLayout.at(output).env().resolve("Project.toml"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(build().upToDate()).isFalse();
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
  }

  @Test
  void anInPlaceEditThatKeepsSizeAndTimeIsStillNoticed() throws Exception {
    build();
    Path file = BundleLayout.at(output).env().resolve("Project.toml");
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    Thread.sleep(50); // let the kernel's coarse ctime clock tick
    Files.writeString(file, Files.readString(file).replace("CSV", "CSW"));
    Files.setLastModifiedTime(file, mtime);
    assertThat(build().upToDate()).isFalse();
  }

  @Test
  void upToDateCheckTrustsDigestsOfUnchangedFilesFromTheStampsBesideTheBundle() throws Exception {
    build();
    assertThat(dev.siege.bundle.verify.FileStamps.fileFor(output)).isRegularFile();
    events.clear();
    assertThat(build().upToDate()).isTrue();
  }

  @Test
  void changedManifestRebuildsAndReusesDownloadedPackages() throws Exception {
    build();
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.replace("8489905bcdbcfac64d1daa51ca07c0d8f0283821",
        "0000000000000000000000000000000000000001").replace("2.8.1", "2.8.2"));
    events.clear();
    BuildResult result = build();

    assertThat(result.upToDate()).isFalse();
    assertThat(result.changed()).containsExactly("manifest");
    List<String> installed = events.stream()
        .filter(e -> e instanceof SiegeEvent.JuliaOutput o && o.script() == JuliaScript.INSTANTIATE && o.line().contains("Installed"))
        .map(e -> ((SiegeEvent.JuliaOutput) e).line()).toList();
    assertThat(installed).hasSize(1).allMatch(l -> l.contains("Parsers"));
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Message m && m.text().startsWith("reused "));
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = JuliaScript.class, names = {"TOOLS", "INSTANTIATE", "SYSIMAGE", "SMOKE_TEST"})
  void aFailingStepLeavesThePreviousBundleUntouchedAndNothingBehind(JuliaScript failing) throws Exception {
    build();
    String before = treeHash(output);
    Files.writeString(project.resolve("Project.toml"), PROJECT + "\n# changed\n");
    if (failing == JuliaScript.TOOLS) {
      deleteRecursively(tmp.resolve("cache/tools")); // installed by the first build
    }
    fake.fail(failing, 1, "ERROR: LoadError: simulated failure in " + failing.id());

    assertThatThrownBy(this::build).isInstanceOf(SiegeException.class).hasMessageContaining("simulated failure");

    assertThat(treeHash(output)).isEqualTo(before);
    assertNothingLeftBehind();
  }

  @Test
  void interruptDuringTheSysimageStopsJuliaAndCleansUp() throws Exception {
    build();
    String before = treeHash(output);
    Files.writeString(project.resolve("Project.toml"), PROJECT + "\n# changed\n");
    fake = new FakeJuliaRunner(fake.settings()); // a fresh call record: wait for this build's call
    fake.hang(JuliaScript.SYSIMAGE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        build();
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    assertThat(fake.awaitCall(JuliaScript.SYSIMAGE, Duration.ofSeconds(20))).isTrue();
    t.interrupt();
    t.join(20_000);

    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(treeHash(output)).isEqualTo(before);
    assertNothingLeftBehind();
  }

  @Test
  void badInputStopsBeforeAnyJuliaCallAndWritesNothing() throws Exception {
    Files.writeString(project.resolve("Project.toml"), PROJECT.replace("6c834533", "") + "Parsers = \"69de0a69-1ddd-5017-9359-2bf0b02dc9f0\"\n");
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.replace("336ed68f-0bac-5ca0-87d4-7b16caf5d00b\"\nversion",
        "336ed68f-0bac-5ca0-87d4-7b16caf5d00c\"\nversion"));
    assertThatThrownBy(this::build).isInstanceOf(EnvironmentException.class);
    assertThat(fake.count()).isZero();
    assertThat(output).doesNotExist();
    assertThat(OutputLock.lockFile(output)).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(BadInput.class)
  void everyBadInputStopsTheBuildBeforeAnyJuliaCallNamingTheFile(BadInput bad) throws Exception {
    Path at = tmp.resolve("bad");
    Path named = bad.apply(at);

    assertThatThrownBy(() -> SiegeBuilder.forProject(at).output(output).build(context()))
        .isInstanceOf(SiegeException.class)
        .satisfies(e -> {
          SiegeException se = (SiegeException) e;
          assertThat(se.file()).contains(named);
          assertThat(se.line().orElse(0)).isEqualTo(bad.line());
          assertThat(se.rawMessage()).contains(bad.message());
        });
    assertThat(fake.count()).isZero();
    assertThat(output).doesNotExist();
    assertNothingLeftBehind();
  }

  @Test
  void developedPackageOutsideTheProjectNeedsVendorDev() throws Exception {
    Path dev = Files.createDirectories(tmp.resolve("elsewhere/MyTool/src"));
    Files.writeString(dev.resolve("MyTool.jl"), "module MyTool end\n");
    Files.writeString(dev.getParent().resolve("Project.toml"), "name = \"MyTool\"\nuuid = \"11111111-2222-3333-4444-555555555555\"\n");
    Files.writeString(project.resolve("Project.toml"), PROJECT + "MyTool = \"11111111-2222-3333-4444-555555555555\"\n");
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST + """

        [[deps.MyTool]]
        path = "../elsewhere/MyTool"
        uuid = "11111111-2222-3333-4444-555555555555"
        version = "0.1.0"
        """);

    assertThatThrownBy(this::build).isInstanceOf(EnvironmentException.class).hasMessageContaining("MyTool");
    assertThat(fake.count()).isZero();

    builder().vendorDev(true).build(context());
    Path env = BundleLayout.at(output).env();
    assertThat(env.resolve("dev/MyTool/src/MyTool.jl")).hasContent("module MyTool end\n");
    assertThat(Files.readString(env.resolve("Manifest.toml"))).contains("path = \"dev/MyTool\"").doesNotContain("elsewhere");

    // Its code is an input of the build: editing it makes the bundle out of date.
    assertThat(builder().vendorDev(true).build(context()).upToDate()).isTrue();
    Files.writeString(dev.resolve("MyTool.jl"), "module MyTool\nversion2() = 2\nend\n");
    BuildResult again = builder().vendorDev(true).build(context());
    assertThat(again.upToDate()).isFalse();
    assertThat(again.changed()).containsExactly("dev.MyTool");
    assertThat(env.resolve("dev/MyTool/src/MyTool.jl")).content().contains("version2");
  }

  @Test
  void noPackagesBuildsADepotOnlyBundleWithoutPackageCompiler() throws Exception {
    BuildResult r = builder().noPackages().build(context());
    assertThat(BundleLayout.at(output).sysimage()).doesNotExist();
    assertThat(r.sysimageBytes()).isZero();
    assertThat(fake.calls()).extracting(JuliaCall::script).doesNotContain(JuliaScript.TOOLS, JuliaScript.SYSIMAGE);
    assertThat(Files.readString(BundleLayout.at(output).launcher())).contains("julia");
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
  }

  @Test
  void absolutePathsLeftByAPackageBuildAreReportedAsWarnings_JuliaFacts6() throws Exception {
    fake.absolutePathInDepsJl("CSV");
    BuildResult r = build();
    assertThat(r.warnings()).anyMatch(d -> d.code().equals("relocatability-absolute-path") && d.message().contains("deps.jl")
        || d.code().equals("relocatability-absolute-path") && String.valueOf(d.file()).contains("deps.jl"));
  }

  @Test
  void aSmokeTestThatDownloadsFailsTheBuild() throws Exception {
    fake.settings(fake.settings().withSmokeTest(FakeJuliaSettings.SmokeTest.DOWNLOAD));
    assertThatThrownBy(this::build).isInstanceOf(SiegeException.class).hasMessageContaining("Download")
        .satisfies(e -> assertThat(((SiegeException) e).hint()).hasValueSatisfying(h -> assertThat(h).contains("lazy artifact").doesNotContain("platform tag")));
    assertThat(output).doesNotExist();
    assertNothingLeftBehind();
  }

  @Test
  void aSmokeTestThatDownloadsAfterATagWithoutItsPreferenceSaysSo() throws Exception {
    fake.settings(fake.settings().withSmokeTest(FakeJuliaSettings.SmokeTest.DOWNLOAD));
    assertThatThrownBy(() -> builder().platformTag("blas", "mkl").build(context()))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h)
            .contains("the platform tag blas chose a variant").contains("--preference")));
    assertThat(output).doesNotExist();
  }

  @Test
  void includeJuliaCopiesTheInstallationIntoTheBundle() throws Exception {
    Files.createDirectories(julia.getParent().resolveSibling("lib/julia"));
    Files.writeString(julia.getParent().resolveSibling("lib/julia/libjulia-internal.so.1.10.4"), "ELF");
    Files.createSymbolicLink(julia.getParent().resolveSibling("lib/julia/libjulia-internal.so"), Path.of("libjulia-internal.so.1.10.4"));
    Files.createDirectories(julia.getParent().resolveSibling("share/julia/base"));
    Files.createDirectories(julia.getParent().resolveSibling("include/julia"));
    builder().includeJulia(true).build(context());
    Path copy = BundleLayout.at(output).julia();
    assertThat(Files.isExecutable(copy.resolve("bin/julia"))).isTrue();
    assertThat(Files.readSymbolicLink(copy.resolve("lib/julia/libjulia-internal.so"))).isEqualTo(Path.of("libjulia-internal.so.1.10.4"));
    assertThat(fake.calls(JuliaScript.SMOKE_TEST).get(0).env().set()).doesNotContainKey("SIEGE_JULIA");
  }

  @Test
  void includeJuliaRefusesAnInstallationThatIsNotLaidOutLikeAnOfficialOne_JuliaFacts8() throws Exception {
    // A distribution's /usr/bin/julia: BINDIR/.. would be all of /usr. Here: no include/julia.
    Files.createDirectories(julia.getParent().resolveSibling("lib/julia"));
    Files.createDirectories(julia.getParent().resolveSibling("share/julia/base"));
    assertThatThrownBy(() -> builder().includeJulia(true).build(context()))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("is not an official Julia installation");
    assertThat(output).doesNotExist();
    assertThat(fake.count(JuliaScript.INSTANTIATE)).isZero();
  }

  @Test
  void juliaVersionFromTheManifestUsesThatOfficialJuliaFromTheCache() throws Exception {
    Path cached = Files.createDirectories(tmp.resolve("cache/julia/1.10.4/bin")).resolve("julia");
    Files.copy(julia, cached);
    builder().build(context().julia(JuliaSource.manifestVersion()));
    assertThat(fake.calls(JuliaScript.SMOKE_TEST).get(0).env().set()).containsEntry("SIEGE_JULIA", cached.toString());
  }

  @Test
  void aPlanDownloadsNoJulia() {
    assertThatThrownBy(() -> builder().plan(context().julia(JuliaSource.version(dev.siege.core.version.Version.parse("1.11.9")))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("not downloaded yet");
    assertThat(tmp.resolve("cache/julia/1.11.9")).doesNotExist();
  }

  /**
   * A build script or Pkg writing into a seeded file in place, and a chmod of it, during the
   * rebuild's {@code failing} step: the previous bundle must not see either (issue 9 item 2).
   */
  @ParameterizedTest
  @EnumSource(value = JuliaScript.class, names = {"INSTANTIATE", "SYSIMAGE"})
  void writesIntoSeededFilesNeverReachThePreviousBundleWhenTheRebuildFails(JuliaScript failing) throws Exception {
    build();
    String before = treeHash(output);
    Map<String, String> modesBefore = modes(output);
    Files.writeString(project.resolve("Project.toml"), PROJECT + "\n# changed\n");
    fake.fail(failing, 1, "ERROR: LoadError: simulated failure in " + failing.id());
    FakeJuliaRunner inner = fake;

    assertThatThrownBy(() -> builder().build(context().juliaRunner((call, l) -> {
      if (call.script() == failing) {
        tamperWithSeededFile();
      }
      return inner.run(call, l);
    }))).isInstanceOf(SiegeException.class).hasMessageContaining("simulated failure");

    assertThat(new BundleVerifier(e -> {}).verify(output).findings()).isEmpty();
    assertThat(treeHash(output)).isEqualTo(before);
    assertThat(modes(output)).isEqualTo(modesBefore);
  }

  @Test
  void writesIntoSeededFilesNeverReachThePreviousBundleWhenTheRebuildIsInterrupted() throws Exception {
    build();
    String before = treeHash(output);
    Map<String, String> modesBefore = modes(output);
    Files.writeString(project.resolve("Project.toml"), PROJECT + "\n# changed\n");
    FakeJuliaRunner inner = new FakeJuliaRunner(fake.settings());
    inner.hang(JuliaScript.SYSIMAGE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        builder().build(context().juliaRunner((call, l) -> {
          if (call.script() == JuliaScript.SYSIMAGE) {
            tamperWithSeededFile();
          }
          return inner.run(call, l);
        }));
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    assertThat(inner.awaitCall(JuliaScript.SYSIMAGE, Duration.ofSeconds(20))).isTrue();
    // What a kill -9 leaves: the tampered staging depot, no clean-up, no check afterwards.
    assertThat(new BundleVerifier(e -> {}).verify(output).findings()).isEmpty();
    assertThat(modes(output)).isEqualTo(modesBefore);
    t.interrupt();
    t.join(20_000);

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(treeHash(output)).isEqualTo(before);
    assertThat(modes(output)).isEqualTo(modesBefore);
  }

  /** Writes into a file the rebuild seeded from the previous bundle, in place, and chmods it. */
  private void tamperWithSeededFile() {
    try (Stream<Path> s = Files.walk(OutputFiles.of(output).staging().resolve("depot/packages/CSV"))) {
      Path seeded = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).findFirst().orElseThrow();
      seeded.toFile().setWritable(true);
      Files.writeString(seeded, "# overwritten in place\n", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.setPosixFilePermissions(seeded, PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<String, String> modes(Path root) throws Exception {
    Map<String, String> modes = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        if (!Files.isSymbolicLink(p)) {
          modes.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
      }
    }
    return modes;
  }

  @Test
  void anotherBuildOnTheSameOutputIsRefused() throws Exception {
    try (OutputLock held = OutputLock.acquire(output)) {
      assertThatThrownBy(this::build).isInstanceOf(SiegeException.class).hasMessageContaining("another siege build");
    }
  }

  @Test
  void aDirectoryThatIsNotABundleIsNeverReplaced() throws Exception {
    Files.createDirectories(output);
    Files.writeString(output.resolve("notes.txt"), "keep me");
    assertThatThrownBy(this::build).isInstanceOf(SiegeException.class).hasMessageContaining("not a SIEGE bundle");
    assertThat(output.resolve("notes.txt")).hasContent("keep me");
  }

  @Test
  void aFolderWithAnEmptyMetadataFileIsRefusedNotRebuilt() throws Exception {
    Files.createDirectories(output);
    Files.writeString(output.resolve("siege-bundle.toml"), "");
    Files.writeString(output.resolve("notes.txt"), "keep me");
    assertThatThrownBy(this::build).isInstanceOf(SiegeException.class).hasMessageContaining("not a SIEGE bundle")
        .hasMessageContaining(output.toString());
    assertThat(output.resolve("notes.txt")).hasContent("keep me");
    assertThat(fake.count()).isZero();
  }

  @Test
  void aBundleWhoseMetadataBecameUnreadableIsRefusedNotRebuilt() throws Exception {
    build();
    Files.writeString(output.resolve("siege-bundle.toml"), "format = \n");
    assertThatThrownBy(() -> builder().force(true).build(context())).isInstanceOf(SiegeException.class)
        .hasMessageContaining("not a SIEGE bundle");
    assertThat(output.resolve("bin/julia")).exists();
  }

  /** {@code ln -s build/env wk; siege build wk -o build --force}: the project lives in the output. */
  @Test
  void aProjectReachedThroughALinkIntoTheOutputIsRefusedAndKept() throws Exception {
    build();
    Path link = Files.createSymbolicLink(tmp.resolve("wk"), output.resolve("env"));
    assertThatThrownBy(() -> SiegeBuilder.forProject(link).output(output).force(true).build(context()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("is inside the output");
    assertThat(output.resolve("env/Project.toml")).exists();
  }

  /** {@code -o} naming a link to a bundle: the bundle the link points to is rebuilt, the link stays. */
  @Test
  void anOutputThatIsALinkToABundleRebuildsTheBundleItPointsTo() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("bundles")).resolve("v1");
    output = real;
    build();
    Path link = Files.createSymbolicLink(tmp.resolve("current"), real);
    String before = BundleMetadataFingerprint.of(real);
    Files.writeString(project.resolve("Project.toml"), PROJECT + "\n# changed\n");
    output = link;

    BuildResult result = build();

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(result.bundle()).isEqualTo(real.toRealPath());
    assertThat(BundleMetadataFingerprint.of(real)).isNotEqualTo(before);
    assertThat(new BundleVerifier(e -> {}).verify(link).isClean()).isTrue();
    assertThat(names(tmp)).doesNotContain(".current.siege-previous", ".current.siege-staging");
    assertThat(names(real.getParent())).containsExactlyInAnyOrder("v1", ".v1.siege-stamps");
    output = link;
    assertThat(build().upToDate()).isTrue();
  }

  /** Reads a bundle's fingerprint. */
  private static final class BundleMetadataFingerprint {
    static String of(Path bundle) throws Exception {
      return dev.siege.bundle.meta.BundleMetadata.read(bundle.resolve("siege-bundle.toml")).fingerprint();
    }
  }

  @Test
  void anUpToDateBuildRemovesWhatAKilledSwapLeftOfThePreviousBundle() throws Exception {
    build();
    Path partial = Files.createDirectories(OutputFiles.of(output).previous().resolve("depot/packages/CSV"));
    Files.writeString(partial.resolve("half.jl"), "# half deleted");
    Files.createDirectories(OutputFiles.of(output).moved().resolve("bin"));
    events.clear();

    assertThat(build().upToDate()).isTrue();

    assertThat(OutputFiles.of(output).previous()).doesNotExist();
    assertThat(OutputFiles.of(output).moved()).doesNotExist();
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Message m && m.text().contains("interrupted build"));
    assertNothingLeftBehind();
  }

  @Test
  void aBundleAKilledSwapLeftAsideIsPutBackAndFoundUpToDate() throws Exception {
    build();
    Files.move(output, OutputFiles.of(output).previous());
    Files.createDirectories(OutputFiles.of(output).staging().resolve("depot"));

    assertThat(build().upToDate()).isTrue();

    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
    assertNothingLeftBehind();
  }

  /** A package's build script that records where it ran (Conda.jl's deps.jl, say). */
  @Test
  void theScanReportsTheBuildersHomeDirectoryAndUserNameInTheBundle() throws Exception {
    String home = System.getProperty("user.home");
    String user = System.getProperty("user.name");
    FakeJuliaRunner inner = fake;
    builder().build(context().juliaRunner((call, l) -> {
      if (call.script() == JuliaScript.SYSIMAGE) {
        Path deps = OutputFiles.of(output).staging().resolve("depot/packages/CSV/deps");
        try {
          Files.createDirectories(deps);
          Files.writeString(deps.resolve("deps.jl"), "const ROOTENV = \"" + home + "/.julia/conda/3\"\n");
          Files.writeString(deps.resolve("origin.txt"), "built by " + user + "@buildhost\n");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return inner.run(call, l);
    }));

    List<String> found = events.stream().filter(e -> e instanceof SiegeEvent.DiagnosticReported d
        && d.diagnostic().code().equals("relocatability-absolute-path"))
        .map(e -> ((SiegeEvent.DiagnosticReported) e).diagnostic().message()).toList();
    assertThat(found).anyMatch(m -> m.contains("the builder's home directory"))
        .anyMatch(m -> m.contains("the builder's user name"));
  }

  /** Issue 9 item 9: what ships records nothing of where the build ran. */
  @Test
  void theLauncherAndTheMetadataRecordNoPathOfTheBuildMachine() throws Exception {
    Path script = Files.writeString(tmp.resolve("precompile.jl"), "using CSV\n");
    builder().precompileScript(script).build(context());
    for (Path shipped : List.of(BundleLayout.at(output).launcher(), BundleLayout.at(output).metadata())) {
      assertThat(Files.readString(shipped)).as(shipped.toString())
          .doesNotContain(tmp.toString()).doesNotContain(tmp.toRealPath().toString())
          .doesNotContain(System.getProperty("user.home") + "/");
    }
    assertThat(Files.readString(BundleLayout.at(output).metadata())).contains("precompile_script = \"precompile.jl\"");
  }

  @Test
  void theManifestsPackageDirectoriesAssertEveryNameBeforeItBecomesAPath() throws Exception {
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.replace("[[deps.Parsers]]", "[[deps.\"Par sers\"]]"));
    Environment env = Environment.load(project);
    assertThatThrownBy(() -> PruneStep.packageDirs(env)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Par sers");
  }

  @Test
  void missingCompilerIsReportedBeforeAnyJuliaCall_JuliaFacts1() {
    assertThatThrownBy(() -> builder().build(context().environmentVariables(Map.of("PATH", tmp.resolve("empty").toString()))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("no C compiler");
    assertThat(fake.count()).isZero();
  }

  @Test
  void everyStepReportsItsStartAndEnd() throws Exception {
    build();
    List<String> started = events.stream().filter(e -> e instanceof SiegeEvent.StepStarted)
        .map(e -> ((SiegeEvent.StepStarted) e).step().id()).toList();
    assertThat(started).containsExactly("probe", "check", "tools", "instantiate", "sysimage", "prune", "layout", "scan",
        "smoke_test", "review", "checksums");
    assertThat(events.stream().filter(e -> e instanceof SiegeEvent.StepFinished f && f.succeeded()).count()).isEqualTo(11);
  }

  private void assertNothingLeftBehind() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".build.siege-staging") || n.startsWith(".build.siege-previous"));
    }
    assertThat(OutputLock.lockFile(output)).doesNotExist();
  }

  static String treeHash(Path root) throws Exception {
    Hasher h = Hashing.sha256().newHasher();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted().toList()) {
        h.putString(root.relativize(p).toString(), StandardCharsets.UTF_8);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          h.putBytes(Files.readAllBytes(p));
        } else if (Files.isSymbolicLink(p)) {
          h.putString(Files.readSymbolicLink(p).toString(), StandardCharsets.UTF_8);
        }
      }
    }
    return h.hash().toString();
  }

  static void deleteRecursively(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
          p.toFile().setWritable(true);
          Files.delete(p);
        }
      }
    }
  }

  static Set<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return Set.copyOf(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
