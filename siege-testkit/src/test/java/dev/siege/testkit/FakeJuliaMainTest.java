package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.script.ParameterFile;
import dev.siege.julia.script.ScriptProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FakeJuliaMain} in-process: the command line, the SIEGE_FAKE_* variables, the smoke test's checks. */
class FakeJuliaMainTest {
  @TempDir Path tmp;

  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  Path scripts;

  @BeforeEach
  void scripts() throws Exception {
    scripts = Files.createDirectories(tmp.resolve("call"));
    for (JuliaScript p : JuliaScript.values()) {
      if (p.fileName() != null) {
        Files.writeString(scripts.resolve(p.fileName()), "# stand-in for SIEGE's " + p.fileName() + "\n");
      }
    }
  }

  int julia(List<String> args) throws Exception {
    out.reset();
    err.reset();
    return FakeJuliaMain.run(args, env, tmp, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** {@code julia <base options> <options> <script> <params>}, as ProcessJuliaRunner builds it. */
  int script(JuliaScript purpose, Map<String, ?> params, String... options) throws Exception {
    Path file = scripts.resolve(purpose.id() + ".toml");
    ParameterFile.write(params, file);
    List<String> args = new ArrayList<>(List.of("--startup-file=no", "--history-file=no", "--color=no"));
    args.addAll(List.of(options));
    args.add(scripts.resolve(purpose.fileName()).toString());
    args.add(file.toString());
    return julia(args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void answersVersionAndLogsOneLinePerInvocation() throws Exception {
    env.put("SIEGE_FAKE_JULIA_VERSION", "1.11.3");
    env.put("SIEGE_FAKE_CALL_LOG", tmp.resolve("calls.log").toString());

    assertThat(julia(List.of("--version"))).isZero();
    assertThat(out()).isEqualTo("julia version 1.11.3\n");
    assertThat(script(JuliaScript.PROBE, Map.of())).isZero();

    assertThat(Files.readAllLines(tmp.resolve("calls.log"))).containsExactly("version\t--version",
        "probe\t--startup-file=no\t--history-file=no\t--color=no\t" + scripts.resolve("probe.jl") + "\t"
            + scripts.resolve("probe.toml"));
  }

  @Test
  void printsResultLinesExactlyAsTheScriptsProtocolDoes() throws Exception {
    env.put("SIEGE_FAKE_BINDIR", "/opt/with\\backslash/bin");

    assertThat(script(JuliaScript.PROBE, Map.of())).isZero();

    assertThat(out().lines()).contains(ScriptProtocol.result("arch", "x86_64"),
        "##siege result bindir /opt/with\\\\backslash/bin", "##siege result word_size 64");
    assertThat(err()).isEmpty();
  }

  @Test
  void failsAsJuliaDoesWithoutAScriptOrAParameterFile() throws Exception {
    assertThat(julia(List.of("--startup-file=no", tmp.resolve("nope.jl").toString(), "p.toml"))).isEqualTo(1);
    assertThat(err()).startsWith("ERROR: SystemError: opening file \"" + tmp.resolve("nope.jl") + "\": No such file or directory");

    assertThat(julia(List.of(scripts.resolve("probe.jl").toString()))).isEqualTo(1);
    assertThat(err()).isEqualTo("SIEGE: expected the parameter file path as the first argument\n");

    assertThat(julia(List.of("-e", "println(1)"))).isEqualTo(1);
    assertThat(err()).contains("cannot evaluate code");
  }

  @Test
  void siegeFakeFailMakesThatPurposeExitWithTheGivenCode() throws Exception {
    env.put("SIEGE_FAKE_FAIL", "tools, instantiate");
    env.put("SIEGE_FAKE_FAIL_CODE", "3");

    assertThat(script(JuliaScript.INSTANTIATE, Map.of("project", "env"))).isEqualTo(3);
    assertThat(err()).startsWith("ERROR: LoadError: fake failure requested by SIEGE_FAKE_FAIL=tools, instantiate\n");
    assertThat(tmp.resolve("env")).doesNotExist();
    assertThat(script(JuliaScript.PROBE, Map.of())).isZero();
  }

  /** A bundle as the pipeline leaves it: env/, depot/ with lazy artifacts, sysimage/sys.so. */
  Path bundle() throws Exception {
    Path bundle = tmp.resolve("bundle");
    FakeJuliaRunnerTest.project(bundle.resolve("env"));
    env.put("JULIA_DEPOT_PATH", bundle.resolve("depot") + ":");
    assertThat(script(JuliaScript.INSTANTIATE, Map.of("project", bundle.resolve("env").toString(),
        "include_lazy_artifacts", true))).isZero();
    Files.createDirectories(bundle.resolve("sysimage"));
    Files.writeString(bundle.resolve("sysimage/sys.so"), "ELF");
    // What the launcher sets (DESIGN.md, Launcher): a user depot first, then the bundle's.
    env.put("JULIA_DEPOT_PATH", tmp.resolve("user") + ":" + bundle.resolve("depot") + ":");
    env.put("JULIA_PROJECT", bundle.resolve("env").toString());
    env.put("JULIA_PKG_OFFLINE", "true");
    return bundle;
  }

  int smoke(Path bundle, String... packages) throws Exception {
    return script(JuliaScript.SMOKE_TEST, Map.of("packages", List.of(packages)), "-J", bundle.resolve("sysimage/sys.so").toString());
  }

  @Test
  void smokeTestLoadsEveryPackageFromTheBundleAsTheLauncherSetsItUp() throws Exception {
    Path bundle = bundle();

    assertThat(smoke(bundle, "CSV", "DataFrames", "LinearAlgebra")).as(err()).isZero();

    assertThat(out().lines()).contains(ScriptProtocol.result("loaded", "3"));
    assertThat(out()).contains("##siege result depots " + tmp.resolve("user") + ":" + bundle.resolve("depot") + ":");
  }

  @Test
  void smokeTestFailsWhenTheLauncherLeftSomethingOut() throws Exception {
    Path bundle = bundle();
    Path image = bundle.resolve("sysimage/sys.so");

    assertThat(script(JuliaScript.SMOKE_TEST, Map.of("packages", List.of("CSV")))).isEqualTo(1);
    assertThat(err()).contains("has sysimage/sys.so but Julia was started without -J");

    assertThat(script(JuliaScript.SMOKE_TEST, Map.of("packages", List.of("CSV")), "-J", image + ".missing")).isEqualTo(1);
    assertThat(err()).startsWith("ERROR: could not load library \"" + image + ".missing\"");

    env.remove("JULIA_PKG_OFFLINE");
    assertThat(smoke(bundle, "CSV")).isEqualTo(1);
    assertThat(err()).contains("JULIA_PKG_OFFLINE is unset");
    env.put("JULIA_PKG_OFFLINE", "true");

    env.put("JULIA_DEPOT_PATH", tmp.resolve("user") + ":");
    assertThat(smoke(bundle, "CSV")).isEqualTo(1);
    assertThat(err()).startsWith("SIEGE: loading CSV failed offline: ArgumentError: Package CSV [")
        .contains("is required but does not seem to be installed");
  }

  @Test
  void smokeTestRejectsPackagesOutsideTheProjectAndDownloadsMissingLazyArtifacts() throws Exception {
    Path bundle = bundle();

    assertThat(smoke(bundle, "Plots")).isEqualTo(1);
    assertThat(err()).isEqualTo("SIEGE: loading Plots failed offline: ArgumentError: Package Plots not found in current path.\n");

    Path mkl;
    try (Stream<Path> s = Files.list(bundle.resolve("depot/packages/MKL_jll"))) {
      mkl = s.findFirst().orElseThrow();
    }
    String lazy = new FakeInstaller(FakeJuliaSettings.defaults(), List.of(bundle.resolve("depot")), new FakeOutput())
        .selectArtifacts(mkl).get(0).get(0).treeSha1();
    FakeJuliaRunnerTest.deleteTree(bundle.resolve("depot/artifacts").resolve(lazy));

    assertThat(smoke(bundle, "DataFrames")).as(err()).isZero(); // does not need MKL_jll
    assertThat(smoke(bundle, "CSV")).isEqualTo(1);
    assertThat(err()).isEqualTo("  Downloading artifact: MKL\nSIEGE: loading CSV tried to download something (see the output above)\n");
  }

  @Test
  void aPackageWhoseInitFetchesLoadsWhileTheNetworkIsUpAndLeavesAScratchSpace() throws Exception {
    Path bundle = bundle();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      env.put("SIEGE_FAKE_NETWORK_INIT", "DataFrames");
      env.put("SIEGE_FAKE_NETWORK_URL", "http://127.0.0.1:" + server.getLocalPort() + "/data.csv");

      assertThat(smoke(bundle, "DataFrames")).as(err()).isZero();
    }
    // JULIA_PKG_OFFLINE=true did not stop it (JULIA-FACTS §8): only the data it left shows it.
    assertThat(tmp.resolve("user/scratchspaces").resolve(FakeJuliaRunnerTest.DATAFRAMES.toString()).resolve("downloads/data"))
        .content().contains("/data.csv");
  }

  @Test
  void aPackageWhoseInitFetchesFailsToLoadThroughAProxyOnAClosedPort() throws Exception {
    Path bundle = bundle();
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      env.put("SIEGE_FAKE_NETWORK_INIT", "DataFrames");
      env.put("SIEGE_FAKE_NETWORK_URL", "http://127.0.0.1:" + server.getLocalPort() + "/data.csv");
      env.put("http_proxy", "http://127.0.0.1:" + closed);

      assertThat(smoke(bundle, "DataFrames")).isEqualTo(1);
    }
    assertThat(err()).startsWith("SIEGE: loading DataFrames failed offline: InitError: RequestError: Failed to connect to"
            + " 127.0.0.1 port " + closed + " after ")
        .contains("Connection refused while requesting http://127.0.0.1:")
        .contains("during initialization of module DataFrames");
    assertThat(tmp.resolve("user/scratchspaces")).doesNotExist();
  }

  @Test
  void aPackageWhoseInitFetchesNeedsTheUrlItFetches() throws Exception {
    Path bundle = bundle();
    env.put("SIEGE_FAKE_NETWORK_INIT", "DataFrames");

    assertThat(smoke(bundle, "DataFrames")).isEqualTo(1);
    assertThat(err()).contains("SIEGE_FAKE_NETWORK_URL (what its __init__ fetches) is unset");
  }
}
