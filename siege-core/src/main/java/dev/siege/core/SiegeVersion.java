package dev.siege.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of SIEGE itself, filtered into a resource at build time. */
public final class SiegeVersion {
  private static final String VERSION = load();

  private SiegeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = SiegeVersion.class.getResourceAsStream("siege-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
