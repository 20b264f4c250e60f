package dev.siege.bundle.scan;

import java.util.Objects;

/**
 * A bundle file that names the bundle's build-time absolute path.
 *
 * @param file path relative to the bundle root, with {@code /} separators
 * @param line 1-based line of a text file, or 0 for a symbolic link whose target names the path
 * @param excerpt the line (or link target), trimmed and shortened for display
 */
public record RelocationFinding(String file, int line, String excerpt) {
  public RelocationFinding {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(excerpt, "excerpt");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
  }
}
