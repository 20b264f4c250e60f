package dev.siege.core.depot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Where Pkg puts things in a depot (JULIA-FACTS §3): {@code packages/<Name>/<slug>} with slug =
 * {@code Base.version_slug(uuid, git-tree-sha1)}, and {@code artifacts/<git-tree-sha1>}.
 */
public final class DepotPaths {
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
    byte[] sha = HexFormat.of().parseHex(gitTreeSha1);
    if (sha.length != 20) {
      throw new IllegalArgumentException("git-tree-sha1 must be 40 hex digits: " + gitTreeSha1);
    }
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

  /** {@code packages/<name>/<slug>}, relative to a depot, with {@code /} separators. */
  public static String packageDir(String name, UUID uuid, String gitTreeSha1) {
    return "packages/" + name + "/" + versionSlug(uuid, gitTreeSha1, SLUG_LENGTH);
  }

  /** {@code artifacts/<git-tree-sha1>}, relative to a depot. */
  public static String artifactDir(String gitTreeSha1) {
    return "artifacts/" + gitTreeSha1;
  }
}
