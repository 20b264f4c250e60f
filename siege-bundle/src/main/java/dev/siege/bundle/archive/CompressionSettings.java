package dev.siege.bundle.archive;

import java.nio.file.Path;

/**
 * How an archive writer ({@link BundleArchiver}, {@link DeltaWriter}) compresses: format, level,
 * threads and part size, with the defaults both take and the checks both make.
 *
 * @param split the part size in bytes, 0 for one file
 */
record CompressionSettings(ArchiveFormat format, int level, int threads, long split) {
  CompressionSettings {
    if (split < 0) {
      throw new IllegalArgumentException("split size must be positive, was " + split);
    }
    if (level < format.minLevel() || level > format.maxLevel()) {
      throw new IllegalArgumentException(
          format + " level must be " + format.minLevel() + "-" + format.maxLevel() + ", was " + level);
    }
    if (threads < 1) {
      // 0 would be zstd's single-threaded mode, whose bytes differ: --threads must not change them.
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }

  /**
   * The settings a builder was given, defaults filled in: the format from {@code output}'s
   * extension (else {@code fallback}), its default level, a thread per available processor.
   * {@code format}, {@code level} and {@code threads} are null when not given.
   */
  static CompressionSettings of(
      Path output, ArchiveFormat format, ArchiveFormat fallback, Integer level, Integer threads, long split) {
    ArchiveFormat f = format != null ? format : ArchiveFormat.forFileName(output).orElse(fallback);
    return new CompressionSettings(f, level != null ? level : f.defaultLevel(),
        threads != null ? threads : Runtime.getRuntime().availableProcessors(), split);
  }
}
