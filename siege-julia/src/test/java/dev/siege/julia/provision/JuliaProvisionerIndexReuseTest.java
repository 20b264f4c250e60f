package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versions index a provisioner keeps for {@link JuliaProvisioner#INDEX_REUSE}: only an index
 * that was read is kept, never a failure, and threads sharing the provisioner read it once.
 */
class JuliaProvisionerIndexReuseTest {
  private static final HostPlatform LINUX_X64 = new HostPlatform("linux", "x86_64", "glibc");
  private static final Version V = Version.parse("1.10.5");
  private static final String INDEX = """
      {"1.10.5": {"stable": true, "files": [
        {"triplet": "x86_64-linux-gnu", "os": "linux", "arch": "x86_64", "kind": "archive",
         "extension": "tar.gz", "url": "linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz",
         "sha256": "%s", "size": 1000, "version": "1.10.5"}]}}
      """.formatted("ab".repeat(32));

  @TempDir Path tmp;
  private HttpServer server;
  private URI base;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  /** What the next index requests get, in turn; "ok" (and everything after the list) is the index. */
  private final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger indexRequests = new AtomicInteger();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/bin/versions.json", exchange -> {
      indexRequests.incrementAndGet();
      String answer = answers.poll();
      if ("503".equals(answer)) {
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      byte[] body = ("garbage".equals(answer) ? "{not json" : INDEX).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(executor);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bin/");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  private JuliaProvisioner provisioner() {
    return JuliaProvisioner.builder(tmp.resolve("cache")).baseUrl(base).platform(LINUX_X64).build();
  }

  @Test
  void anIndexThatFailedToDownloadIsAskedForAgainAndOnlyTheReadOneIsKept() throws Exception {
    JuliaProvisioner provisioner = provisioner();
    answers.add("503");

    assertThatThrownBy(() -> provisioner.archiveFor(LINUX_X64, V)).isInstanceOf(SiegeException.class);
    assertThat(provisioner.archiveFor(LINUX_X64, V).sha256()).isEqualTo("ab".repeat(32));
    assertThat(provisioner.archiveFor(LINUX_X64, V).size()).isEqualTo(1000);

    assertThat(indexRequests).hasValue(2);
  }

  @Test
  void anIndexThatCouldNotBeParsedIsNotKept() throws Exception {
    JuliaProvisioner provisioner = provisioner();
    answers.add("garbage");

    assertThatThrownBy(() -> provisioner.archiveFor(LINUX_X64, V)).isInstanceOf(SiegeException.class);
    assertThat(provisioner.archiveFor(LINUX_X64, V).sha256()).isEqualTo("ab".repeat(32));

    assertThat(indexRequests).hasValue(2);
  }

  @Test
  void aVersionTheKeptIndexLacksIsAnErrorEachTimeAndTheIndexIsStillKept() throws Exception {
    JuliaProvisioner provisioner = provisioner();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> provisioner.archiveFor(LINUX_X64, Version.parse("1.10.6")))
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("1.10.6");
    }
    assertThat(provisioner.archiveFor(LINUX_X64, V).size()).isEqualTo(1000);
    assertThat(indexRequests).hasValue(1);
  }

  @Test
  void threadsSharingAProvisionerReadTheIndexOnce() throws Exception {
    JuliaProvisioner provisioner = provisioner();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Object> results = new CopyOnWriteArrayList<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          results.add(provisioner.archiveFor(LINUX_X64, V).sha256());
        } catch (Exception e) {
          results.add(e);
        }
      });
      t.start();
      started.add(t);
    }
    start.countDown();
    for (Thread t : started) {
      t.join();
    }

    assertThat(results).hasSize(threads).allMatch(r -> r.equals("ab".repeat(32)));
    assertThat(indexRequests).hasValue(1);
  }

  @Test
  void twoProvisionersDoNotShareAnIndex() throws Exception {
    provisioner().archiveFor(LINUX_X64, V);
    provisioner().archiveFor(LINUX_X64, V);

    assertThat(indexRequests).hasValue(2);
  }
}
