package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.RegularFiles;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;

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
  private final Future<Listed> sums; // null: compute instead
  private final SortedMap<String, String> computed = new TreeMap<>();
  private final List<Held> held = new ArrayList<>(); // digests waiting for the sums to be read
  private Sha256Sums expected;
  private String expectedSelf; // the sha256 of the SHA256SUMS bytes that were parsed

  /** A digest taken before the sums were read, compared once they are. */
  private record Held(TreeEntry entry, String sha256) {}

  /** The sums a SHA256SUMS lists and the sha256 of the bytes they were parsed from. */
  record Listed(Sha256Sums sums, String sha256) {}

  /**
   * Reads {@code sumsFile} as {@link Sha256Sums#read} does, keeping the digest of its bytes: the
   * copy archived at the end must be the one the files were checked against.
   */
  static Listed read(Path sumsFile) throws SiegeException {
    byte[] bytes = RegularFiles.read(sumsFile, Sha256Sums.MAX_BYTES);
    return new Listed(Sha256Sums.parse(bytes, sumsFile), HexFormat.of().formatHex(Sha256Sums.newDigest().digest(bytes)));
  }

  private ChecksumCheck(Path sumsFile, Future<Listed> sums) {
    this.sumsFile = sumsFile;
    this.sums = sums;
  }

  /** Computes the sums during the pass (the directory has no SHA256SUMS). */
  static ChecksumCheck computing() {
    return new ChecksumCheck(null, null);
  }

  /**
   * Checks against the sums {@code sums} reads from {@code sumsFile} (on another thread: the pass
   * does not wait for them to compare its first files).
   */
  static ChecksumCheck against(Path sumsFile, Future<Listed> sums) {
    return new ChecksumCheck(sumsFile, sums);
  }

  /**
   * Every listed file must be a regular file of the tree and every regular file (but SHA256SUMS
   * itself) must be listed: run on the walk's thread once it has every entry ({@link ScanAhead}),
   * so a tree that does not match its sums is refused long before the pass ends.
   */
  void listing(List<TreeEntry> entries) throws SiegeException {
    if (sums == null) {
      return;
    }
    Sha256Sums expected = sums().sums();
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
      throw notListed(List.copyOf(files));
    }
  }

  private SiegeException notListed(List<String> extra) {
    return new SiegeException(
        "does not list " + plural(extra.size(), "file") + " found in the directory: " + names(extra),
        REBUILD,
        sumsFile,
        0,
        null);
  }

  /** Whether the sums are computed in this pass (and must be added to the archive). */
  boolean computes() {
    return sums == null;
  }

  /**
   * Records or checks the sha256 of a file just archived; a mismatch is an error naming it. Before
   * the sums are read, the digest is held and compared by a later call or by {@link #finish()}.
   */
  void file(TreeEntry entry, String sha256) throws SiegeException {
    if (sums == null) {
      computed.put(entry.relative(), sha256);
      return;
    }
    if (entry.relative().equals(BundleLayout.CHECKSUMS_SIGNATURE)) {
      return; // the signature of SHA256SUMS is not listed in it
    }
    if (expected == null && !sums.isDone()) {
      held.add(new Held(entry, sha256));
      return;
    }
    compareHeld();
    compare(entry, sha256);
  }

  /** Compares what is still held: after the last file, before the archive is kept. */
  void finish() throws SiegeException {
    if (sums != null) {
      compareHeld();
    }
  }

  private void compareHeld() throws SiegeException {
    if (expected == null) {
      Listed listed = sums();
      expected = listed.sums();
      expectedSelf = listed.sha256();
    }
    for (Held h : held) {
      compare(h.entry(), h.sha256());
    }
    held.clear();
  }

  private void compare(TreeEntry entry, String sha256) throws SiegeException {
    if (entry.relative().equals(BundleLayout.CHECKSUMS)) {
      if (!sha256.equals(expectedSelf)) {
        throw new SiegeException("changed while the directory was being archived (the files were checked against"
            + " the copy read at the start)", "stop whatever writes into the directory and run again", sumsFile, 0,
            null);
      }
      return;
    }
    String listed = expected.entries().get(entry.relative());
    if (listed == null) {
      throw notListed(List.of(entry.relative())); // the pass got here before the walk's check
    }
    if (!sha256.equals(listed)) {
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

  /** The sums, waiting for them if they are still being read. */
  private Listed sums() throws SiegeException {
    return Background.result(sums, "reading " + sumsFile);
  }

  /** The SHA256SUMS content computed in this pass, in coreutils format. */
  byte[] computedFile() {
    if (sums != null) {
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
