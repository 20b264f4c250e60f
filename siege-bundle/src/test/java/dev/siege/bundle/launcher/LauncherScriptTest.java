package dev.siege.bundle.launcher;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated {@code bin/julia} (template {@code julia.sh}) run as a process with a fake Julia:
 * paths, arguments and the environment Julia gets. Which Julia it picks and what it refuses is
 * in {@link LauncherJuliaChoiceTest}.
 */
class LauncherScriptTest {
  @TempDir Path tmp;
  LauncherHarness h;
  Path realRoot;

  @BeforeEach
  void setUp() throws Exception {
    h = new LauncherHarness(tmp.toRealPath());
    realRoot = tmp.toRealPath().resolve("bundle");
  }

  /** A bundle whose Julia is the fake on PATH (installed at "jl", binary in "jl/bin"). */
  private BundleLayout bundleWithJuliaOnPath(String version, boolean sysimage) throws Exception {
    LauncherHarness.fakeJulia(h.base.resolve("jl/bin/julia"), version);
    return h.bundle(realRoot, settings(version, sysimage));
  }

  private Map<String, String> env() {
    return h.env(h.base.resolve("jl/bin"));
  }

  private String juliaDepots() {
    return ":" + h.base.resolve("jl/local/share/julia") + ":" + h.base.resolve("jl/share/julia");
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
  void setsProjectOfflineModeDepotPathAndLoadPathAndRemovesLibraryPath() throws Exception {
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
        .containsEntry("JULIA_LOAD_PATH", "@:@stdlib")
        .containsEntry("JULIA_DEPOT_PATH", userDepot + ":" + b.depot() + juliaDepots())
        .doesNotContainKey("LD_LIBRARY_PATH");
    assertThat(Path.of(userDepot)).isDirectory();
  }

  @Test
  void keepsLdLibraryPathWhenTheUserOptsOut() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("LD_LIBRARY_PATH", "/usr/local/cuda/lib64");
    env.put("SIEGE_KEEP_LD_LIBRARY_PATH", "1");

    Run run = h.run(b.launcher(), env);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.env()).containsEntry("LD_LIBRARY_PATH", "/usr/local/cuda/lib64");
  }

  @ParameterizedTest(name = "Julia {0}")
  @ValueSource(strings = {"1.6.7", "1.9.4", "1.10.4", "1.11.0", "1.11.1", "1.11.2", "1.11.5", "1.12.0", "1.12.0-rc1"})
  void depotPathIsUserBundleAndJuliasOwnDepotsWithNothingOfDotJuliaOnEveryJuliaVersion(String version)
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
    // and Julia's own depots hold the stdlib caches. §8: no empty entry, so no ~/.julia.
    assertThat(depots).containsExactly(
        h.base.resolve("user depot").toString(), b.depot().toString(), jl + "/local/share/julia", jl + "/share/julia");
  }

  @ParameterizedTest(name = "Julia {0}")
  @ValueSource(strings = {"1.6.7", "1.10.4", "1.11.2", "1.12.0"})
  void theUsersGlobalEnvironmentNeverStacksOverTheBundle(String version) throws Exception {
    BundleLayout b = bundleWithJuliaOnPath(version, true);
    Version v = Version.parse(version);
    String global = h.home + "/.julia/environments/v" + v.major() + "." + v.minor();
    Files.createDirectories(Path.of(global));

    Run run = h.run(b.launcher(), env());

    List<String> loadPath = DepotPathModel.loadPath(run.env().get("JULIA_LOAD_PATH"));
    List<String> depots =
        DepotPathModel.expand(run.env().get("JULIA_DEPOT_PATH"), v, h.home.toString(), h.base.resolve("jl").toString());
    assertThat(loadPath).containsExactly("@", "@stdlib");
    assertThat(depots).noneMatch(d -> d.startsWith(h.home + "/.julia"));
    assertThat(DepotPathModel.namedEnvironment(loadPath, depots, v, p -> Files.isDirectory(Path.of(p)))).isEmpty();
  }

  @Test
  void modelShowsHowTheOldTrailingEntryAndDefaultLoadPathLetDotJuliaIn() {
    // JULIA-FACTS §8 "LOAD_PATH and ~/.julia (real)": "U:B:" with JULIA_LOAD_PATH unset on 1.10.
    List<String> depots = DepotPathModel.expand("/u:/b:", Version.parse("1.10.4"), "/h", "/jl");
    List<String> loadPath = DepotPathModel.loadPath(null);

    assertThat(depots).contains("/h/.julia");
    assertThat(DepotPathModel.namedEnvironment(loadPath, depots, Version.parse("1.10.4"),
        p -> p.equals("/h/.julia/environments/v1.10"))).contains("/h/.julia/environments/v1.10");
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
  void juliasOwnDepotsAreThoseOfTheRealInstallationBehindASymlinkedBinary() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path real = LauncherHarness.fakeJulia(h.base.resolve("opt/julia-1.10.4/bin/julia"), "1.10.4");
    Path links = Files.createDirectories(h.base.resolve("usr/local/bin"));
    Files.createSymbolicLink(links.resolve("julia"), Path.of("../../../opt/julia-1.10.4/bin/julia"));

    Run run = h.run(b.launcher(), h.env(links));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.exe()).isEqualTo(links.resolve("julia").toString());
    String prefix = real.getParent().getParent().toString();
    assertThat(run.env().get("JULIA_DEPOT_PATH"))
        .endsWith(":" + b.depot() + ":" + prefix + "/local/share/julia:" + prefix + "/share/julia");
  }

  @Test
  void userDepotOfDotJuliaIsUsedWhenAskedFor() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("SIEGE_USER_DEPOT", "~/.julia");

    Run run = h.run(b.launcher(), env);

    assertThat(run.env().get("JULIA_DEPOT_PATH")).isEqualTo(h.home.resolve(".julia") + ":" + b.depot() + juliaDepots());
  }

  @Test
  void exportsTheSysimagesCpuTargetUnlessTheUserSetOne() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();

    assertThat(h.run(b.launcher(), env).env())
        .containsEntry("JULIA_CPU_TARGET", "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    env.put("JULIA_CPU_TARGET", "native");
    assertThat(h.run(b.launcher(), env).env()).containsEntry("JULIA_CPU_TARGET", "native");
  }

  @Test
  void depotOnlyBundleExportsNoCpuTarget() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", false);

    assertThat(h.run(b.launcher(), env()).env()).doesNotContainKey("JULIA_CPU_TARGET");
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
  void quotedTildeInUserDepotMeansHome() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Map<String, String> env = env();
    env.put("SIEGE_USER_DEPOT", "~/my depot");

    Run run = h.run(b.launcher(), env);

    assertThat(run.env().get("JULIA_DEPOT_PATH")).startsWith(h.home.resolve("my depot") + ":");
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
        .containsEntry("JULIA_DEPOT_PATH",
            h.home.resolve(".cache/siege/demo-0123abcd") + ":" + b.depot() + juliaDepots());
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
  void aJuliaInstalledUnderAColonPathRunsWithoutItsOwnDepotsAndSaysSo() throws Exception {
    BundleLayout b = h.bundle(realRoot, settings("1.10.4", true));
    Path julia = LauncherHarness.fakeJulia(h.base.resolve("odd:dir/bin/julia"), "1.10.4");
    Map<String, String> env = h.env();
    env.put("SIEGE_JULIA", julia.toString());

    Run run = h.run(b.launcher(), env);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.env().get("JULIA_DEPOT_PATH")).endsWith(":" + b.depot());
    assertThat(run.stderr()).contains("warning", "stdlib caches");
  }

  @Test
  void missingSysimageIsAClearError() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Files.delete(b.sysimage());

    Run run = h.run(b.launcher(), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.stderr()).contains("sysimage is missing", b.sysimage().toString());
  }

  @Test
  void runWithShSaysToRunItDirectlyOrWithBash() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Path sh = Path.of("/bin/sh");

    Run run = h.run(List.of(sh.toString(), b.launcher().toString()), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("is a bash script", "run it directly", "bash " + b.launcher())
        .doesNotContain("pipefail");
  }

  @Test
  void runWithDashExplicitlySaysTheSame() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);
    Path dash = LauncherHarness.which("dash");

    Run run = h.run(List.of(dash.toString(), b.launcher().toString(), "-e", "1"), env());

    assertThat(run.ranJulia()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is a bash script").doesNotContain("Illegal option");
  }

  @Test
  void runWithBashInPosixModeStillWorks() throws Exception {
    BundleLayout b = bundleWithJuliaOnPath("1.10.4", true);

    Run run = h.run(List.of(LauncherHarness.which("bash").toString(), "--posix", b.launcher().toString(), "x"), env());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.args()).containsExactly("-J", b.sysimage().toString(), "x");
  }
}
