package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkIsolationTest {

  @Test
  void theFallbackPointsEveryProxyVariableAtTheClosedPortAndClearsNoProxy() {
    NetworkIsolation proxy = NetworkIsolation.proxy(9);

    assertThat(proxy.kind()).isEqualTo(NetworkIsolation.Kind.PROXY);
    assertThat(proxy.wrapper()).isEmpty();
    assertThat(proxy.setEnv()).containsOnlyKeys("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
        "ALL_PROXY");
    assertThat(proxy.setEnv().values()).containsOnly("http://127.0.0.1:9");
    assertThat(proxy.unsetEnv()).containsExactly("no_proxy", "NO_PROXY");
  }

  @Test
  void aNamespaceIsAWrapperAndNothingElse() {
    NetworkIsolation ns = NetworkIsolation.namespace(List.of("/usr/bin/unshare", "--net", "--"));

    assertThat(ns.kind().id()).isEqualTo("network-namespace");
    assertThat(ns.setEnv()).isEmpty();
    assertThat(ns.unsetEnv()).isEmpty();
    assertThatThrownBy(() -> NetworkIsolation.namespace(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkIsolation.proxy(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisMachinesIsolationIsANamespaceExactlyWhenUnshareCanMakeOne() {
    List<String> unshare = List.of("/usr/bin/unshare", "/bin/unshare", "/usr/sbin/unshare").stream()
        .filter(p -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(p))).toList();
    boolean works = false;
    for (String u : unshare) {
      works |= NetworkIsolation.succeeds(List.of(u, "--net", "--", "true"))
          || NetworkIsolation.succeeds(List.of(u, "--net", "--map-root-user", "--", "true"));
    }

    NetworkIsolation isolation = NetworkIsolation.forThisMachine();

    assertThat(isolation.kind()).isEqualTo(works ? NetworkIsolation.Kind.NAMESPACE : NetworkIsolation.Kind.PROXY);
    assertThat(NetworkIsolation.forThisMachine()).as("probed once per process").isSameAs(isolation);
    if (works) {
      List<String> command = new ArrayList<>(isolation.wrapper());
      command.add("true");
      assertThat(NetworkIsolation.succeeds(command)).as("%s", command).isTrue();
      assertThat(isolation.wrapper()).endsWith("--").contains("--net");
    }
  }

  @Test
  void thePropertyForcesTheFallback() {
    System.setProperty(NetworkIsolation.FORCE_PROPERTY, "proxy");
    try {
      assertThat(NetworkIsolation.forThisMachine().kind()).isEqualTo(NetworkIsolation.Kind.PROXY);
    } finally {
      System.clearProperty(NetworkIsolation.FORCE_PROPERTY);
    }
  }

  @Test
  void theFallbacksPortIsOneNothingListensOn() throws IOException {
    int port = NetworkIsolation.closedPort();
    // Binding the port proves nobody holds it; ports below 1024 need root, so only try as root.
    if ("root".equals(System.getProperty("user.name"))) {
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
    assertThat(port).isIn(9, 1, 7);
  }
}
