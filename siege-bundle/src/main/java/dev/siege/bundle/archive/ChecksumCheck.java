package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds the archived files to a directory's {@code SHA256SUMS} while they stream into the tar
 * (one read per file), or, for a directory without one, collects the sums of that same pass so
 * they can be added as the archive's last entry.
 */
final class ChecksumCheck {
  private static final String REBUILD =
      "the directory changed since its SHA256SUMS was written: rebuild the bundle with 'siege build'"
          + " (or restore the file)";

  private final Path sumsFile;
  private final Sha256Sums expected; // null: compute instead
  private final SortedMap<String, String> computed = new TreeMap<>();

  private ChecksumCheck(Path sumsFile, Sha256Sums expected) {
    this.sumsFile = sumsFile;
    this.expected = expected;
  }

  /** Computes the sums during the pass (the directory has no SHA256SUMS). */
  static ChecksumCheck computing() {
    return new ChecksumCheck(null, null);
  }

  /**
   * Checks against {@code expected}, read from {@code sumsFile}: before any byte is written, every
   * listed file must be a regular file of the tree and every regular file (but SHA256SUMS itself)
   * must be listed.
   */
  static ChecksumCheck against(Path sumsFile, Sha256Sums expected, List<TreeEntry> entries)
      throws SiegeException {
    Set<String> files = new TreeSet<>();
    for (TreeEntry e : entries) {
      if (e.kind() == TreeEntry.Kind.FILE && !e.relative().equals(BundleLayout.CHECKSUMS)
          && !e.relative().equals(BundleLayout.CHECKSUMS_SIGNATURE)) {
        files.add(e.relative());
      }
    }
    List<String> missing = new ArrayList<>();
    for (String listed : expected.entries().keySet()) {
      if (!files.contains(listed)) {
        missing.add(listed);
      }
    }
    if (!missing.isEmpty()) {
      throw new SiegeException(
          "lists " + plural(missing.size(), "file") + " missing from the directory: " + names(missing),
          REBUILD,
          sumsFile,
          0,
          null);
    }
    files.removeAll(expected.entries().keySet());
    if (!files.isEmpty()) {
      List<String> extra = List.copyOf(files);
      throw new SiegeException(
          "does not list " + plural(extra.size(), "file") + " found in the directory: " + names(extra),
          REBUILD,
          sumsFile,
          0,
          null);
    }
    return new ChecksumCheck(sumsFile, expected);
  }

  /** Whether the sums are computed in this pass (and must be added to the archive). */
  boolean computes() {
    return expected == null;
  }

  /** Records or checks the sha256 of a file just archived; a mismatch is an error naming it. */
  void file(TreeEntry entry, String sha256) throws SiegeException {
    if (expected == null) {
      computed.put(entry.relative(), sha256);
      return;
    }
    if (entry.relative().equals(BundleLayout.CHECKSUMS) || entry.relative().equals(BundleLayout.CHECKSUMS_SIGNATURE)) {
      return; // the signature of SHA256SUMS is not listed in it
    }
    if (!sha256.equals(expected.entries().get(entry.relative()))) {
      throw new SiegeException(
          "changed since the bundle's checksums were written (its sha256 differs from "
              + sumsFile.getFileName()
              + "): "
              + entry.relative(),
          REBUILD,
          entry.path(),
          0,
          null);
    }
  }

  /** The SHA256SUMS content computed in this pass, in coreutils format. */
  byte[] computedFile() {
    if (expected != null) {
      throw new IllegalStateException("the sums were checked, not computed");
    }
    return new Sha256Sums(computed).format().getBytes(StandardCharsets.UTF_8);
  }

  private static String names(List<String> names) {
    int shown = Math.min(names.size(), 3);
    String list = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? list + " (and " + (names.size() - shown) + " more)" : list;
  }

  private static String plural(int n, String word) {
    return n == 1 ? "a " + word : n + " " + word + "s";
  }
}
