package dev.siege.julia.install;

import java.nio.file.Path;
import java.util.Map;

/**
 * SIEGE's per-user cache root: {@code $SIEGE_CACHE}, else {@code $XDG_CACHE_HOME/siege}, else
 * {@code ~/.cache/siege}.
 */
public final class UserCache {

  private UserCache() {}

  /** The root, from {@code env} ({@code SIEGE_CACHE}, {@code XDG_CACHE_HOME}, {@code HOME}). */
  public static Path root(Map<String, String> env) {
    String explicit = env.get("SIEGE_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "siege");
    }
    String home = env.get("HOME");
    return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".cache", "siege");
  }
}
