package dev.siege.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP client in a fake package's {@code __init__}: it reads the proxy variables as libcurl
 * does (Downloads.jl, and so Pkg, is built on libcurl and sets no {@code CURLOPT_PROXY}, so
 * libcurl takes the proxy from the environment: JuliaLang/Downloads.jl {@code src/Curl/Easy.jl}
 * {@code set_defaults}) and then
 * opens a real TCP connection to the proxy or the server, so a proxy on a closed port, or a
 * network namespace without interfaces, makes the request fail for real. Nothing is sent: a
 * connection is success enough for a fake.
 *
 * <p>libcurl's variables: {@code http_proxy} (lower case only) for {@code http://}, {@code
 * https_proxy} or {@code HTTPS_PROXY} for {@code https://}, else {@code all_proxy} or {@code
 * ALL_PROXY}; a host matched by {@code no_proxy}/{@code NO_PROXY} ({@code *}, the host, or a
 * domain suffix) goes direct. A proxy without a port uses 1080, as libcurl does.
 */
final class FakeNetwork {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private FakeNetwork() {}

  /** Whether {@code wrapper} starts a process in a new network namespace ({@code unshare --net}). */
  static boolean isNamespace(List<String> wrapper) {
    if (wrapper.isEmpty() || !String.valueOf(Path.of(wrapper.get(0)).getFileName()).equals("unshare")) {
      return false;
    }
    for (String a : wrapper) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--net") || a.equals("-n") || a.startsWith("--net=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Requests {@code url} with the process environment {@code env}.
   *
   * @param inNamespace an in-process stand-in for a process in a network namespace: the loopback
   *     is down there and no name resolves, so every connection fails at once
   * @return empty on success, else libcurl's error text
   */
  static Optional<String> request(URI url, Map<String, String> env, boolean inNamespace) {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
    String host = url.getHost();
    if (host == null) {
      return Optional.of("URL using bad/illegal format or missing URL");
    }
    int port = url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    Optional<URI> proxy = noProxy(host, env) ? Optional.empty() : proxyFor(scheme, env);
    String targetHost = proxy.map(URI::getHost).orElse(host);
    int targetPort = proxy.map(p -> p.getPort() > 0 ? p.getPort() : 1080).orElse(port);
    if (targetHost == null) {
      return Optional.of("Unsupported proxy syntax in '" + proxy.get() + "'");
    }
    long started = System.nanoTime();
    if (inNamespace) {
      return Optional.of(isAddress(targetHost)
          ? "Failed to connect to " + targetHost + " port " + targetPort + " after 0 ms: Network is unreachable"
          : "Could not resolve " + (proxy.isPresent() ? "proxy: " : "host: ") + targetHost);
    }
    InetSocketAddress address = new InetSocketAddress(targetHost, targetPort);
    if (address.isUnresolved()) {
      return Optional.of("Could not resolve " + (proxy.isPresent() ? "proxy: " : "host: ") + targetHost);
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      return Optional.empty();
    } catch (IOException e) {
      long ms = (System.nanoTime() - started) / 1_000_000;
      String reason = String.valueOf(e.getMessage()).replace(" (connect failed)", "");
      return Optional.of("Failed to connect to " + targetHost + " port " + targetPort + " after " + ms + " ms: " + reason);
    }
  }

  private static Optional<URI> proxyFor(String scheme, Map<String, String> env) {
    String value = switch (scheme) {
      case "http" -> first(env, "http_proxy"); // libcurl ignores HTTP_PROXY (CGI's "httpoxy")
      case "https" -> first(env, "https_proxy", "HTTPS_PROXY");
      default -> null;
    };
    if (value == null) {
      value = first(env, "all_proxy", "ALL_PROXY");
    }
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(URI.create(value.contains("://") ? value : "http://" + value));
  }

  private static boolean noProxy(String host, Map<String, String> env) {
    String list = first(env, "no_proxy", "NO_PROXY");
    if (list == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String raw : list.split(",")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.startsWith(".")) {
        entry = entry.substring(1);
      }
      if (entry.equals("*") || (!entry.isEmpty() && (h.equals(entry) || h.endsWith("." + entry)))) {
        return true;
      }
    }
    return false;
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
