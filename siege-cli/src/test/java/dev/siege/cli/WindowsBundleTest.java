package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import dev.siege.julia.provision.HostPlatform;
import dev.siege.julia.provision.JuliaProvisioner;
import dev.siege.testkit.FakeJuliaDownloads;
import dev.siege.testkit.TestProjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 "Done when": a Windows bundle (fake Julia) has {@code bin\julia.cmd} and checksums a
 * Windows user can verify; and the official Julia for another platform shipped through the CLI.
 */
class WindowsBundleTest {
  @TempDir Path tmp;

  private Path julia() throws Exception {
    return BuildFixture.fakeJulia(tmp, tmp.resolve("calls.log"), Map.of());
  }

  private Path project() throws Exception {
    return TestProjects.CROSS.write(tmp.resolve("project"));
  }

  /** Puts the official Julia 1.10.4 for {@code triplet} into the cache as a build would, from a local mirror. */
  private void cacheOfficialJulia(String triplet) throws Exception {
    try (FakeJuliaDownloads downloads = FakeJuliaDownloads.start()) {
      downloads.publish("1.10.4", triplet);
      JuliaProvisioner.builder(tmp.resolve("cache/julia")).baseUrl(downloads.base()).insecureDownload(true).build()
          .provisionFor(HostPlatform.fromTriplet(triplet), Version.parse("1.10.4"), SiegeListener.NONE);
    }
  }

  @Test
  void aWindowsBundleHasJuliaCmdWithCrlfListedInSha256sumsVerifiesAndHoldsNoSymbolicLink() throws Exception {
    Path out = tmp.resolve("win");
    CliRun run = BuildFixture.build(project(), out, julia(), tmp.resolve("cache"), "--platform", "x86_64-w64-mingw32");

    assertThat(run.exit()).as(run.err()).isZero();
    BundleLayout bundle = BundleLayout.at(out);
    String cmd = Files.readString(bundle.windowsLauncher(), StandardCharsets.US_ASCII);
    assertThat(cmd).contains("\r\n").doesNotContainPattern("[^\r]\n");
    assertThat(Files.readAllLines(bundle.checksums())).anySatisfy(l -> assertThat(l).matches("[0-9a-f]{64}  bin/julia\\.cmd"));
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(Files::isSymbolicLink)).as("symbolic links").isEmpty();
    }
    BuildFixture.assertArtifactsAreExactlyThoseOf(bundle.depot(), "x86_64", "windows",
        List.of("OpenSpecFun_jll", "MKL_jll", "CUDA_Runtime_jll"));
    CliRun verify = CliRun.of("verify", out.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void armv7lWindowsIsAUsageErrorBeforeAnyJuliaStepLeavingNothingBesideTheOutput() throws Exception {
    CliRun run = BuildFixture.build(project(), tmp.resolve("arm"), julia(), tmp.resolve("cache"),
        "--platform", "armv7l-w64-mingw32");

    assertThat(run.exit()).as(run.err()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("armv7l").contains("a Windows bundle is for x86_64, i686, aarch64")
        .doesNotContain("internal error").doesNotContain("Exception");
    assertThat(BuildFixture.calls(tmp.resolve("calls.log"))).noneMatch(l -> l.contains("instantiate"));
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("arm") || n.startsWith(".arm"));
    }
  }

  @Test
  void planShowsThatInstantiateCopiesLinksForAWindowsTarget() throws Exception {
    CliRun plan = CliRun.of("plan", project().toString(), "--julia", julia().toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "x86_64-w64-mingw32");

    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("BINARYPROVIDER_COPYDEREF = true").contains("bin/julia.cmd");
  }

  @Test
  void aSelfExtractingArchiveOfAWindowsBundleIsRefusedPointingAtTheTarGz() throws Exception {
    Path out = tmp.resolve("win");
    assertThat(BuildFixture.build(project(), out, julia(), tmp.resolve("cache"), "--platform", "x86_64-w64-mingw32")
        .exit()).isZero();

    CliRun bundle = CliRun.of("bundle", out.toString(), "-o", tmp.resolve("win.tar.gz").toString(), "--self-extracting");

    assertThat(bundle.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(bundle.err()).contains("is a bundle for Windows: make the .tar.gz instead").doesNotContain("Exception");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("win.tar.gz") || n.endsWith(".run"));
    }
  }

  @Test
  void theNextStepOfAWindowsBuildUnpacksWithTarDashXfAndRunsBinJuliaCmd() throws Exception {
    CliRun run = BuildFixture.build(project(), tmp.resolve("win1"), julia(), tmp.resolve("cache"),
        "--platform", "x86_64-w64-mingw32");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("then: tar -xf win1.tar.gz && win1\\bin\\julia.cmd)")
        .doesNotContain("win1/bin/julia");
    assertThat(BuildCommand.next(Path.of("/x/my win (2)"), true))
        .endsWith("then: tar -xf \"my win (2).tar.gz\" && \"my win (2)\\bin\\julia.cmd\")");
  }

  @Test
  void bundlingAWindowsBundleRefusesADeltaJoinsPartsWithCopyAndWarnsThatTarMayNotReadZstd() throws Exception {
    Path out = tmp.resolve("win");
    assertThat(BuildFixture.build(project(), out, julia(), tmp.resolve("cache"), "--platform", "x86_64-w64-mingw32")
        .exit()).isZero();
    assertThat(CliRun.of("bundle", out.toString(), "-o", tmp.resolve("old.tar.gz").toString()).exit()).isZero();

    CliRun delta = CliRun.of("bundle", out.toString(), "-o", tmp.resolve("delta.tar.gz").toString(),
        "--since", tmp.resolve("old.tar.gz").toString());
    assertThat(delta.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(delta.err()).contains("--since makes a delta applied by its 'apply', a bash script that Windows cannot run")
        .contains("is a bundle for Windows: make the .tar.gz instead").doesNotContain("Exception");
    assertThat(tmp.resolve("delta.tar.gz")).doesNotExist();

    CliRun zst = CliRun.of("bundle", out.toString(), "-o", tmp.resolve("win.tar.zst").toString());
    assertThat(zst.exit()).as(zst.err()).isZero();
    assertThat(zst.err()).contains("warning: " + out + " is a bundle for Windows, whose built-in tar may not read zstd");
    CliRun gz = CliRun.of("bundle", out.toString(), "-o", tmp.resolve("win.tar.gz").toString());
    assertThat(gz.err()).doesNotContain("zstd");

    byte[] random = new byte[2_500_000];
    new java.util.Random(1).nextBytes(random);
    Files.write(out.resolve("depot/big.bin"), random);
    dev.siege.bundle.checksum.Sha256Sums.compute(out, java.util.List.of("SHA256SUMS")).write(out.resolve("SHA256SUMS"));
    CliRun split = CliRun.of("bundle", out.toString(), "-o", tmp.resolve("split.tar.gz").toString(), "--level", "1",
        "--split", "1M");
    assertThat(split.exit()).as(split.err()).isZero();
    assertThat(split.out()).contains("join them with: cat split.tar.gz.part-* > split.tar.gz")
        .containsPattern("\\nor in cmd: copy /b \"split\\.tar\\.gz\\.part-001\" \\+ \"split\\.tar\\.gz\\.part-002\""
            + "( \\+ \"split\\.tar\\.gz\\.part-\\d{3}\")* \"split\\.tar\\.gz\"\\n");
  }

  @Test
  void includeJuliaForWindowsShipsTheCachedOfficialJuliaAndThePlanSaysSo() throws Exception {
    cacheOfficialJulia("x86_64-w64-mingw32");
    Path project = project();
    Path julia = julia();

    CliRun plan = CliRun.of("plan", project.toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "x86_64-w64-mingw32", "--include-julia", "--no-download");
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("Julia shipped in julia/: official Julia 1.10.4 for x86_64-w64-mingw32, cached")
        .contains("target_julia");
    CliRun json = CliRun.of("plan", project.toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "x86_64-w64-mingw32", "--include-julia", "--json");
    assertThat(json.out()).contains("\"state\" : \"cached\"").contains("\"format\"");

    Path out = tmp.resolve("win");
    CliRun run = BuildFixture.build(project, out, julia, tmp.resolve("cache"), "--platform", "x86_64-w64-mingw32",
        "--include-julia", "--no-download");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(BundleLayout.at(out).julia().resolve("bin/julia.exe")).hasContent("MZ fake julia 1.10.4");
    BundleMetadata.ShippedJulia shipped = BundleMetadata.read(BundleLayout.at(out).metadata()).target().julia()
        .orElseThrow();
    assertThat(shipped.signature()).isEqualTo("not-published");
    assertThat(Files.readString(BundleLayout.at(out).checksums())).contains("  julia/bin/julia.exe\n");
    assertThat(CliRun.of("verify", out.toString()).exit()).isZero();
  }

  @Test
  void includeJuliaForAnotherPlatformWithNoDownloadAndNothingCachedIsRefusedBeforeAnyJuliaStep() throws Exception {
    Path project = project();
    Path julia = julia();

    CliRun plan = CliRun.of("plan", project.toString(), "--julia", julia.toString(), "--cache-dir",
        tmp.resolve("cache").toString(), "--platform", "aarch64-linux-gnu", "--include-julia", "--no-download");
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("official Julia 1.10.4 for aarch64-linux-gnu, not cached")
        .contains("--no-download: a build refuses");

    CliRun run = BuildFixture.build(project, tmp.resolve("arm"), julia, tmp.resolve("cache"), "--platform",
        "aarch64-linux-gnu", "--include-julia", "--no-download");

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.err()).contains("is not in SIEGE's cache").contains("--no-download forbids downloading it")
        .doesNotContain("{option:");
    assertThat(BuildFixture.calls(tmp.resolve("calls.log"))).noneMatch(l -> l.contains("instantiate"));
    assertThat(tmp.resolve("arm")).doesNotExist();
  }
}
