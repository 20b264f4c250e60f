package dev.siege.bundle.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.launcher.LauncherHarness.Run;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated {@code bin/julia} (template {@code julia.sh}), run as a process with a fake Julia. */
class LauncherScriptTest {
  @TempDir Path tmp;
  LauncherHarness h;
  Path realRoot;

  @BeforeEach
  void setUp() throws Exception {
    h = new LauncherHarness(tmp.toRealPath());
    realRoot = tmp.toRealPath().resolve("bundle");
  }

  private static LauncherSettings settings(String version, boolean sysimage) {
    return new LauncherSettings("x86_64", Version.parse(version), Optional.empty(), sysimage, "demo-0123abcd");
  }

  /** A bundle with a sysimage whose Julia is the fake on PATH (directory "jl/bin"). */
  private BundleLayout bundleWithJuliaOnPath(String version, boolean sysimage) throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), version);
    return h.bundle(realRoot, settings(version, sysimage));
  }

  private Map<String, String> env() {
    return h.env(h.base.resolve("jl/bin"));
  }

  @Test
  void passesTheSysimageAndEveryArgumentThroughUnchanged() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    String[] args = {"-e", "println(\"hi\")", "a b", "it's", "$HOME", "back\\slash", "two\nlines", "", "*", "--"};

    Run run = h.run(b.launcher(), env(), args);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.exe()).isEqualTo(h.base.resolve("jl/bin/julia").toString());
    assertThat(run.args().subList(0, 2)).containsExactly("-J", b.sysimage().toString());
    assertThat(run.args().subList(2, run.args().size())).containsExactly(args);
  }

  @Test
  void depotOnlyBundleRunsWithoutDashJ() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", false);

    Run run = h.run(b.launcher(), env(), "x.jl");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.args()).containsExactly("x.jl");
  }

  @Test
  void setsProjectOfflineModeAndDepotPathAndRemovesLoadPathAndLibraryPath() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("JULIA_LOAD_PATH", "/elsewhere:");
    env.put("LD_LIBRARY_PATH", "/opt/broken/lib");
    env.put("JULIA_PROJECT", "/other/project");
    env.put("JULIA_DEPOT_PATH", "/other/depot");
    env.put("XDG_CACHE_HOME", h.base.resolve("cache").toString());

    Run run = h.run(b.launcher(), env);

    String userDepot = h.base.resolve("cache/siege/demo-0123abcd").toString();
    assertThat(run.env())
        .containsEntry("JULIA_PROJECT", b.env().toString())
        .containsEntry("JULIA_PKG_OFFLINE", "true")
        .containsEntry("JULIA_DEPOT_PATH", userDepot + ":" + b.depot() + ":")
        .doesNotContainKeys("JULIA_LOAD_PATH", "LD_LIBRARY_PATH");
    assertThat(Path.of(userDepot)).isDirectory();
  }

  @ParameterizedTest(name = "Julia {0}")
  @ValueSource(strings = {"1.6.7", "1.9.4", "1.10.4", "1.11.0", "1.11.1", "1.11.2", "1.11.5", "1.12.0", "1.12.0-rc1"})
  void depotPathPutsTheUserDepotFirstAndKeepsBundleAndStdlibDepotsOnEveryJuliaVersion(String version)
      throws Exception {
    BundleLayout b = bundleWithJuliaOnPath(version, true);
    Map<String, String> env = env();
    env.put("SIEGE_USER_DEPOT", h.base.resolve("user depot").toString());

    Run run = h.run(b.launcher(), env);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String jl = h.base.resolve("jl").toString();
    List<String> depots =
        DepotPathModel.expand(run.env().get("JULIA_DEPOT_PATH"), Version.parse(version), h.home.toString(), jl);

    // JULIA-FACTS §3: DEPOT_PATH[1] is written to (caches, pidfiles), the bundle depot is read,
    // and Julia's own depots hold the stdlib caches.
    assertThat(depots.get(0)).isEqualTo(h.base.resolve("user depot").toString());
    assertThat(depots.get(1)).isEqualTo(b.depot().toString());
    assertThat(depots).contains(jl + "/local/share/julia", jl + "/share/julia");
    assertThat(depots).doesNotHaveDuplicates();
  }

  @Test
  void depotPathModelShowsWhyALeadingEmptyEntryIsAvoided() {
    // bcbi/SIEGE's ":<depot>" (JULIA-FACTS §0) makes the Julia install dir DEPOT_PATH[1] on 1.11.0.
    assertThat(DepotPathModel.expand(":/b/depot", Version.parse("1.11.0"), "/h", "/jl").get(0))
        .isEqualTo("/jl/local/share/julia");
    assertThat(DepotPathModel.expand(":/b/depot", Version.parse("1.11.2"), "/h", "/jl").get(0))
        .isEqualTo("/h/.julia");
  }

  @Test
  void userDepotDefaultsToAPerBundleDirectoryInTheHomeCache() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);

    Run run = h.run(b.launcher(), env());

    assertThat(run.env().get("JULIA_DEPOT_PATH"))
        .startsWith(h.home.resolve(".cache/siege/demo-0123abcd") + ":");
    assertThat(h.home.resolve(".cache/siege/demo-0123abcd")).isDirectory();
  }

  @Test
  void relativeUserDepotIsMadeAbsolute() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("SIEGE_USER_DEPOT", "rel/depot");

    Run run = h.run(b.launcher(), env);

    assertThat(run.env().get("JULIA_DEPOT_PATH")).startsWith(h.base.resolve("rel/depot") + ":");
  }

  @Test
  void unwritableUserDepotIsAClearError() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Files.writeString(h.base.resolve("a-file"), "x");
    Map<String, String> env = env();
    env.put("SIEGE_USER_DEPOT", h.base.resolve("a-file/depot").toString());

    Run run = h.run(b.launcher(), env);

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("cannot write the user depot", "SIEGE_USER_DEPOT");
  }

  @Test
  void worksWhenCalledThroughASymlinkInAnotherDirectory() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Path link = Files.createDirectories(h.base.resolve("links")).resolve("julia");
    Files.createSymbolicLink(link, b.launcher());

    Run run = h.run(link, env(), "arg");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.env()).containsEntry("JULIA_PROJECT", b.env().toString());
    assertThat(run.args()).containsExactly("-J", b.sysimage().toString(), "arg");
  }

  @Test
  void worksThroughAChainOfRelativeAndAbsoluteSymlinksAndSymlinkedDirectories() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Path a = Files.createDirectories(h.base.resolve("a"));
    Path c = Files.createDirectories(h.base.resolve("c/d"));
    // c/d/jl -> ../../bundle/bin/julia (relative), a/jl -> c/d/jl (absolute), and a directory link.
    Files.createSymbolicLink(c.resolve("jl"), Path.of("../../bundle/bin/julia"));
    Files.createSymbolicLink(a.resolve("jl"), c.resolve("jl"));
    Files.createSymbolicLink(h.base.resolve("dirlink"), a);

    Run run = h.run(h.base.resolve("dirlink/jl"), env());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.env()).containsEntry("JULIA_PROJECT", b.env().toString());
  }

  @Test
  void keepsWorkingAfterTheBundleMovesToAPathWithSpacesDollarsAndQuotes() throws Exception {
    bundleWithJuliaOnPath("1.10.4", true);
    Path moved = h.base.resolve("new home $HOME 'q' \"dq\" `x`");
    Files.move(realRoot, moved);
    BundleLayout b = BundleLayout.at(moved);

    Run run = h.run(b.launcher(), env(), "--", "x y");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.args()).containsExactly("-J", b.sysimage().toString(), "--", "x y");
    assertThat(run.env())
        .containsEntry("JULIA_PROJECT", b.env().toString())
        .containsEntry("JULIA_DEPOT_PATH", h.home.resolve(".cache/siege/demo-0123abcd") + ":" + b.depot() + ":");
  }

  @Test
  void refusesABundlePathContainingAColon() throws Exception {
    bundleWithJuliaOnPath("1.10.4", true);
    Path moved = h.base.resolve("a:b");
    Files.move(realRoot, moved);

    Run run = h.run(moved.resolve(BundleLayout.LAUNCHER), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("contains ':'", "JULIA_DEPOT_PATH");
  }

  @Test
  void missingJuliaFailsListingEverythingItTried() throws Exception {
    LauncherSettings s =
        new LauncherSettings("x86_64", Version.parse("1.10.4"), Optional.of("/opt/julia-1.10.4/bin/julia"), true, "demo");
    BundleLayout b = h.bundle(realRoot, s);

    Run run = h.run(b.launcher(), h.env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(127);
    assertThat(run.stderr())
        .contains("no Julia found", "1.10.4")
        .contains(b.root().resolve("julia/bin/julia").toString())
        .contains("SIEGE_JULIA: not set")
        .contains("/opt/julia-1.10.4/bin/julia (used to build the bundle): not found")
        .contains("julia on PATH: not found");
  }

  @Test
  void invalidSiegeJuliaIsAnErrorNotASilentFallback() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("SIEGE_JULIA", "/nonexistent/julia");

    Run run = h.run(b.launcher(), env);

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("SIEGE_JULIA=/nonexistent/julia is not an executable file");
  }

  @Test
  void prefersTheBundledCopyThenSiegeJuliaThenTheRecordedPathThenPath() throws Exception {
    Path recorded = LauncherHarness.fakeJulia(h.base.resolve("recorded it's $x/bin/julia"), "1.10.4");
    Path chosen = LauncherHarness.fakeJulia(h.base.resolve("chosen/julia"), "1.10.4");
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    LauncherSettings s =
        new LauncherSettings("x86_64", Version.parse("1.10.4"), Optional.of(recorded.toString()), true, "demo");
    BundleLayout b = h.bundle(realRoot, s);
    Map<String, String> env = env();

    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(recorded.toString());
    env.put("SIEGE_JULIA", chosen.toString());
    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(chosen.toString());
    Path bundled = LauncherHarness.fakeJulia(b.julia().resolve("bin/julia"), "1.10.4");
    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(bundled.toString());
    Files.delete(bundled);
    env.remove("SIEGE_JULIA");
    Files.delete(recorded);
    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(h.base.resolve("jl/bin/julia").toString());
  }

  @Test
  void siegeJuliaMayBeACommandNameOnPath() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path named = LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia-1.10"), "1.10.4");
    Map<String, String> env = env();
    env.put("SIEGE_JULIA", "julia-1.10");

    assertThat(h.run(b.launcher(), env).exe()).isEqualTo(named.toString());
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
  void refusesToRunOnAnotherArchitecture() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);

    Run run = h.run(b.launcher(), h.env(h.fakeUname("aarch64"), h.base.resolve("jl/bin")));

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("built for x86_64", "this machine is aarch64");
  }

  @Test
  void treatsArchitectureAliasesAsTheSame() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.4");
    LauncherSettings s = new LauncherSettings("aarch64", Version.parse("1.10.4"), Optional.empty(), true, "demo");
    BundleLayout b = h.bundle(realRoot, s);

    Run run = h.run(b.launcher(), h.env(h.fakeUname("arm64"), h.base.resolve("jl/bin")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.ranJulia()).isTrue();
  }

  @Test
  void refusesAJuliaOfAnotherVersionForASysimageBundle() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.10.5");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));

    Run run = h.run(b.launcher(), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is Julia 1.10.5", "sysimage needs Julia 1.10.4", "SIEGE_JULIA");
  }

  @Test
  void depotOnlyBundleWarnsButRunsOnAnotherMinorVersion() throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), "1.11.2");
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", false));

    Run run = h.run(b.launcher(), env());

    assertThat(run.exitCode()).isZero();
    assertThat(run.ranJulia()).isTrue();
    assertThat(run.stderr()).contains("warning", "Julia 1.11.2", "built with Julia 1.10.4");
  }

  @Test
  void missingSysimageIsAClearError() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Files.delete(b.sysimage());

    Run run = h.run(b.launcher(), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.stderr()).contains("sysimage is missing", b.sysimage().toString());
  }
}
