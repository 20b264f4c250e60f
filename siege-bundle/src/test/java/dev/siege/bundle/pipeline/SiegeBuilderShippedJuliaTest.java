package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.ShippedJulia;
import dev.siege.core.plan.StepId;
import dev.siege.testkit.FakeJuliaDownloads;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code --include-julia} with another platform ships the official Julia for the
 * target, from a local mirror of Julia's downloads; and a Windows bundle's launchers, links and
 * names.
 */
class SiegeBuilderShippedJuliaTest {
  @TempDir Path tmp;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());
  FakeJuliaDownloads downloads;
  String aarch64Archive;
  String windowsArchive;

  @BeforeEach
  void serve() throws Exception {
    downloads = FakeJuliaDownloads.start();
    aarch64Archive = downloads.publish("1.10.4", "aarch64-linux-gnu");
    windowsArchive = downloads.publish("1.10.4", "x86_64-w64-mingw32");
  }

  @AfterEach
  void stop() {
    downloads.close();
  }

  private BuildContext context() throws Exception {
    Path julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    return SiegeBuilderTest.fakeContext(tmp, julia,
            new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString())), Map.of())
        .juliaDownloadBase(downloads.base())
        .addListener(events::add);
  }

  private SiegeBuilder builder(String output, Consumer<SiegeBuilder> options) throws Exception {
    Path project = tmp.resolve("env");
    if (!Files.exists(project)) {
      TestProjects.CROSS.write(project);
    }
    SiegeBuilder b = SiegeBuilder.forProject(project).output(tmp.resolve(output));
    options.accept(b);
    return b;
  }

  /** The ids of the steps started, in order. */
  private List<StepId> started() {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof SiegeEvent.StepStarted).map(e -> ((SiegeEvent.StepStarted) e).step())
          .toList();
    }
  }

  private static List<Path> links(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isSymbolicLink).toList();
    }
  }

  @Test
  void anAarch64BundleShipsTheOfficialJuliaForAarch64ObtainedBeforeAnyJuliaStepAndRecordsIt() throws Exception {
    builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());

    BundleLayout bundle = BundleLayout.at(tmp.resolve("build"));
    assertThat(bundle.julia().resolve("bin/julia")).isExecutable()
        .content().contains("fake official julia 1.10.4");
    assertThat(Files.isSymbolicLink(bundle.julia().resolve("lib/libjulia.so"))).as("links kept").isTrue();
    assertThat(started()).containsSubsequence(StepId.TARGET_JULIA, StepId.INSTANTIATE, StepId.LAYOUT);
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Progress p && p.unit() == SiegeEvent.Unit.BYTES
        && p.task().contains("aarch64-linux-gnu"));
    BundleMetadata meta = BundleMetadata.read(bundle.metadata());
    BundleMetadata.ShippedJulia shipped = meta.target().julia().orElseThrow();
    assertThat(shipped.version()).isEqualTo("1.10.4");
    assertThat(shipped.triplet()).isEqualTo("aarch64-linux-gnu");
    assertThat(shipped.url()).endsWith(aarch64Archive.substring("/bin/".length()));
    assertThat(shipped.sha256()).matches("[0-9a-f]{64}");
    assertThat(shipped.signature()).isEqualTo("unverified"); // the mirror publishes no signature: --insecure-download
    assertThat(meta.inputs()).containsEntry("julia.shipped", "1.10.4 aarch64-linux-gnu " + shipped.sha256());
    // The review page and the SBOM describe the target, not only the build Julia's platform.
    String report = Files.readString(bundle.report());
    assertThat(report).contains("aarch64-linux-gnu (built on x86_64-linux-gnu")
        .contains("Shipped Julia").contains("official Julia 1.10.4 for aarch64-linux-gnu").contains(shipped.sha256());
    String sbom = Files.readString(bundle.sbom());
    assertThat(sbom).containsPattern("\"name\"\\s*:\\s*\"siege:platform\",\\s*\"value\"\\s*:\\s*\"aarch64-linux-gnu\"")
        .containsPattern("\"name\"\\s*:\\s*\"siege:build-platform\",\\s*\"value\"\\s*:\\s*\"x86_64-linux-gnu")
        .containsPattern("\"name\"\\s*:\\s*\"siege:archive-sha256\",\\s*\"value\"\\s*:\\s*\"" + shipped.sha256() + "\"");
    // The cache's tree is copied, not moved or linked.
    assertThat(tmp.resolve("cache/julia/aarch64-linux-gnu/1.10.4/julia/bin/julia")).isExecutable();
    // The plan and the step read one versions index.
    assertThat(downloads.requests()).filteredOn(r -> r.endsWith("versions.json")).hasSize(1);
  }

  @Test
  void aPlanSaysTheJuliaIsToDownloadWithItsSizeAndDownloadsNoArchive() throws Exception {
    BuildPlan plan = builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true)).plan(context());

    ShippedJulia j = plan.shippedJulia().orElseThrow();
    assertThat(j.state()).isEqualTo(ShippedJulia.State.TO_DOWNLOAD);
    assertThat(j.bytes()).isPositive();
    assertThat(j.summary()).startsWith("official Julia 1.10.4 for aarch64-linux-gnu, to download (");
    assertThat(plan.step(StepId.TARGET_JULIA).runs()).isTrue();
    assertThat(plan.describe().get("target").toString()).contains("to download");
    assertThat(downloads.requests()).containsExactly("/bin/versions.json");
    assertThat(tmp.resolve("cache/julia/aarch64-linux-gnu")).doesNotExist();
  }

  @Test
  void anOfflinePlanSaysItCannotTellTheSize() throws Exception {
    BuildContext offline = context().juliaDownloadBase(URI.create("http://127.0.0.1:1/bin/"));

    BuildPlan plan = builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true)).plan(offline);

    ShippedJulia j = plan.shippedJulia().orElseThrow();
    assertThat(j.state()).isEqualTo(ShippedJulia.State.UNKNOWN);
    assertThat(j.summary()).contains("not cached; cannot tell the size offline");
  }

  @Test
  void aSecondBuildTakesTheJuliaFromTheCacheAndIsUpToDate() throws Exception {
    builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());
    int before = downloads.requests().size();

    BuildResult again =
        builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());
    BuildPlan plan = builder("other", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true))
        .plan(context());
    builder("other", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());

    assertThat(again.upToDate()).isTrue();
    assertThat(plan.shippedJulia().orElseThrow().state()).isEqualTo(ShippedJulia.State.CACHED);
    assertThat(downloads.requests()).hasSize(before); // not even the index
    assertThat(BundleLayout.at(tmp.resolve("other")).julia().resolve("bin/julia")).isExecutable();
  }

  @Test
  void aChecksumMismatchFailsBeforeInstantiateAndWritesNothing() throws Exception {
    downloads.corrupt(aarch64Archive);
    SiegeBuilder b = builder("build", x -> x.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true));

    assertThatThrownBy(() -> b.build(context())).isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage()).contains("checksum mismatch")
            .contains("aarch64-linux-gnu"));
    assertThat(started()).contains(StepId.TARGET_JULIA).doesNotContain(StepId.INSTANTIATE, StepId.TOOLS,
        StepId.REGISTRIES);
    assertThat(tmp.resolve("build")).doesNotExist();
    try (Stream<Path> s = Files.walk(tmp.resolve("cache/julia"))) {
      assertThat(s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))).as("nothing in the cache").isEmpty();
    }
  }

  @Test
  void aPlatformTheIndexLacksIsAnErrorWithTheProvisionersMessageBeforeAnyStep() throws Exception {
    SiegeBuilder b = builder("build", x -> x.platform("x86_64-linux-musl").includeJulia(true));

    assertThatThrownBy(() -> b.build(context())).isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage())
            .contains("Julia 1.10.4 has no official archive for").contains("aarch64-linux-gnu"));
    assertThat(started()).doesNotContain(StepId.TARGET_JULIA, StepId.INSTANTIATE);
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void noDownloadRefusesAJuliaThatIsNotCachedWithoutAskingTheServer() throws Exception {
    SiegeBuilder b = builder("build", x -> x.platform("aarch64-linux-gnu").includeJulia(true));

    assertThatThrownBy(() -> b.build(context().downloadWhenNoJuliaIsFound(false))).isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage()).contains("is not in SIEGE's cache")
            .contains("{option:NO_DOWNLOAD}"));
    assertThat(downloads.requests()).isEmpty();
    assertThat(tmp.resolve("build")).doesNotExist();
  }

  @Test
  void aWindowsBundleHasBothLaunchersTheZipsJuliaAndNoSymbolicLinkAnywhere() throws Exception {
    BuildPlan plan = builder("win", b -> b.platform("x86_64-w64-mingw32").includeJulia(true)).plan(context());
    assertThat(plan.step(StepId.INSTANTIATE).setEnv()).containsEntry("BINARYPROVIDER_COPYDEREF", "true");

    builder("win", b -> b.platform("x86_64-w64-mingw32").includeJulia(true)).build(context());

    BundleLayout bundle = BundleLayout.at(tmp.resolve("win"));
    assertThat(bundle.windowsLauncher()).isRegularFile();
    assertThat(Files.readString(bundle.windowsLauncher(), StandardCharsets.US_ASCII)).contains("\r\n");
    assertThat(bundle.launcher()).isExecutable();
    assertThat(bundle.julia().resolve("bin/julia.exe")).hasContent("MZ fake julia 1.10.4");
    assertThat(links(bundle.root())).isEmpty();
    assertThat(bundle.depot().resolve("artifacts")).isNotEmptyDirectory();
    BundleMetadata.ShippedJulia shipped = BundleMetadata.read(bundle.metadata()).target().julia().orElseThrow();
    assertThat(shipped.signature()).isEqualTo("not-published");
    assertThat(shipped.triplet()).isEqualTo("x86_64-w64-mingw32");
  }

  @Test
  void theReviewPageAndTheSbomOfATaggedBundleShowTheTargetItsTagsAndPreferences() throws Exception {
    builder("gpu", b -> b.platform("aarch64-linux-gnu").cuda("12.6")).build(context());

    BundleLayout bundle = BundleLayout.at(tmp.resolve("gpu"));
    String report = Files.readString(bundle.report());
    assertThat(report).contains("aarch64-linux-gnu-cuda+12.6 (built on").contains("Platform tags")
        .contains("cuda=12.6").contains("CUDA_Runtime_jll.version=&quot;12.6&quot;");
    String sbom = Files.readString(bundle.sbom());
    assertThat(sbom).containsPattern("\"name\"\\s*:\\s*\"siege:platform-tag:cuda\",\\s*\"value\"\\s*:\\s*\"12.6\"")
        .contains("CUDA_Runtime_jll.version=\\\"12.6\\\"");
  }

  @Test
  void withoutCopyDerefTheFakeInstallerKeepsTheArtifactsLinksAsOnLinux() throws Exception {
    BuildPlan plan = builder("arm", b -> b.platform("aarch64-linux-gnu")).plan(context());
    assertThat(plan.step(StepId.INSTANTIATE).setEnv()).doesNotContainKey("BINARYPROVIDER_COPYDEREF");

    builder("arm", b -> b.platform("aarch64-linux-gnu")).build(context());

    assertThat(links(BundleLayout.at(tmp.resolve("arm")).depot().resolve("artifacts"))).isNotEmpty();
  }

  @Test
  void aWindowsBundleWithNamesWindowsCannotHoldFailsNamingEachPath() throws Exception {
    Path project = TestProjects.CROSS.write(tmp.resolve("env"));
    Path toml = project.resolve("Project.toml");
    Files.writeString(toml, "name = \"Demo\"\nuuid = \"7876af07-990d-54b4-ab0e-23690620f79a\"\n" + Files.readString(toml));
    Files.createDirectories(project.resolve("src"));
    Files.writeString(project.resolve("src/Demo.jl"), "module Demo\nend\n");
    Files.writeString(project.resolve("src/aux.jl"), "# a device name on Windows\n");
    Files.writeString(project.resolve("src/what?.jl"), "# a character Windows refuses\n");
    SiegeBuilder b = builder("win", x -> x.platform("x86_64-w64-mingw32"));

    assertThatThrownBy(() -> b.build(context())).isInstanceOf(SiegeException.class)
        .satisfies(e -> {
          SiegeException se = (SiegeException) e;
          assertThat(se.rawMessage()).contains("the bundle for Windows holds 2 path(s) Windows cannot hold")
              .contains("env/src/aux.jl: AUX is a device name").contains("env/src/what?.jl");
          assertThat(se.rawHint()).hasValueSatisfying(h -> assertThat(h).contains("rename or remove them"));
        });
    assertThat(tmp.resolve("win")).doesNotExist();
  }

  @Test
  void thePlanShowsTheMirrorTheBuildDownloadsFrom() throws Exception {
    BuildPlan plan = builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true)).plan(context());

    assertThat(plan.shippedJulia().orElseThrow().url())
        .isEqualTo(downloads.base() + aarch64Archive.substring("/bin/".length()))
        .doesNotContain("julialang-s3");
  }

  @Test
  void noDownloadWithAnUnverifiedCachedCopySaysItIsThereAndHowToUseIt() throws Exception {
    builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());
    SiegeBuilder secure = builder("other", x -> x.platform("aarch64-linux-gnu").includeJulia(true));

    assertThatThrownBy(() -> secure.build(context().downloadWhenNoJuliaIsFound(false))).isInstanceOf(SiegeException.class)
        .satisfies(e -> {
          SiegeException s = (SiegeException) e;
          assertThat(s.rawMessage()).doesNotContain("is not in SIEGE's cache")
              .contains("in SIEGE's cache (" + tmp.resolve("cache/julia/aarch64-linux-gnu/1.10.4") + ")")
              .contains("was downloaded without a valid signature");
          assertThat(s.rawHint()).hasValueSatisfying(h -> assertThat(h).startsWith("add {option:INSECURE_DOWNLOAD}"));
        });
    assertThat(tmp.resolve("other")).doesNotExist();
  }

  @Test
  void aJuliaChangedInTheCacheIsNotShippedButDownloadedAgainWithAWarning() throws Exception {
    builder("build", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());
    Path cachedJulia = tmp.resolve("cache/julia/aarch64-linux-gnu/1.10.4/julia/bin/julia");
    String official = Files.readString(cachedJulia);
    Files.writeString(cachedJulia, "#!/bin/sh\necho tampered\n");

    SiegeBuilder offline = builder("offline", x -> x.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true));
    assertThatThrownBy(() -> offline.build(context().downloadWhenNoJuliaIsFound(false))).isInstanceOf(SiegeException.class)
        .satisfies(e -> assertThat(((SiegeException) e).rawMessage()).contains("changed since it was unpacked"));
    events.clear();
    builder("other", b -> b.platform("aarch64-linux-gnu").includeJulia(true).insecureDownload(true)).build(context());

    assertThat(BundleLayout.at(tmp.resolve("other")).julia().resolve("bin/julia")).hasContent(official);
    assertThat(cachedJulia).hasContent(official);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SiegeEvent.Message.class, m -> {
      assertThat(m.level()).isEqualTo(SiegeEvent.Level.WARNING);
      assertThat(m.text()).contains("changed since it was unpacked");
    }));
  }
}
