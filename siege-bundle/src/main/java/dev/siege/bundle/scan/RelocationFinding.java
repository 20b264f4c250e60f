package dev.siege.bundle.scan;

import java.util.Objects;

/**
 * A bundle file that names something of the build machine: the bundle's build-time absolute
 * path, the builder's home directory or user name.
 *
 * @param file path relative to the bundle root, with {@code /} separators
 * @param line 1-based line of a text file, or 0 for a symbolic link whose target names the path
 * @param excerpt the line (or link target), trimmed and shortened for display
 * @param what what of the build machine it names, e.g. {@code the bundle's build-time path}
 */
public record RelocationFinding(String file, int line, String excerpt, String what) {
  public RelocationFinding {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(excerpt, "excerpt");
    Objects.requireNonNull(what, "what");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
  }

  /** A finding of the bundle's build-time path. */
  public RelocationFinding(String file, int line, String excerpt) {
    this(file, line, excerpt, RelocatabilityScanner.BUILD_PATH);
  }
}
