package dev.siege.bundle.archive;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The archive formats {@code siege bundle} writes, with their compression level ranges. */
public enum ArchiveFormat {
  /** tar compressed with gzip (pigz-style parallel deflate blocks), readable by {@code tar xzf}. */
  TAR_GZ("tar.gz", 1, 9, 6),
  /** tar compressed with zstd (multi-threaded zstd-jni), readable by {@code tar --zstd -xf}. */
  TAR_ZST("tar.zst", 1, 19, 3);

  private final String extension;
  private final int minLevel;
  private final int maxLevel;
  private final int defaultLevel;

  ArchiveFormat(String extension, int minLevel, int maxLevel, int defaultLevel) {
    this.extension = extension;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
    this.defaultLevel = defaultLevel;
  }

  /** The file name extension without a leading dot, e.g. {@code tar.gz}. */
  public String extension() {
    return extension;
  }

  public int minLevel() {
    return minLevel;
  }

  public int maxLevel() {
    return maxLevel;
  }

  /** 6 for gzip (as gzip's own default), 3 for zstd (as zstd's own default). */
  public int defaultLevel() {
    return defaultLevel;
  }

  /** The format named {@code tar.gz}/{@code tgz} or {@code tar.zst}/{@code tzst} (any case). */
  public static Optional<ArchiveFormat> named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tar.gz", "tgz" -> Optional.of(TAR_GZ);
      case "tar.zst", "tzst" -> Optional.of(TAR_ZST);
      default -> Optional.empty();
    };
  }

  /** The format a file name's extension implies ({@code x.tar.gz}, {@code x.tgz}, {@code x.tar.zst}, ...). */
  public static Optional<ArchiveFormat> forFileName(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
      return Optional.of(TAR_GZ);
    }
    if (lower.endsWith(".tar.zst") || lower.endsWith(".tzst")) {
      return Optional.of(TAR_ZST);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return extension;
  }
}
