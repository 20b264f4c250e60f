package dev.siege.core.plan;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How the smoke test is kept off the network, so that a bundle that would download on the secure
 * machine fails on the build server instead. {@code JULIA_PKG_OFFLINE} is not enough: it limits
 * Pkg's resolver and registry updates, but artifact downloads, Scratch.jl, Conda, DataDeps and
 * plain HTTP in a package's {@code __init__} still reach the network (JULIA-FACTS §5, §6, §8
 * "Offline is not network-free").
 *
 * <ul>
 *   <li>{@link Kind#NAMESPACE}: the launcher runs under {@code unshare --net} (as root) or {@code
 *       unshare --net --map-root-user} (as another user, where the kernel allows user
 *       namespaces): a network namespace whose only interface is a loopback that is down, so
 *       every connection fails, whatever the client.
 *   <li>{@link Kind#PROXY}: where no namespace can be made, every proxy variable points at a
 *       closed port on 127.0.0.1 and {@code no_proxy} is removed. Clients that honour the
 *       variables fail at once (Pkg downloads through Downloads.jl, which sets no proxy of its
 *       own, so libcurl reads them: JuliaLang/Downloads.jl {@code src/Curl/Easy.jl}); a package
 *       that opens sockets itself is not stopped.
 * </ul>
 *
 * @param wrapper the command placed before the launcher (empty for {@link Kind#PROXY})
 * @param setEnv variables the smoke test gets on top of the plan's own
 * @param unsetEnv variables removed from the smoke test's environment
 */
public record NetworkIsolation(Kind kind, List<String> wrapper, Map<String, String> setEnv, List<String> unsetEnv) {

  /** The isolation a smoke test gets; {@link #id()} is what the plan and the metadata record. */
  public enum Kind {
    NAMESPACE("network-namespace"),
    PROXY("proxy-variables");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * A system property that forces the fallback: {@code proxy} plans the smoke test with proxy
   * variables even where a network namespace works (tests of the fallback; a machine where
   * {@code unshare} is unwanted). Anything else, or unset, probes the machine.
   */
  public static final String FORCE_PROPERTY = "siege.smoke.isolation";

  /** The variables HTTP clients read for a proxy (libcurl: lower-case {@code http_proxy} only). */
  static final List<String> PROXY_VARIABLES =
      List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");

  /** Exceptions to the proxy variables: removed, so that no host bypasses the closed proxy. */
  static final List<String> NO_PROXY_VARIABLES = List.of("no_proxy", "NO_PROXY");

  /** Ports usually closed on a loopback (discard, tcpmux, echo); the first refused is used. */
  private static final List<Integer> CLOSED_PORT_CANDIDATES = List.of(9, 1, 7);

  private static final List<String> UNSHARE = List.of("/usr/bin/unshare", "/bin/unshare", "/usr/sbin/unshare");
  private static final List<String> TRUE = List.of("/bin/true", "/usr/bin/true");

  public NetworkIsolation {
    Objects.requireNonNull(kind, "kind");
    wrapper = List.copyOf(wrapper);
    setEnv = Map.copyOf(setEnv);
    unsetEnv = List.copyOf(unsetEnv);
    if ((kind == Kind.NAMESPACE) == wrapper.isEmpty()) {
      throw new IllegalArgumentException("a network namespace needs a wrapper, and only it has one");
    }
  }

  /** Isolation by {@code unshareCommand} (e.g. {@code /usr/bin/unshare --net --}). */
  public static NetworkIsolation namespace(List<String> unshareCommand) {
    return new NetworkIsolation(Kind.NAMESPACE, unshareCommand, Map.of(), List.of());
  }

  /** The fallback: every proxy variable points at {@code http://127.0.0.1:<port>}. */
  public static NetworkIsolation proxy(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + port);
    }
    Map<String, String> set = new LinkedHashMap<>();
    for (String v : PROXY_VARIABLES) {
      set.put(v, "http://127.0.0.1:" + port);
    }
    return new NetworkIsolation(Kind.PROXY, List.of(), set, NO_PROXY_VARIABLES);
  }

  /**
   * The best isolation this machine allows, probed once per process (a short {@code unshare}
   * run), unless {@link #FORCE_PROPERTY} asks for the fallback.
   */
  public static NetworkIsolation forThisMachine() {
    if ("proxy".equals(System.getProperty(FORCE_PROPERTY, "").strip().toLowerCase(Locale.ROOT))) {
      return Probed.FALLBACK;
    }
    return Probed.BEST;
  }

  private static final class Probed {
    static final NetworkIsolation FALLBACK = proxy(closedPort());
    static final NetworkIsolation BEST = probe();

    private static NetworkIsolation probe() {
      String unshare = first(UNSHARE);
      String yes = first(TRUE);
      if (unshare != null && yes != null) {
        // As root a namespace of its own is enough; other users need a user namespace first.
        for (List<String> options : List.of(List.of("--net"), List.of("--net", "--map-root-user"))) {
          List<String> wrapper = new ArrayList<>();
          wrapper.add(unshare);
          wrapper.addAll(options);
          wrapper.add("--");
          List<String> command = new ArrayList<>(wrapper);
          command.add(yes);
          if (succeeds(command)) {
            return namespace(wrapper);
          }
        }
      }
      return FALLBACK;
    }
  }

  /** Whether {@code command} exits 0 within a few seconds. */
  static boolean succeeds(List<String> command) {
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The first candidate port nothing listens on at 127.0.0.1 (the first candidate if all answer). */
  static int closedPort() {
    for (int port : CLOSED_PORT_CANDIDATES) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      } catch (IOException refused) {
        return port;
      }
    }
    return CLOSED_PORT_CANDIDATES.get(0);
  }

  private static String first(List<String> candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return c;
      }
    }
    return null;
  }
}
