package dev.siege.bundle.license;

import java.util.List;
import java.util.Objects;

/**
 * A license file a package or artifact ships, and what its text was identified as.
 *
 * @param path the file, relative to the bundle root, with {@code /} separators
 * @param spdxIds the SPDX License List ids whose template the text matches; empty when it matches
 *     none (unidentified: never guessed). Several ids share one text (GPL-3.0-only and
 *     GPL-3.0-or-later), so the text alone cannot tell them apart.
 * @param note why the text was not read, when it was not (too large, not a regular file)
 */
public record LicenseFile(String path, List<String> spdxIds, String note) {
  public LicenseFile {
    Objects.requireNonNull(path, "path");
    spdxIds = List.copyOf(spdxIds);
    Objects.requireNonNull(note, "note");
  }

  public boolean identified() {
    return !spdxIds.isEmpty();
  }

  /** The ids joined with {@code " or "}, or {@code "unidentified"}. */
  public String describe() {
    return identified() ? String.join(" or ", spdxIds) : "unidentified" + (note.isEmpty() ? "" : " (" + note + ")");
  }
}
