package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.version.Version;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.testing.TestPgpKey;
import dev.siege.julia.testing.TestTarball;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning against a local HTTP server on 127.0.0.1 serving a fixture index and tarballs. */
class JuliaProvisionerTest {

  private static final HostPlatform LINUX_X64 = new HostPlatform("linux", "x86_64", "glibc");
  private static final String TARBALL = "/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz";

  /** Stands in for Julia's release key: the provisioner trusts it, as it trusts the shipped key. */
  private static TestPgpKey release;
  private static TestPgpKey stranger;
  private static ReleaseKeys trusted;

  @TempDir Path tmp;
  private HttpServer server;
  private URI base;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  /** Paths served with fewer bytes than announced, then the connection is dropped. */
  private final Map<String, Integer> truncated = new ConcurrentHashMap<>();
  /** Paths served with fewer bytes than announced, then the connection hangs. */
  private final Map<String, Integer> stalled = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final SiegeListener listener = events::add;

  @BeforeAll
  static void keys() throws Exception {
    release = TestPgpKey.generate("Test release key <release@example.org>");
    stranger = TestPgpKey.generate("Someone else <else@example.org>");
    trusted = ReleaseKeys.parse(release.publicKeyBlock());
  }

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      byte[] body = files.get(path);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      OutputStream out = exchange.getResponseBody();
      if (stalled.containsKey(path)) {
        out.write(body, 0, stalled.get(path));
        out.flush();
        try {
          stopping.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      out.write(body, 0, truncated.getOrDefault(path, body.length));
      out.close(); // a short body makes this throw, and the server then drops the connection
    });
    server.setExecutor(executor); // a stalled handler must not block the other requests
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bin/");
  }

  @AfterEach
  void stopServer() {
    stopping.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Publishes {@code tarball} as Julia {@code version} for linux x86_64 (and a mac dmg beside it). */
  private void publish(String version, byte[] tarball, String sha256, boolean relativeUrl) {
    String mm = version.substring(0, version.lastIndexOf('.'));
    String path = "linux/x64/" + mm + "/julia-" + version + "-linux-x86_64.tar.gz";
    files.put("/bin/" + path, tarball);
    files.put("/bin/" + path + ".asc", release.sign(tarball));
    String url = relativeUrl ? path : JuliaProvisioner.OFFICIAL_BASE + path;
    String json = """
        {"%s": {"stable": true, "files": [
          {"triplet": "x86_64-apple-darwin14", "os": "mac", "arch": "x86_64", "kind": "installer",
           "extension": "dmg", "url": "mac/x64/%s/julia-%s-mac64.dmg", "sha256": "00", "size": 1, "version": "%s"},
          {"triplet": "x86_64-linux-musl", "os": "linux", "arch": "x86_64", "kind": "archive",
           "extension": "tar.gz", "url": "musl/x64/julia.tar.gz", "sha256": "00", "size": 1, "version": "%s"},
          {"triplet": "x86_64-linux-gnu", "os": "linux", "arch": "x86_64", "kind": "archive",
           "extension": "tar.gz", "url": "%s", "sha256": "%s", "size": %d, "version": "%s", "asc": "sig"}
        ]},
         "1.9.4": {"stable": true, "files": []},
         "1.11.0-rc1": {"stable": false, "files": []}}
        """.formatted(version, mm, version, version, version, url, sha256, tarball.length, version);
    files.put("/bin/versions.json", json.getBytes(StandardCharsets.UTF_8));
  }

  private JuliaProvisioner provisioner() {
    return provisioner(false);
  }

  private JuliaProvisioner provisioner(boolean insecure) {
    return JuliaProvisioner.builder(tmp.resolve("cache")).baseUrl(base).platform(LINUX_X64).releaseKeys(trusted)
        .insecureDownload(insecure).stallTimeout(Duration.ofSeconds(1)).build();
  }

  private void assertCacheHoldsNothing() throws Exception {
    Path cache = tmp.resolve("cache");
    if (Files.exists(cache)) {
      try (var entries = Files.list(cache)) {
        assertThat(entries).as("cache entries and temporary directories").isEmpty();
      }
    }
  }

  @Test
  void downloadsVerifiesAndUnpacksIntoTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);

    JuliaInstallation julia = provisioner().provision(Version.parse("1.10.5"), listener);

    Path entry = tmp.resolve("cache").resolve("1.10.5");
    assertThat(julia.executable()).isEqualTo(entry.resolve("bin/julia"));
    assertThat(Files.isExecutable(julia.executable())).isTrue();
    assertThat(Files.isSymbolicLink(entry.resolve("lib/libjulia.so"))).isTrue();
    try (var entries = Files.list(tmp.resolve("cache"))) {
      assertThat(entries).containsExactly(entry); // no temporary directory left beside it
    }
    assertThat(events).contains(new SiegeEvent.Progress("download Julia 1.10.5", tarball.length, tarball.length, SiegeEvent.Unit.BYTES));
  }

  @Test
  void secondProvisionUsesTheCacheWithoutTheNetwork() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), true);
    provisioner().provision(Version.parse("1.10.5"), listener);
    int after = requests.get();

    JuliaInstallation again = provisioner().provision(Version.parse("1.10.5"), listener);

    assertThat(requests.get()).isEqualTo(after);
    assertThat(again.source()).contains("cache");
  }

  @Test
  void wrongChecksumLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, "ab".repeat(32), false);

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("ab".repeat(32))
        .hasMessageContaining(sha256(tarball));
    assertCacheHoldsNothing();
  }

  @Test
  void truncatedDownloadLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    truncated.put("/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", tarball.length / 2);

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("Julia 1.10.5");
    assertCacheHoldsNothing();
  }

  @Test
  void stalledDownloadIsAbandonedAndLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    stalled.put("/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", tarball.length / 2);

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("stalled");
    assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt does not leak").isFalse();
    assertCacheHoldsNothing();
  }

  @Test
  void fileShorterThanTheIndexSaysIsRejected() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.put("/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", java.util.Arrays.copyOf(tarball, tarball.length - 10));

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("incomplete");
    assertCacheHoldsNothing();
  }

  @Test
  void interruptedDownloadLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    stalled.put("/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", tarball.length / 2);
    JuliaProvisioner slow = JuliaProvisioner.builder(tmp.resolve("cache")).baseUrl(base).platform(LINUX_X64)
        .releaseKeys(trusted).build();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread downloader = new Thread(() -> {
      try {
        slow.provision(Version.parse("1.10.5"), event -> {
          if (event instanceof SiegeEvent.Progress) {
            Thread.currentThread().interrupt(); // cancelled as soon as the download starts
          }
        });
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    downloader.start();
    downloader.join(60_000);

    assertThat(downloader.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertCacheHoldsNothing();
  }

  @Test
  void missingTarballIsA404Error() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.remove("/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz");

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("julia-1.10.5-linux-x86_64.tar.gz");
    assertCacheHoldsNothing();
  }

  @Test
  void missingIndexIsA404Error() {
    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("versions index")
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void unknownVersionNamesTheIndexAndSuggestsStableVersions() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.99.0"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("Julia 1.99.0 is not in the versions index")
        .satisfies(e -> assertThat(((SiegeException) e).hint()).get().asString()
            .contains("1.10.5, 1.9.4").doesNotContain("rc1"));
    assertCacheHoldsNothing();
  }

  @Test
  void platformWithoutATarballIsAClearError() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);

    assertThatThrownBy(() -> JuliaProvisioner.builder(tmp.resolve("cache")).baseUrl(base)
            .platform(new HostPlatform("linux", "riscv64", "glibc")).build()
            .provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("no official .tar.gz for this platform (riscv64-linux-gnu)");
  }

  @Test
  void goodSignatureIsReportedWithTheSigningKey() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);

    provisioner().provision(Version.parse("1.10.5"), listener);

    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SiegeEvent.Message.class, m ->
        assertThat(m.text()).contains("good signature").contains(trusted.fingerprints().get(0))));
    assertThat(tmp.resolve("cache/1.10.5.unverified")).doesNotExist();
  }

  @Test
  void badSignatureIsRefusedAndLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.put(TARBALL + ".asc", release.sign("some other file".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("has a bad signature")
        .hasMessageContaining("does not match the file")
        .hasMessageContaining("refused")
        .satisfies(e -> assertThat(((SiegeException) e).rawHint()).get().asString()
            .contains("{option:INSECURE_DOWNLOAD}"));
    assertCacheHoldsNothing();
  }

  @Test
  void missingSignatureIsRefusedAndLeavesNothingInTheCache() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.remove(TARBALL + ".asc");

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("has no signature")
        .hasMessageContaining(TARBALL + ".asc answered HTTP 404");
    assertCacheHoldsNothing();
  }

  @Test
  void signatureByAnotherKeyIsRefused() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.put(TARBALL + ".asc", stranger.sign(tarball));

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("made by another key")
        .hasMessageContaining(trusted.fingerprints().get(0));
    assertCacheHoldsNothing();
  }

  @Test
  void productionKeyRefusesATarballSignedByAThrowawayKey() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    JuliaProvisioner official = JuliaProvisioner.builder(tmp.resolve("cache")).baseUrl(base).platform(LINUX_X64).build();

    assertThatThrownBy(() -> official.provision(Version.parse("1.10.5"), listener))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining(ReleaseKeys.JULIA_FINGERPRINT);
    assertCacheHoldsNothing();
  }

  @Test
  void insecureDownloadUsesAnUnsignedTarballWithAWarningAndMarksTheCacheEntry() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    files.remove(TARBALL + ".asc");

    JuliaInstallation julia = provisioner(true).provision(Version.parse("1.10.5"), listener);

    assertThat(Files.isExecutable(julia.executable())).isTrue();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SiegeEvent.Message.class, m -> {
      assertThat(m.level()).isEqualTo(SiegeEvent.Level.WARNING);
      assertThat(m.text()).contains("has no signature").contains("{option:INSECURE_DOWNLOAD}");
    }));
    assertThat(tmp.resolve("cache/1.10.5.unverified")).isRegularFile();
    assertThat(provisioner(true).cached(Version.parse("1.10.5"))).isPresent();
  }

  @Test
  void secureProvisionerNeverUsesAnUnverifiedCacheEntryButVerifiesAndReplacesIt() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    byte[] signature = files.remove(TARBALL + ".asc");
    provisioner(true).provision(Version.parse("1.10.5"), listener);
    Files.writeString(tmp.resolve("cache/1.10.5/unverified-leftover"), "x");

    assertThat(provisioner().cached(Version.parse("1.10.5"))).isEmpty();
    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .hasMessageContaining("has no signature");
    assertThat(tmp.resolve("cache/1.10.5.unverified")).isRegularFile();

    files.put(TARBALL + ".asc", signature);
    JuliaInstallation julia = provisioner().provision(Version.parse("1.10.5"), listener);

    assertThat(Files.isExecutable(julia.executable())).isTrue();
    assertThat(tmp.resolve("cache/1.10.5.unverified")).doesNotExist();
    assertThat(tmp.resolve("cache/1.10.5/unverified-leftover")).doesNotExist();
    try (var entries = Files.list(tmp.resolve("cache"))) {
      assertThat(entries).containsExactly(tmp.resolve("cache/1.10.5"));
    }
  }

  @Test
  void defaultCacheDirectoryFollowsXdgThenHome() {
    assertThat(JuliaProvisioner.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")))
        .isEqualTo(Path.of("/x/cache/siege/julia"));
    assertThat(JuliaProvisioner.defaultCacheDir(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/siege/julia"));
  }

  @Test
  void defaultIndexIsTheOfficialOne() {
    assertThat(JuliaProvisioner.builder(tmp).build().indexUri())
        .isEqualTo(URI.create("https://julialang-s3.julialang.org/bin/versions.json"));
  }
}
