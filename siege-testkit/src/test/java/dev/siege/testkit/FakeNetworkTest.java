package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake packages' HTTP client reads proxy variables as libcurl does and really connects. */
class FakeNetworkTest {
  ServerSocket server;
  URI url;
  int closed;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/data.bin");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  @Test
  void reachesAServerThatListens() {
    assertThat(FakeNetwork.request(url, Map.of(), false)).isEmpty();
  }

  @Test
  void aProxyOnAClosedPortMakesTheRequestFailAsCurlReportsIt() {
    String proxy = "http://127.0.0.1:" + closed;

    assertThat(FakeNetwork.request(url, Map.of("http_proxy", proxy), false)).hasValueSatisfying(e -> assertThat(e)
        .startsWith("Failed to connect to 127.0.0.1 port " + closed + " after ").endsWith("Connection refused"));
    assertThat(FakeNetwork.request(url, Map.of("all_proxy", proxy), false)).isPresent();
    assertThat(FakeNetwork.request(URI.create("https://127.0.0.1:" + server.getLocalPort()), Map.of("HTTPS_PROXY", proxy),
        false)).isPresent();
  }

  @Test
  void readsOnlyTheVariablesLibcurlReads() {
    String proxy = "http://127.0.0.1:" + closed;

    // libcurl ignores an upper-case HTTP_PROXY (httpoxy); an https proxy does not apply to http.
    assertThat(FakeNetwork.request(url, Map.of("HTTP_PROXY", proxy, "https_proxy", proxy), false)).isEmpty();
  }

  @Test
  void noProxyLetsAHostGoDirect_soTheSmokeTestRemovesIt() {
    String proxy = "http://127.0.0.1:" + closed;

    assertThat(FakeNetwork.request(url, Map.of("http_proxy", proxy, "no_proxy", "localhost,127.0.0.1"), false)).isEmpty();
    assertThat(FakeNetwork.request(url, Map.of("http_proxy", proxy, "NO_PROXY", "*"), false)).isEmpty();
    assertThat(FakeNetwork.request(url, Map.of("http_proxy", proxy, "no_proxy", "example.org"), false)).isPresent();
  }

  @Test
  void inANetworkNamespaceNothingConnectsAndNoNameResolves() {
    assertThat(FakeNetwork.request(url, Map.of(), true)).hasValueSatisfying(e -> assertThat(e)
        .isEqualTo("Failed to connect to 127.0.0.1 port " + server.getLocalPort() + " after 0 ms: Network is unreachable"));
    assertThat(FakeNetwork.request(URI.create("https://example.org/x"), Map.of(), true))
        .hasValue("Could not resolve host: example.org");
  }

  @Test
  void knowsAnUnshareWrapperThatMakesANetworkNamespace() {
    assertThat(FakeNetwork.isNamespace(List.of("/usr/bin/unshare", "--net", "--"))).isTrue();
    assertThat(FakeNetwork.isNamespace(List.of("/usr/bin/unshare", "--net", "--map-root-user", "--"))).isTrue();
    assertThat(FakeNetwork.isNamespace(List.of("/usr/bin/unshare", "--user", "--", "--net"))).isFalse();
    assertThat(FakeNetwork.isNamespace(List.of("/usr/bin/env", "--net"))).isFalse();
    assertThat(FakeNetwork.isNamespace(List.of())).isFalse();
  }
}
