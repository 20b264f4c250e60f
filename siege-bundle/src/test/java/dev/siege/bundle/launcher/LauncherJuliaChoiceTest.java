package dev.siege.bundle.launcher;

import static dev.siege.bundle.launcher.LauncherHarness.COMMIT;
import static dev.siege.bundle.launcher.LauncherHarness.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.launcher.LauncherHarness.Run;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Julia the generated {@code bin/julia} runs, and what it refuses: another arch, OS, libc,
 * version or build of Julia, and any Julia that leads back to a SIEGE launcher (issue 9 item 1:
 * such a launcher ran itself without end). Every run is bounded by the harness's timeout.
 */
class LauncherJuliaChoiceTest {
  private static final String OTHER_COMMIT = "1b2c3d4e5f60718293a4b5c6d7e8f90123456789";

  @TempDir Path tmp;
  LauncherHarness h;
  Path realRoot;

  @BeforeEach
  void setUp() throws Exception {
    h = new LauncherHarness(tmp.toRealPath());
    realRoot = tmp.toRealPath().resolve("bundle");
  }

  private Map<String, String> envWith(String name, String value, Path... pathDirs) {
    Map<String, String> env = h.env(pathDirs);
    env.put(name, value);
    return env;
  }

  // ---- candidates --------------------------------------------------------------------------

  @Test
  void prefersTheBundledCopyThenSiegeJuliaThenPath() throws Exception {
    Path chosen = LauncherHarness.fakeJulia(h.base.resolve("chosen/bin/julia"), "1.10.4");
    Path onPath = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Map<String, String> env = h.env(onPath.getParent());

    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(onPath.toString());
    env.put("SIEGE_JULIA", chosen.toString());
    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(chosen.toString());
    Path bundled = LauncherHarness.fakeJulia(b.julia().resolve("bin/julia"), "1.10.4");
    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(bundled.toString());
  }

  @Test
  void recordsNoPathOfTheBuildMachine() {
    String script = LauncherWriter.render(settings("1.10.4", true));

    assertThat(script).doesNotContain("recorded_julia", "@RECORDED_JULIA@");
  }

  @Test
  void missingJuliaFailsListingEverythingItTried() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(127);
    assertThat(run.stderr())
        .contains("no Julia found", "1.10.4")
        .contains(b.root().resolve("julia/bin/julia").toString())
        .contains("SIEGE_JULIA: not set")
        .contains("julia on PATH: not found");
  }

  @Test
  void invalidSiegeJuliaIsAnErrorNotASilentFallback() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", "/nonexistent/julia", h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("SIEGE_JULIA=/nonexistent/julia is not an executable file");
  }

  @Test
  void siegeJuliaMayBeACommandNameOnPath() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path named = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia-1.10"), "1.10.4");

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", "julia-1.10", h.base.resolve("jl/bin")));

    assertThat(run.exe()).isEqualTo(named.toString());
  }

  @Test
  void neverTakesItselfOrAnotherSiegeLauncherOnPathForJulia() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    BundleLayout other = h.bundle(h.base.resolve("other"), settings("1.10.4", true));
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");

    Run run = h.run(b.launcher(), h.env(b.bin(), other.bin(), h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.exe()).isEqualTo(h.base.resolve("jl/bin/julia").toString());
  }

  @Test
  void siegeJuliaNamingACommandSkipsSiegeLaunchersOnPath() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", "julia", b.bin(), h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.exe()).isEqualTo(h.base.resolve("jl/bin/julia").toString());
  }

  // ---- re-entry (issue 9 item 1) -------------------------------------------------------------

  @Test
  void siegeJuliaNamingTheLauncherItselfIsRefusedAtOnce() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", b.launcher().toString()));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is a SIEGE launcher", "not Julia", "SIEGE_JULIA");
  }

  @Test
  void siegeJuliaNamingASymlinkToTheLauncherIsRefused() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path link = Files.createDirectories(h.base.resolve("links")).resolve("julia");
    Files.createSymbolicLink(link, Path.of("../bundle/bin/julia"));

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", link.toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("SIEGE_JULIA=" + link + " is a SIEGE launcher");
  }

  @Test
  void siegeJuliaNamingAnotherBundlesLauncherIsRefused() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    BundleLayout other = h.bundle(h.base.resolve("other"), settings("1.10.4", true));

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", other.launcher().toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is a SIEGE launcher");
  }

  @Test
  void twoBundlesPointingAtEachOthersLaunchersAreRefused() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    BundleLayout other = h.bundle(h.base.resolve("other"), settings("1.10.4", true));
    // Each one's julia/bin/julia is a link to the other's launcher.
    Files.createDirectories(b.julia().resolve("bin"));
    Files.createDirectories(other.julia().resolve("bin"));
    Files.createSymbolicLink(b.julia().resolve("bin/julia"), other.launcher());
    Files.createSymbolicLink(other.julia().resolve("bin/julia"), b.launcher());

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("julia/bin/julia is a SIEGE launcher", "damaged");
  }

  @Test
  void aWrapperScriptThatExecsTheLauncherIsRefusedWhileCheckingIt() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path wrapper = LauncherHarness.script(h.base.resolve("wrap/julia"),
        "#!/bin/sh\nexec " + ShellQuote.quote(b.launcher().toString()) + " \"$@\"\n");

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", wrapper.toString()));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("started as the Julia another SIEGE launcher was checking")
        .contains(wrapper + " (SIEGE_JULIA) failed to run as `julia --version`");
  }

  @Test
  void aWrapperScriptThatStartsTheLauncherWithoutExecIsRefusedToo() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path wrapper = LauncherHarness.script(h.base.resolve("wrap/julia"),
        "#!/bin/sh\n" + ShellQuote.quote(b.launcher().toString()) + " \"$@\"\n");

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", wrapper.toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("started as the Julia another SIEGE launcher was checking");
  }

  @Test
  void aBundledJuliaThatExecsTheLauncherAgainIsStoppedOnReentry() throws Exception {
    // The bundled copy is not probed (it is the build's Julia), so only the marker stops this.
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    LauncherHarness.script(b.julia().resolve("bin/julia"),
        "#!/bin/sh\nexec \"${0%/*}/../../bin/julia\" \"$@\"\n");

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("started again in place of the Julia it had chosen");
  }

  @Test
  void aBundledJuliaThatStartsTheLauncherAsAChildIsStoppedAtABoundedDepth() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    LauncherHarness.script(b.julia().resolve("bin/julia"),
        "#!/bin/sh\n\"${0%/*}/../../bin/julia\" \"$@\"\n");

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("SIEGE launchers are nested 8 deep");
  }

  @Test
  void aJuliaProgramMayStartTheLauncherAgain() throws Exception {
    // `run(`julia x.jl`)` from Julia code with the bundle's bin/ on PATH: legitimate nesting.
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path julia = h.base.resolve("jl/bin/julia");
    LauncherHarness.fakeJulia(julia, "1.10.4");
    Path outer = h.base.resolve("outer/bin/julia");
    LauncherHarness.fakeJulia(outer, "1.10.4");
    // A Julia that, asked to run "nested", starts the launcher once as a child process with
    // "inner", as run(...) does, and passes its output on.
    LauncherHarness.script(outer, "#!/usr/bin/env bash\n"
        + "case \" $* \" in\n"
        + "  *' --version '*) echo 'julia version 1.10.4' ;;\n"
        + "  *' nested '*) " + ShellQuote.quote(b.launcher().toString()) + " inner ;;\n"
        + "  *) exec " + ShellQuote.quote(julia.toString()) + " \"$@\" ;;\n"
        + "esac\n");

    Run run = h.run(b.launcher(), envWith("SIEGE_JULIA", outer.toString()), "nested");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    // The inner launcher exec'd its chosen Julia with "inner".
    assertThat(run.args()).containsExactly("-J", b.sysimage().toString(), "inner");
  }

  @Test
  void theMarkerNamesTheLaunchersThatExecdJulia() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(h.base.resolve("jl/bin")));

    assertThat(run.env().get("SIEGE_LAUNCHER_PIDS")).matches("[0-9]+");
  }

  // ---- machine and Julia checks ----------------------------------------------------------------

  @Test
  void refusesToRunOnAnotherArchitecture() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(h.fakeUname("aarch64", "Linux"), h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("this bundle is for x86_64", "this machine is aarch64",
        "'siege build --platform aarch64-linux-gnu' on any build server");
  }

  @Test
  void treatsArchitectureAliasesAsTheSame() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot,
        new LauncherSettings("aarch64", "linux", "glibc", Version.parse("1.10.4"), COMMIT, true, "generic", "demo"));

    Run run = h.run(b.launcher(), h.env(h.fakeUname("arm64", "Linux"), h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.ranJulia()).isTrue();
  }

  @Test
  void refusesToRunOnAnotherOs() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(h.fakeUname("x86_64", "Darwin"), h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("this bundle is for linux", "this machine runs Darwin (macos)",
        "'siege build --platform x86_64-apple-darwin'");
  }

  @Test
  void aWindowsBundlesBashLauncherRefusesOnEveryMachineGitBashMsysAndCygwinIncludedPointingAtJuliaCmd()
      throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot,
        new LauncherSettings("x86_64", "windows", "", Version.parse("1.10.4"), "", false, "", "demo"));

    for (String kernel : List.of("Linux", "Darwin", "MINGW64_NT-10.0-19045", "MSYS_NT-10.0-19045",
        "CYGWIN_NT-10.0-19045", "Windows_NT")) {
      Run run = h.run(b.launcher(), h.env(h.fakeUname("x86_64", kernel), h.base.resolve("jl/bin")));

      assertThat(run.ranJulia()).as(kernel).isFalse();
      assertThat(run.exitCode()).as(kernel).isEqualTo(1);
      assertThat(run.stderr()).as(kernel)
          .contains("this bundle is for Windows: run bin\\julia.cmd from cmd or PowerShell");
    }
  }

  @Test
  void refusesAGlibcBundleOnAMuslMachine() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(h.muslTools(), h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("this bundle is for Linux with glibc", "C library is musl",
        "'siege build --platform x86_64-linux-musl'");
  }

  @Test
  void runsAMuslBundleOnAMuslMachine() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot,
        new LauncherSettings("x86_64", "linux", "musl", Version.parse("1.10.4"), COMMIT, true, "generic", "demo"));

    Run run = h.run(b.launcher(), h.env(h.muslTools(), h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void refusesAMuslBundleOnAGlibcMachine() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot,
        new LauncherSettings("x86_64", "linux", "musl", Version.parse("1.10.4"), COMMIT, true, "generic", "demo"));

    Run run = h.run(b.launcher(), h.env(h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("this bundle is for Linux with musl", "C library is glibc",
        "'siege build --platform x86_64-linux-gnu'");
  }

  @Test
  void warnsButRunsWhenTheLibcCannotBeTold() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path noLibcTools = Files.createDirectories(h.base.resolve("nolibc"));
    LauncherHarness.script(noLibcTools.resolve("getconf"), "#!/bin/sh\nexit 1\n");
    LauncherHarness.script(noLibcTools.resolve("ldd"), "#!/bin/sh\necho 'ldd: not a dynamic executable' >&2\nexit 1\n");

    Run run = h.run(b.launcher(), h.env(noLibcTools, h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("warning", "cannot tell this machine's C library", "glibc");
  }

  @Test
  void refusesAJuliaOfAnotherVersionForASysimageBundle() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.5");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is Julia 1.10.5", "sysimage needs Julia 1.10.4", "SIEGE_JULIA");
  }

  @Test
  void depotOnlyBundleWarnsButRunsOnAnotherMinorVersion() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.11.2", OTHER_COMMIT);
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", false));

    Run run = h.run(b.launcher(), h.env(h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).isZero();
    assertThat(run.ranJulia()).isTrue();
    assertThat(run.stderr()).contains("warning", "Julia 1.11.2", "built with Julia 1.10.4");
  }

  @Test
  void refusesAnotherBuildOfTheSameVersionForASysimageBundle() throws Exception {
    // e.g. a distribution's Julia 1.10.4 (JULIA-FACTS §8 "Distribution Julias").
    Path julia = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4", OTHER_COMMIT);
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("built from commit " + OTHER_COMMIT, "sysimage needs the Julia 1.10.4 built from commit " + COMMIT)
        .contains("SIEGE_JULIA");
  }

  @Test
  void readsTheCommitFromTheInstalledVersionGitFileWithoutStartingJulia() throws Exception {
    Path julia = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(LauncherHarness.calls(julia)).noneMatch(c -> c.contains("GIT_VERSION_INFO"));
  }

  @Test
  void asksJuliaForItsCommitWhenTheInstallationHasNoVersionGitFile() throws Exception {
    Path julia = LauncherHarness.fakeJuliaBinary(h.base.resolve("jl/bin/julia"), "1.10.4", OTHER_COMMIT);
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("built from commit " + OTHER_COMMIT);
    assertThat(LauncherHarness.calls(julia))
        .contains("--startup-file=no --history-file=no -e print(Base.GIT_VERSION_INFO.commit)");
  }

  @Test
  void aJuliaBuiltWithoutGitInformationIsNotTakenForTheBuildsJulia() throws Exception {
    // base/version_git.sh's NO_GIT output: every field empty.
    Path julia = LauncherHarness.fakeJuliaBinary(h.base.resolve("jl/bin/julia"), "1.10.4", "");
    Files.createDirectories(h.base.resolve("jl/share/julia/base"));
    Files.writeString(h.base.resolve("jl/share/julia/base/version_git.jl"),
        "# Default output if git is not available.\n"
            + "const GIT_VERSION_INFO = GitVersionInfo(\"\", \"\", \"\", 0, \"\", true, 0, 0.0, \"\", \"\")\n");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("built from commit (unknown)");
  }

  @Test
  void anUnknownBuildCommitIsNotChecked() throws Exception {
    Path julia = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4", OTHER_COMMIT);
    BundleLayout b = h.bundle(realRoot,
        new LauncherSettings("x86_64", "linux", "glibc", Version.parse("1.10.4"), "", true, "generic", "demo"));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  @Test
  void depotOnlyBundleDoesNotCheckTheCommit() throws Exception {
    Path julia = LauncherHarness.fakeJuliaBinary(h.base.resolve("jl/bin/julia"), "1.10.4", OTHER_COMMIT);
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", false));

    Run run = h.run(b.launcher(), h.env(julia.getParent()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(LauncherHarness.calls(julia)).noneMatch(c -> c.contains("GIT_VERSION_INFO"));
  }

  @Test
  void theBundledCopyIsTheBuildsJuliaAndIsNotProbed() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path bundled = LauncherHarness.fakeJuliaBinary(b.julia().resolve("bin/julia"), "1.10.4", OTHER_COMMIT);

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.exe()).isEqualTo(bundled.toString());
    assertThat(LauncherHarness.calls(bundled)).hasSize(1);
  }
}
