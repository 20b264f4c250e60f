package dev.siege.core.depot;

import dev.siege.core.env.PackageNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Where Pkg puts things in a depot (JULIA-FACTS §3): {@code packages/<Name>/<slug>} with slug =
 * {@code Base.version_slug(uuid, git-tree-sha1)}, and {@code artifacts/<git-tree-sha1>}.
 */
public final class DepotPaths {
  private static final Pattern TREE_HASH = Pattern.compile("[0-9a-fA-F]{40}");
  private static final String SLUG_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** Current slug length; Pkg also looks for the older 4-character slug (§3). */
  public static final int SLUG_LENGTH = 5;

  private DepotPaths() {}

  /**
   * {@code Base.version_slug(uuid, sha1, p)}: CRC-32C of the uuid's 128-bit value in memory
   * (little-endian) followed by the 20 tree-hash bytes, written in base 62, least significant
   * digit first.
   */
  public static String versionSlug(UUID uuid, String gitTreeSha1, int length) {
    if (!TREE_HASH.matcher(gitTreeSha1).matches()) {
      throw new IllegalArgumentException("git-tree-sha1 must be 40 hex digits: " + PackageNames.quote(gitTreeSha1));
    }
    byte[] sha = HexFormat.of().parseHex(gitTreeSha1);
    ByteBuffer value = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    value.putLong(uuid.getLeastSignificantBits()).putLong(uuid.getMostSignificantBits());
    CRC32C crc = new CRC32C();
    crc.update(value.array());
    crc.update(sha);
    long y = crc.getValue();
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(SLUG_CHARS.charAt((int) (y % SLUG_CHARS.length())));
      y /= SLUG_CHARS.length();
    }
    return sb.toString();
  }

  /**
   * {@code packages/<name>/<slug>}, relative to a depot, with {@code /} separators.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid package name ({@link
   *     PackageNames}) or the tree hash is not 40 hex digits
   */
  public static String packageDir(String name, UUID uuid, String gitTreeSha1) {
    return "packages/" + PackageNames.requireValid(name) + "/" + versionSlug(uuid, gitTreeSha1, SLUG_LENGTH);
  }

  /**
   * {@code artifacts/<git-tree-sha1>}, relative to a depot.
   *
   * @throws IllegalArgumentException if the tree hash is not 40 hex digits
   */
  public static String artifactDir(String gitTreeSha1) {
    if (!TREE_HASH.matcher(gitTreeSha1).matches()) {
      throw new IllegalArgumentException("git-tree-sha1 must be 40 hex digits: " + PackageNames.quote(gitTreeSha1));
    }
    return "artifacts/" + gitTreeSha1;
  }

  /**
   * The user's depots, as Julia takes them from {@code JULIA_DEPOT_PATH} (base/initdefs.jl
   * init_depot_path: entries split at ':', an empty one standing for the default
   * {@code ~/.julia}, no variable or an empty one meaning only that), relative entries resolved
   * against {@code workingDir}; the default left out when {@code HOME} is not set.
   */
  public static List<Path> userDepots(Map<String, String> environment, Path workingDir) {
    String home = environment.getOrDefault("HOME", "");
    Path userDepot = home.isEmpty() ? null : workingDir.resolve(home).resolve(".julia");
    List<Path> out = new ArrayList<>();
    String value = environment.get("JULIA_DEPOT_PATH");
    if (value == null || value.isEmpty()) {
      if (userDepot != null) {
        out.add(userDepot);
      }
      return out;
    }
    for (String entry : value.split(":", -1)) {
      if (!entry.isEmpty()) {
        out.add(workingDir.resolve(entry));
      } else if (userDepot != null && !out.contains(userDepot)) {
        out.add(userDepot);
      }
    }
    return out;
  }
}
