package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.plan.NetworkIsolation;
import dev.siege.julia.JuliaCall;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test keeps the bundle off the network (issue 14, item 4; JULIA-FACTS §8 "Offline is
 * not network-free") and fails on what loading leaves behind in the user depot or the bundle.
 */
class SmokeTestStepTest {
  static final String CSV_UUID = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";

  @TempDir Path tmp;
  Path project;
  Path output;
  Path julia;
  ServerSocket server;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  /** What a package does while the smoke test loads it, before the fake answers. */
  interface OnLoad {
    void run(JuliaCall smoke) throws IOException;
  }

  @BeforeEach
  void setUp() throws Exception {
    project = TestProjects.CSV_MKL.write(tmp.resolve("env"));
    output = tmp.resolve("build");
    julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    // The server a package's __init__ fetches from: reachable from this JVM, so only the
    // isolation the plan gives the smoke test can make the fetch fail.
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    System.clearProperty(NetworkIsolation.FORCE_PROPERTY);
  }

  /** What to build and how. */
  private record Build(SiegeBuilder what, BuildContext how) {
    BuildResult run() throws Exception {
      return what.build(how);
    }
  }

  private Build builder(Map<String, String> juliaEnvironment, OnLoad onLoad) {
    FakeJuliaRunner fake = new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString()),
        juliaEnvironment);
    return new Build(SiegeBuilder.forProject(project).output(output), BuildContext.create()
        .julia(JuliaSource.executable(julia))
        .juliaRunners(exe -> (call, listener) -> {
          if (call.script() == JuliaScript.SMOKE_TEST) {
            try {
              onLoad.run(call);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
          return fake.run(call, listener);
        })
        .cacheDirectory(tmp.resolve("cache"))
        .environmentVariables(Map.of("JULIA_CC", "cc", "PATH", "/usr/bin:/bin"))
        .juliaTimeout(Duration.ofSeconds(30))
        .addListener(events::add));
  }

  private Map<String, String> csvFetchesOnInit() {
    return Map.of("SIEGE_FAKE_NETWORK_INIT", "CSV",
        "SIEGE_FAKE_NETWORK_URL", "http://127.0.0.1:" + server.getLocalPort() + "/data.csv");
  }

  private SiegeException buildFails(Build builder) {
    SiegeException e = catchThrowableOfType(builder::run, SiegeException.class);
    assertThat(e).as("the build must fail").isNotNull();
    assertThat(output).doesNotExist();
    return e;
  }

  private List<String> messages() {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof SiegeEvent.Message).map(e -> ((SiegeEvent.Message) e).text()).toList();
    }
  }

  @Test
  void aPackageWhoseInitUsesTheNetworkFailsTheBuildUnderThisMachinesIsolation() {
    SiegeException e = buildFails(builder(csvFetchesOnInit(), smoke -> {}));

    assertThat(e.getMessage()).contains("smoke_test.jl failed")
        .contains("SIEGE: loading CSV failed offline: InitError: RequestError: ");
    if (NetworkIsolation.forThisMachine().kind() == NetworkIsolation.Kind.NAMESPACE) {
      assertThat(e.getMessage()).contains("Network is unreachable");
      assertThat(messages()).anyMatch(m -> m.startsWith("smoke test without network: a network namespace with only a loopback ("
          + String.join(" ", NetworkIsolation.forThisMachine().wrapper())));
    } else {
      assertThat(e.getMessage()).contains("Connection refused");
      assertThat(messages()).anyMatch(m -> m.startsWith("smoke test without network namespace"));
    }
  }

  @Test
  void withoutANamespaceTheProxyVariablesStillFailIt() {
    System.setProperty(NetworkIsolation.FORCE_PROPERTY, "proxy");

    SiegeException e = buildFails(builder(csvFetchesOnInit(), smoke -> {}));

    String proxy = NetworkIsolation.forThisMachine().setEnv().get("http_proxy");
    assertThat(e.getMessage()).contains("SIEGE: loading CSV failed offline: InitError: RequestError: Failed to connect to "
        + proxy.substring("http://".length()).replace(":", " port ") + " after ");
    assertThat(messages()).anyMatch(m -> m.contains("proxy variables point at the closed port " + proxy));
  }

  @Test
  void theBuildOutputAndTheMetadataSayWhichIsolationTheSmokeTestHad() throws Exception {
    builder(Map.of(), smoke -> {}).run();

    NetworkIsolation isolation = NetworkIsolation.forThisMachine();
    assertThat(BundleMetadata.read(BundleLayout.at(output).metadata()).smokeTestIsolation())
        .isEqualTo(isolation.kind().id());
    assertThat(messages()).filteredOn(m -> m.startsWith("smoke test with")).hasSize(1);
  }

  @Test
  void theMetadataRecordsTheProxyFallbackWhenItWasUsed() throws Exception {
    System.setProperty(NetworkIsolation.FORCE_PROPERTY, "proxy");

    builder(Map.of(), smoke -> {}).run();

    assertThat(Files.readString(BundleLayout.at(output).metadata())).contains("smoke_test_isolation = \"proxy-variables\"");
  }

  @Test
  void aNewEntryInTheUserDepotFailsTheBuildNamingItAndThePackageThatMadeIt() {
    SiegeException e = buildFails(builder(Map.of(), smoke -> {
      Path depot = Path.of(smoke.env().set().get("SIEGE_USER_DEPOT"));
      // What Julia itself writes while loading is fine (JULIA-FACTS §3)...
      Files.createDirectories(depot.resolve("compiled/v1.10/CSV"));
      Files.writeString(depot.resolve("compiled/v1.10/CSV/abc.ji"), "cache");
      Files.createDirectories(depot.resolve("logs"));
      Files.writeString(depot.resolve("logs/manifest_usage.toml"), "");
      // ...a Scratch.jl space and a registry Pkg installed are not.
      Files.createDirectories(depot.resolve("scratchspaces").resolve(CSV_UUID).resolve("cache"));
      Files.createDirectories(depot.resolve("registries/General"));
    }));

    assertThat(e.getMessage()).isEqualTo("loading the bundle offline created entries in the empty user depot: "
        + "registries/General (the registry General, installed by Pkg), scratchspaces/" + CSV_UUID + " (package CSV)");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("Scratch.jl").contains("smoke test log"));
  }

  @Test
  void compileCachesAndLogsInTheUserDepotAreWhatLoadingMakes() throws Exception {
    builder(Map.of(), smoke -> {
      Path depot = Path.of(smoke.env().set().get("SIEGE_USER_DEPOT"));
      Files.createDirectories(depot.resolve("compiled/v1.10/Parsers"));
      Files.createDirectories(depot.resolve("logs"));
    }).run();

    assertThat(output).isDirectory();
  }

  @Test
  void aChangeInsideTheMovedBundleFailsTheBuildNamingTheEntries() {
    SiegeException e = buildFails(builder(Map.of(), smoke -> {
      Path csv;
      try (Stream<Path> s = Files.list(smoke.workDir().resolve("depot/packages/CSV"))) {
        csv = s.findFirst().orElseThrow();
      }
      Files.writeString(csv.resolve("deps.log"), "built on first load\n");
      Files.setPosixFilePermissions(smoke.workDir().resolve("env/Project.toml"), PosixFilePermissions.fromString("rw-rw-rw-"));
    }));

    assertThat(e.getMessage()).startsWith("loading the bundle offline changed the bundle: depot/packages/CSV/")
        .contains("/deps.log added, env/Project.toml changed mode (rw-");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("compared: entries, types, sizes, modification and"
        + " change times, modes and link targets"));
  }

  @Test
  void whatAFailedSmokeTestLeftBehindIsShownBesideJuliasError() {
    Map<String, String> env = new java.util.HashMap<>(csvFetchesOnInit());
    SiegeException e = buildFails(builder(env, smoke -> {
      Path depot = Path.of(smoke.env().set().get("SIEGE_USER_DEPOT"));
      Files.createDirectories(depot.resolve("conda"));
    }));

    assertThat(e.getMessage()).contains("loading CSV failed offline");
    assertThat(messages()).contains("before it failed, the smoke test created in the empty user depot: conda (package Conda.jl)");
  }

  @Test
  void aRealLauncherAndJuliaProcessUnderThisMachinesIsolationCannotReachTheServer() throws Exception {
    // The launcher and a fake julia process (FakeJuliaExecutable): under a real unshare the
    // connection to 127.0.0.1 fails in the kernel, under the fallback at the closed proxy port.
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    Map<String, String> fakeEnv = new java.util.HashMap<>(csvFetchesOnInit());
    fakeEnv.put("SIEGE_FAKE_ARCH", arch);
    fakeEnv.put("SIEGE_FAKE_SYSIMAGE_BYTES", "4096");
    Path fakeJulia = dev.siege.testkit.FakeJuliaExecutable.install(tmp.resolve("real/julia-1.10.4/bin"), fakeEnv);
    Build builder = new Build(SiegeBuilder.forProject(project).output(output), BuildContext.create()
        .julia(JuliaSource.executable(fakeJulia))
        .cacheDirectory(tmp.resolve("cache"))
        .environmentVariables(Map.of("JULIA_CC", "cc", "PATH", "/usr/bin:/bin", "HOME", tmp.toString()))
        .juliaTimeout(Duration.ofMinutes(2))
        .addListener(events::add));

    SiegeException e = buildFails(builder);

    assertThat(e.getMessage()).contains("SIEGE: loading CSV failed offline: InitError: RequestError: Failed to connect to 127.0.0.1");
    assertThat(e.getMessage()).contains(NetworkIsolation.forThisMachine().kind() == NetworkIsolation.Kind.NAMESPACE
        ? "port " + server.getLocalPort() + " after" : "Connection refused");
    if (NetworkIsolation.forThisMachine().kind() == NetworkIsolation.Kind.NAMESPACE) {
      assertThat(e.getMessage()).contains("ms: Network is unreachable while requesting");
    }
  }
}
