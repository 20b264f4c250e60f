package dev.siege.cli.console;

import java.util.Locale;

/** Human-readable sizes (binary units) and durations for console output. */
public final class Units {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private Units() {}

  /** {@code 512 B}, {@code 12.0 KiB}, {@code 338.4 MiB}, {@code 1.2 GiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 0.4 s}, {@code 12.0 s}, {@code 3:07} (minutes), {@code 1:02:03} (hours). */
  public static String duration(long nanos) {
    double seconds = nanos / 1e9;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    return clock(Math.round(seconds));
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  public static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
