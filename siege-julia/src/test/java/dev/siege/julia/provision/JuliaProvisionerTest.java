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
import org.junit.jupiter.api.Nested;
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

  /** Lists the host's tarball at {@code url} instead of the official address. */
  private void listHostTarballAt(String url) {
    String json = new String(files.get("/bin/versions.json"), StandardCharsets.UTF_8);
    files.put("/bin/versions.json", json.replace(JuliaProvisioner.OFFICIAL_BASE + "linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", url)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBaseWithCredentialsIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> JuliaProvisioner.builder(tmp).baseUrl(URI.create("http://alice:s3cret@127.0.0.1/bin/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials in the download base are not supported")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> JuliaProvisioner.builder(tmp).baseUrl(URI.create("file:///srv/julia/bin/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an http:// or https:// URL");
  }

  @Test
  void aPasswordInAnIndexUrlIsNeverShownForTheHostsJulia() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    listHostTarballAt("http://alice:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/bin/missing.tar.gz");

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawDescribe())
            .contains("http://127.0.0.1:" + server.getAddress().getPort() + "/bin/missing.tar.gz").doesNotContain("s3cret"));
    assertThat(events.toString()).doesNotContain("s3cret");
  }

  @Test
  void aFileUrlInTheIndexIsRefusedForTheHostsJuliaWithoutAnInternalError() throws Exception {
    byte[] tarball = TestTarball.fakeJulia("1.10.5");
    publish("1.10.5", tarball, sha256(tarball), false);
    listHostTarballAt("file:///etc/passwd");

    assertThatThrownBy(() -> provisioner().provision(Version.parse("1.10.5"), listener))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains("file:///etc/passwd").contains("only http:// and https:// addresses are downloaded"));
    assertCacheHoldsNothing();
  }

  @Test
  void theTransferTurnsAnAddressItCannotFetchIntoASiegeException() {
    HttpTransfer transfer = new HttpTransfer(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(1));

    assertThatThrownBy(() -> transfer.get(URI.create("ftp://alice:s3cret@example.org/x"), "a file"))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains("only http:// and https:// addresses").contains("ftp://example.org/x").doesNotContain("s3cret"));
  }

  /**
   * An official Julia for another platform than this machine's: downloaded, checked, unpacked,
   * never run. The index entries have the shape JuliaLang/VersionsJSONUtil.jl writes.
   */
  @Nested
  class ForAnotherPlatform {

    private final HostPlatform aarch64Linux = HostPlatform.fromTriplet("aarch64-linux-gnu");
    private final HostPlatform windows = HostPlatform.fromTriplet("x86_64-w64-mingw32");
    private final HostPlatform appleSilicon = HostPlatform.fromTriplet("aarch64-apple-darwin");
    private final Version v = Version.parse("1.10.5");
    private final List<Map<String, Object>> entries = new ArrayList<>();

    /** Serves {@code body} at {@code /bin/<path>} and lists it in the index ({@code asc} inline if asked). */
    private Map<String, Object> offer(String triplet, String os, String arch, String ext, String path, byte[] body,
        boolean inlineAsc) throws Exception {
      files.put("/bin/" + path, body);
      Map<String, Object> f = new java.util.LinkedHashMap<>();
      f.put("triplet", triplet);
      f.put("os", os);
      f.put("arch", arch);
      f.put("kind", ext.equals("exe") ? "installer" : "archive");
      f.put("extension", ext);
      f.put("url", JuliaProvisioner.OFFICIAL_BASE + path);
      f.put("sha256", sha256(body));
      f.put("size", body.length);
      f.put("version", "1.10.5");
      if (inlineAsc) {
        f.put("asc", new String(release.sign(body), StandardCharsets.UTF_8));
      }
      entries.add(f);
      writeIndex();
      return f;
    }

    private void writeIndex() throws Exception {
      Map<String, Object> index = Map.of("1.10.5", Map.of("stable", true, "files", entries));
      files.put("/bin/versions.json", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(index));
    }

    private Map<String, Object> offerAarch64Linux() throws Exception {
      return offer("aarch64-linux-gnu", "linux", "aarch64", "tar.gz", "linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz",
          TestTarball.fakeJulia("1.10.5"), true);
    }

    private void assertCacheHoldsNoFile() throws Exception {
      Path cache = tmp.resolve("cache");
      if (Files.exists(cache)) {
        try (var all = Files.walk(cache)) {
          assertThat(all.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)))
              .as("files left in the cache").isEmpty();
        }
        try (var all = Files.walk(cache)) {
          assertThat(all.map(p -> p.getFileName().toString())).as("entries left in the cache").doesNotContain("1.10.5");
        }
      }
    }

    @Test
    void aarch64LinuxTarballIsVerifiedWithTheIndexSignatureAndUnpackedKeepingLinksAndModes() throws Exception {
      offerAarch64Linux();

      JuliaTree tree = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(tree.root()).isEqualTo(tmp.resolve("cache/aarch64-linux-gnu/1.10.5/julia"));
      assertThat(tree.root().resolve("bin/julia")).isExecutable();
      assertThat(Files.isSymbolicLink(tree.root().resolve("lib/libjulia.so"))).isTrue();
      assertThat(tree.signature()).isEqualTo(JuliaTree.Signature.VERIFIED);
      assertThat(tree.platform()).isEqualTo(aarch64Linux);
      assertThat(tree.url().toString()).endsWith("julia-1.10.5-linux-aarch64.tar.gz");
      assertThat(events).contains(new SiegeEvent.Progress("download Julia 1.10.5 for aarch64-linux-gnu",
          files.get("/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz").length,
          files.get("/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz").length, SiegeEvent.Unit.BYTES));
      try (var platformDir = Files.list(tmp.resolve("cache/aarch64-linux-gnu"))) {
        assertThat(platformDir).containsExactly(tmp.resolve("cache/aarch64-linux-gnu/1.10.5")); // no temporary left
      }
    }

    @Test
    void windowsZipIsUnpackedToTheTreeInsideItsTopDirectoryCheckedByChecksumOnly() throws Exception {
      offer("x86_64-w64-mingw32", "winnt", "x86_64", "exe", "winnt/x64/1.10/julia-1.10.5-win64.exe", new byte[] {1}, false);
      offer("x86_64-w64-mingw32", "winnt", "x86_64", "zip", "winnt/x64/1.10/julia-1.10.5-win64.zip",
          dev.siege.julia.testing.TestZip.fakeWindowsJulia("1.10.5"), false);

      JuliaTree tree = provisioner().provisionFor(windows, v, listener);

      assertThat(tree.root()).isEqualTo(tmp.resolve("cache/x86_64-w64-mingw32/1.10.5/julia"));
      assertThat(tree.root().resolve("bin/julia.exe")).hasContent("MZ fake julia 1.10.5");
      assertThat(tree.root().resolve("share/julia/base.jl")).isRegularFile();
      assertThat(tree.signature()).isEqualTo(JuliaTree.Signature.NOT_PUBLISHED);
      assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SiegeEvent.Message.class, m -> {
        assertThat(m.level()).isEqualTo(SiegeEvent.Level.WARNING);
        assertThat(m.text()).contains("no signature").contains("sha256");
      }));
    }

    @Test
    void windowsTakesTheSignedTarballWhenTheIndexHasBoth() throws Exception {
      byte[] tarball = new TestTarball().dir("julia-1.10.5/", 0755).dir("julia-1.10.5/bin/", 0755)
          .file("julia-1.10.5/bin/julia.exe", 0755, "MZ from the tarball").bytes();
      offer("x86_64-w64-mingw32", "winnt", "x86_64", "zip", "winnt/x64/1.10/julia-1.10.5-win64.zip",
          dev.siege.julia.testing.TestZip.fakeWindowsJulia("1.10.5"), false);
      offer("x86_64-w64-mingw32", "winnt", "x86_64", "tar.gz", "winnt/x64/1.10/julia-1.10.5-win64.tar.gz", tarball, true);

      JuliaTree tree = provisioner().provisionFor(windows, v, listener);

      assertThat(tree.root().resolve("bin/julia.exe")).hasContent("MZ from the tarball");
      assertThat(tree.signature()).isEqualTo(JuliaTree.Signature.VERIFIED);
    }

    @Test
    void appleSiliconTarballIsFoundUnderTheIndexTripletWithAnOsVersionAndSignedBesideIt() throws Exception {
      offer("aarch64-apple-darwin14", "mac", "aarch64", "dmg", "mac/aarch64/1.10/julia-1.10.5-macaarch64.dmg", new byte[] {1}, false);
      byte[] tarball = TestTarball.fakeJulia("1.10.5");
      offer("aarch64-apple-darwin14", "mac", "aarch64", "tar.gz", "mac/aarch64/1.10/julia-1.10.5-macaarch64.tar.gz", tarball, false);
      files.put("/bin/mac/aarch64/1.10/julia-1.10.5-macaarch64.tar.gz.asc", release.sign(tarball));

      JuliaTree tree = provisioner().provisionFor(appleSilicon, v, listener);

      assertThat(tree.root()).isEqualTo(tmp.resolve("cache/aarch64-apple-darwin/1.10.5/julia"));
      assertThat(tree.root().resolve("bin/julia")).isExecutable();
      assertThat(tree.signature()).isEqualTo(JuliaTree.Signature.VERIFIED);
    }

    @Test
    void aTripletTheVersionHasNoArchiveForListsTheOnesItHas() throws Exception {
      offer("x86_64-linux-gnu", "linux", "x86_64", "tar.gz", "linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz",
          TestTarball.fakeJulia("1.10.5"), true);
      offer("aarch64-apple-darwin14", "mac", "aarch64", "tar.gz", "mac/aarch64/1.10/julia-1.10.5-macaarch64.tar.gz",
          TestTarball.fakeJulia("1.10.5"), true);

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.rawMessage()).contains("Julia 1.10.5 has no official archive for aarch64-linux-gnu")
                .contains("it has one for aarch64-apple-darwin14, x86_64-linux-gnu");
            assertThat(e.rawHint()).get().asString().contains("{option:JULIA_VERSION}").contains("{option:INCLUDE_JULIA}");
          });
      assertCacheHoldsNoFile();
    }

    @Test
    void aVersionNotInTheIndexIsNamed() throws Exception {
      offerAarch64Linux();

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, Version.parse("1.99.0"), listener))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("Julia 1.99.0 is not in the versions index");
      assertCacheHoldsNoFile();
    }

    @Test
    void aChecksumMismatchLeavesNothingInTheCache() throws Exception {
      offerAarch64Linux().put("sha256", "ab".repeat(32));
      writeIndex();

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.rawMessage()).contains("checksum mismatch for Julia 1.10.5 for aarch64-linux-gnu").contains("ab".repeat(32));
            assertThat(e.rawHint()).get().asString().contains("{option:JULIA_DOWNLOAD_BASE}");
          });
      assertCacheHoldsNoFile();
    }

    @Test
    void aBadSignatureInTheIndexIsRefused() throws Exception {
      offerAarch64Linux().put("asc", new String(release.sign("another file".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
      writeIndex();

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("has a bad signature (the versions index's \"asc\")")
          .hasMessageContaining("refused");
      assertCacheHoldsNoFile();
    }

    @Test
    void aTarballWithoutAnySignatureIsRefused() throws Exception {
      offerAarch64Linux().remove("asc");
      writeIndex();

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("has no signature")
          .hasMessageContaining("julia-1.10.5-linux-aarch64.tar.gz.asc answered HTTP 404");
      assertCacheHoldsNoFile();
    }

    @Test
    void aZipWithAnEntryEscapingTheTreeIsRefusedAndWritesNothingOutside() throws Exception {
      byte[] evil = new dev.siege.julia.testing.TestZip().dir("julia-1.10.5/").file("julia-1.10.5/bin/julia.exe", "MZ")
          .file("../evil", "pwned").bytes();
      offer("x86_64-w64-mingw32", "winnt", "x86_64", "zip", "winnt/x64/1.10/julia-1.10.5-win64.zip", evil, false);

      assertThatThrownBy(() -> provisioner().provisionFor(windows, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.rawMessage()).contains("is refused").contains("../evil").contains("nothing was put into the cache");
            assertThat(e.rawHint()).get().asString().contains("{option:JULIA_DOWNLOAD_BASE}");
          });
      assertCacheHoldsNoFile();
      try (var all = Files.walk(tmp)) {
        assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("evil");
      }
    }

    @Test
    void aTruncatedBodyLeavesNothingInTheCache() throws Exception {
      offerAarch64Linux();
      String path = "/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz";
      truncated.put(path, files.get(path).length / 2);

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("Julia 1.10.5 for aarch64-linux-gnu");
      assertCacheHoldsNoFile();
    }

    @Test
    void aServerSendingMoreBytesThanTheIndexSaysIsCutOffThere() throws Exception {
      offerAarch64Linux();
      String path = "/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz";
      byte[] body = files.get(path);
      files.put(path, java.util.Arrays.copyOf(body, body.length + 100));

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("the server sent more than the " + body.length + " bytes announced");
      assertCacheHoldsNoFile();
    }

    @Test
    void aSecondCallUsesTheCacheWithoutTheNetwork() throws Exception {
      offerAarch64Linux();
      JuliaTree first = provisioner().provisionFor(aarch64Linux, v, listener);
      int after = requests.get();

      JuliaTree again = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(requests.get()).isEqualTo(after);
      assertThat(again).isEqualTo(first);
      assertThat(provisioner().cachedFor(aarch64Linux, v)).contains(first);
    }

    @Test
    void theHostsJuliaAndATargetsNeverStandInForEachOther() throws Exception {
      byte[] host = TestTarball.fakeJulia("1.10.5");
      offer("x86_64-linux-gnu", "linux", "x86_64", "tar.gz", "linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", host, true);
      files.put(TARBALL + ".asc", release.sign(host));
      offerAarch64Linux();

      JuliaTree target = provisioner().provisionFor(aarch64Linux, v, listener);
      assertThat(provisioner().cached(v)).as("the host's cache after a target download").isEmpty();

      JuliaInstallation hostJulia = provisioner().provision(v, listener);
      assertThat(hostJulia.executable()).isEqualTo(tmp.resolve("cache/1.10.5/bin/julia"));
      assertThat(target.root()).isEqualTo(tmp.resolve("cache/aarch64-linux-gnu/1.10.5/julia"));
      assertThat(provisioner().cachedFor(HostPlatform.fromTriplet("x86_64-linux-gnu"), v))
          .as("the host's download is not a target's").isEmpty();
      assertThat(provisioner().cachedFor(HostPlatform.fromTriplet("aarch64-linux-musl"), v)).isEmpty();
    }

    @Test
    void aHalfWrittenEntryIsNeverUsedButReplaced() throws Exception {
      offerAarch64Linux();
      Path entry = tmp.resolve("cache/aarch64-linux-gnu/1.10.5");
      Files.createDirectories(entry.resolve("julia/bin"));
      Files.writeString(entry.resolve("julia/bin/julia"), "half");

      assertThat(provisioner().cachedFor(aarch64Linux, v)).isEmpty();
      JuliaTree tree = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(tree.root().resolve("bin/julia")).content().contains("julia version 1.10.5");
      assertThat(entry.resolve("download.properties")).isRegularFile();
    }

    @Test
    void anUnverifiedDownloadServesOnlyInsecureProvisionersAndIsReplacedOnceVerified() throws Exception {
      Map<String, Object> f = offerAarch64Linux();
      Object goodSignature = f.remove("asc");
      writeIndex();

      JuliaTree unverified = provisioner(true).provisionFor(aarch64Linux, v, listener);
      assertThat(unverified.signature()).isEqualTo(JuliaTree.Signature.UNVERIFIED);
      assertThat(provisioner().cachedFor(aarch64Linux, v)).isEmpty();

      f.put("asc", goodSignature);
      writeIndex();
      JuliaTree verified = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(verified.signature()).isEqualTo(JuliaTree.Signature.VERIFIED);
      assertThat(provisioner(true).cachedFor(aarch64Linux, v)).contains(verified);
    }

    /** The aarch64 archive listed at {@code url} instead of the official address. */
    private void listAarch64At(String url) throws Exception {
      Map<String, Object> f = offerAarch64Linux();
      f.put("url", url);
      writeIndex();
    }

    @Test
    void aPasswordInAnIndexUrlIsNeitherRecordedNorShown() throws Exception {
      int port = server.getAddress().getPort();
      listAarch64At("http://alice:s3cret@127.0.0.1:" + port + "/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz");

      JuliaTree tree = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(tree.url().toString()).isEqualTo("http://127.0.0.1:" + port + "/bin/linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz");
      assertThat(tmp.resolve("cache/aarch64-linux-gnu/1.10.5/download.properties")).content().doesNotContain("s3cret");
      assertThat(events.toString()).doesNotContain("s3cret");
      assertThat(provisioner().cachedFor(aarch64Linux, v).orElseThrow().url()).isEqualTo(tree.url());
    }

    @Test
    void aFailedDownloadFromAUrlWithAPasswordDoesNotShowIt() throws Exception {
      listAarch64At("http://alice:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/bin/nothing-here.tar.gz");

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawDescribe())
              .contains("HTTP 404").contains("/bin/nothing-here.tar.gz").doesNotContain("s3cret").doesNotContain("alice"));
    }

    @Test
    void anIndexEntryPointingAtALocalFileIsRefusedClearly() throws Exception {
      listAarch64At("file:///etc/passwd");

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
              .contains("file:///etc/passwd").contains("only http:// and https:// addresses are downloaded"));
      assertCacheHoldsNoFile();
    }

    @Test
    void theArchiveThePlanShowsIsTheMirrorsAddress() throws Exception {
      offerAarch64Linux();

      JuliaDownload d = provisioner().archiveFor(aarch64Linux, v);

      assertThat(d.url()).isEqualTo(base.resolve("linux/aarch64/1.10/julia-1.10.5-linux-aarch64.tar.gz"));
    }

    @Test
    void aHugeDeclaredSizeIsRefusedBeforeAnyByteIsDownloaded() throws Exception {
      Map<String, Object> f = offerAarch64Linux();
      f.put("size", 10_000_000_000_000L);
      writeIndex();
      int before = requests.get();

      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.rawMessage()).contains("10000000000000 bytes").contains("4 GiB").contains("not downloaded");
            assertThat(e.rawHint()).hasValueSatisfying(h -> assertThat(h).contains("versions index looks wrong"));
          });
      assertThat(requests.get() - before).as("only the index was read").isEqualTo(1);
      assertCacheHoldsNoFile();
    }

    @Test
    void aSizeAboveTheCachesFreeSpaceIsRefused() {
      URI url = URI.create("http://alice:s3cret@127.0.0.1/bin/julia.tar.gz");

      assertThatThrownBy(() -> JuliaProvisioner.checkSize(200_000_000, 100_000_000, "Julia 1.10.5", url, tmp))
          .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
              .contains("is said to be 200000000 bytes").contains("has only 100000000 bytes free")
              .doesNotContain("s3cret"));
    }

    @Test
    void aFileChangedInTheCachedTreeIsNotUsedButUnpackedAgainWithAWarning() throws Exception {
      offerAarch64Linux();
      JuliaTree first = provisioner().provisionFor(aarch64Linux, v, listener);
      Path julia = first.root().resolve("bin/julia");
      String official = Files.readString(julia);
      Files.writeString(julia, "#!/bin/sh\necho pwned\n");

      assertThat(provisioner().cachedFor(aarch64Linux, v)).isEmpty();
      assertThat(provisioner().cacheStateFor(aarch64Linux, v)).isEqualTo(JuliaProvisioner.CacheState.CHANGED);
      // What a plan looks at: the record only (the build's step reads the files, as above).
      assertThat(provisioner().recordedFor(aarch64Linux, v)).hasValueSatisfying(t -> assertThat(t.sha256()).isEqualTo(first.sha256()));
      JuliaTree again = provisioner().provisionFor(aarch64Linux, v, listener);

      assertThat(again.root().resolve("bin/julia")).hasContent(official);
      assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SiegeEvent.Message.class, m -> {
        assertThat(m.level()).isEqualTo(SiegeEvent.Level.WARNING);
        assertThat(m.text()).contains("changed since it was unpacked").contains("downloading it again");
      }));
      assertThat(provisioner().cacheStateFor(aarch64Linux, v)).isEqualTo(JuliaProvisioner.CacheState.USABLE);
    }

    @Test
    void aFileAddedToTheCachedTreeMakesItUnusable() throws Exception {
      offerAarch64Linux();
      JuliaTree first = provisioner().provisionFor(aarch64Linux, v, listener);
      Files.writeString(first.root().resolve("lib/libevil.so"), "evil");

      assertThat(provisioner().cachedFor(aarch64Linux, v)).isEmpty();
      JuliaTree again = provisioner().provisionFor(aarch64Linux, v, listener);
      assertThat(again.root().resolve("lib/libevil.so")).doesNotExist();
    }

    @Test
    void anEntryWithoutATreeDigestIsIncompleteAndReplaced() throws Exception {
      offerAarch64Linux();
      JuliaTree first = provisioner().provisionFor(aarch64Linux, v, listener);
      Path record = tmp.resolve("cache/aarch64-linux-gnu/1.10.5/download.properties");
      Files.write(record, Files.readAllLines(record).stream().filter(l -> !l.startsWith("tree_sha256")).toList());

      assertThat(provisioner().cacheStateFor(aarch64Linux, v)).isEqualTo(JuliaProvisioner.CacheState.INCOMPLETE);
      assertThat(provisioner().provisionFor(aarch64Linux, v, listener)).isEqualTo(first);
      assertThat(record).content().contains("tree_sha256=");
    }

    @Test
    void offlineWithAnUnverifiedCachedCopyTheErrorNamesItAndTheOptionThatUsesIt() throws Exception {
      Map<String, Object> f = offerAarch64Linux();
      f.remove("asc");
      writeIndex();
      provisioner(true).provisionFor(aarch64Linux, v, listener);
      files.remove("/bin/versions.json"); // the mirror is gone

      assertThat(provisioner().cacheStateFor(aarch64Linux, v)).isEqualTo(JuliaProvisioner.CacheState.UNVERIFIED);
      assertThatThrownBy(() -> provisioner().provisionFor(aarch64Linux, v, listener))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.rawMessage()).contains("HTTP 404")
                .contains("SIEGE's cache holds a copy (" + tmp.resolve("cache/aarch64-linux-gnu/1.10.5") + ")")
                .contains("without a valid signature");
            assertThat(e.rawHint()).hasValueSatisfying(h -> assertThat(h).startsWith("to use that unverified copy, add {option:INSECURE_DOWNLOAD}"));
          });
    }
  }
}
