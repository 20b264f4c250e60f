package dev.siege.bundle.license;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.library.ListedLicenses;
import org.spdx.library.SpdxModelFactory;
import org.spdx.library.model.v3_0_1.expandedlicensing.ListedLicense;
import org.spdx.utility.compare.LicenseCompareHelper;
import org.spdx.utility.compare.SpdxCompareException;

/**
 * Identifies a license text as SPDX ids with the SPDX Java library's template matcher (the SPDX
 * matching guidelines: case, white space, punctuation, copyright lines and varietal spellings
 * ignored), offline, against the License List inside the library's jar.
 *
 * <p>The texts are compared with {@link #CANDIDATES}, the licenses met in Julia packages and in
 * the binaries JLL artifacts carry. Comparing one text with the whole list (about 650 templates)
 * takes 2 to 5 seconds here, per text: a bundle ships dozens. A text that matches no candidate
 * is reported as unidentified with its path, never guessed.
 */
public final class LicenseMatcher {
  /** The SPDX ids each text is compared with; a text matching several gets them all. */
  public static final List<String> CANDIDATES = List.of(
      "MIT", "MIT-0", "X11", "ISC", "BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause", "0BSD", "Apache-2.0",
      "MPL-2.0", "Zlib", "BSL-1.0", "Unlicense", "CC0-1.0", "CC-BY-4.0", "WTFPL", "NCSA", "curl", "Libpng",
      "libpng-2.0", "IJG", "FTL", "OpenSSL", "bzip2-1.0.6", "Python-2.0", "PSF-2.0", "Artistic-2.0", "OFL-1.1",
      "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only",
      "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later",
      "EPL-2.0", "CDDL-1.0", "HPND", "MS-PL", "Intel");

  private static final Map<String, List<String>> CACHE = new ConcurrentHashMap<>();
  private static volatile Map<String, String> templates;

  private LicenseMatcher() {}

  /** The candidate ids whose template {@code text} matches, in {@link #CANDIDATES} order. */
  public static List<String> identify(String text) {
    return CACHE.computeIfAbsent(digest(text), k -> match(text));
  }

  /** The version of the SPDX License List the matcher uses. */
  public static String licenseListVersion() {
    load();
    return ListedLicenses.getListedLicenses().getLicenseListVersion();
  }

  /** The candidates whose template the bundled list holds (all of them, unless the list changed). */
  static List<String> loadedCandidates() {
    return List.copyOf(load().keySet());
  }

  private static List<String> match(String text) {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, String> e : load().entrySet()) {
      try {
        if (!LicenseCompareHelper.isTextMatchingTemplate(e.getValue(), text).isDifferenceFound()) {
          ids.add(e.getKey());
        }
      } catch (SpdxCompareException ex) {
        // A template the matcher cannot use identifies nothing.
      }
    }
    return List.copyOf(ids);
  }

  private static Map<String, String> load() {
    Map<String, String> t = templates;
    if (t != null) {
      return t;
    }
    synchronized (LicenseMatcher.class) {
      if (templates == null) {
        // Never ask spdx.org: the bundled list is the one a review can cite.
        System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
        SpdxModelFactory.init();
        Map<String, String> loaded = new java.util.LinkedHashMap<>();
        for (String id : CANDIDATES) {
          try {
            ListedLicense l = ListedLicenses.getListedLicenses().getListedLicenseById(id);
            if (l != null) {
              loaded.put(id, l.getStandardLicenseTemplate().orElse(l.getLicenseText()));
            }
          } catch (InvalidSPDXAnalysisException e) {
            throw new IllegalStateException("the SPDX License List in the jar lacks " + id, e);
          }
        }
        templates = java.util.Collections.unmodifiableMap(loaded);
      }
      return templates;
    }
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
