package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.core.layout.BundleLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One pass over a tar stream: records every entry's name and kind, hashes regular files as they
 * stream by, keeps the bytes of {@code SHA256SUMS}, {@code BUNDLE-TREE} and {@code siege-bundle.toml} (at the top or
 * one directory down, capped), and reports unsafe entries at once. Nothing is written anywhere.
 * Memory grows with the number of entries, never with their size.
 */
final class ArchiveScan {
  static final int MAX_CHECKSUMS_BYTES = Sha256Sums.MAX_BYTES;
  static final int MAX_TREE_RECORD_BYTES = TreeRecord.MAX_BYTES;
  static final int MAX_METADATA_BYTES = 1 << 20;
  private static final int BUFFER = 1 << 16;

  /** Regular files: normalized name to facts (sha256 always set). */
  final Map<String, BundleTree.FileFacts> files = new HashMap<>();
  /** Every other safe entry: name to what it is. */
  final Map<String, String> others = new HashMap<>();
  /** Symbolic links: name to target as stored. */
  final Map<String, String> symlinks = new LinkedHashMap<>();
  /** Hard links: name to target as stored (relative to the archive's top). */
  final Map<String, String> hardLinks = new LinkedHashMap<>();
  /** Directories, regular files (hard links included) and symbolic links with their modes. */
  final Map<String, TreeRecord.Entry> tree = new HashMap<>();
  /** Captured small files: name to content, or null when over the cap. */
  final Map<String, byte[]> captured = new HashMap<>();

  long hashedFiles;
  long hashedBytes;

  private final MessageDigest digest = Sha256Sums.newDigest();
  private final byte[] buffer = new byte[BUFFER];

  /** Reads entries until the end of the archive; a damaged stream ends with an IOException. */
  void read(TarArchiveInputStream tar, List<Finding> findings) throws IOException {
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      String stored = e.getName();
      String name = EntryNames.normalize(stored);
      if (name.isEmpty()) {
        continue; // "./", the archive's own root
      }
      Optional<String> unsafe = EntryNames.unsafeReason(name);
      if (unsafe.isPresent()) {
        findings.add(new Finding(Finding.Kind.UNSAFE_PATH, stored, unsafe.get()));
        continue;
      }
      boolean bothDirectories = e.isDirectory() && "a directory".equals(others.get(name));
      if (!bothDirectories && (files.containsKey(name) || others.containsKey(name))) {
        findings.add(new Finding(Finding.Kind.DUPLICATE, name, "stored twice; extracting would keep the later entry"));
        files.remove(name);
        others.remove(name);
        tree.remove(name);
        symlinks.remove(name);
        hardLinks.remove(name);
      }
      int mode = e.getMode() & 07777;
      if (e.isSymbolicLink()) {
        others.put(name, "a symbolic link");
        symlinks.put(name, e.getLinkName());
        tree.put(name, new TreeRecord.Entry(TreeRecord.Type.LINK, 0777, e.getLinkName()));
      } else if (e.isLink()) {
        others.put(name, "a hard link");
        hardLinks.put(name, e.getLinkName());
        tree.put(name, new TreeRecord.Entry(TreeRecord.Type.FILE, mode, null));
      } else if (e.isDirectory()) {
        others.put(name, "a directory");
        tree.put(name, new TreeRecord.Entry(TreeRecord.Type.DIRECTORY, mode, null));
      } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
        String what = e.isFIFO() ? "a fifo" : "a device";
        others.put(name, what);
        findings.add(new Finding(Finding.Kind.SPECIAL_FILE, name, "entry is " + what + "; bundles hold only files, directories and links"));
      } else if (isRegular(e)) {
        files.put(name, new BundleTree.FileFacts(e.getSize(), (e.getMode() & 0100) != 0, hash(tar, name)));
        tree.put(name, new TreeRecord.Entry(TreeRecord.Type.FILE, mode, null));
      } else {
        others.put(name, "a special entry");
        findings.add(
            new Finding(
                Finding.Kind.SPECIAL_FILE, name, "unsupported tar entry type '" + (char) e.getLinkFlag() + "'"));
      }
    }
  }

  private static boolean isRegular(TarArchiveEntry e) {
    byte flag = e.getLinkFlag();
    return (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
        && !e.isSparse();
  }

  private String hash(TarArchiveInputStream tar, String name) throws IOException {
    int cap = captureCap(name);
    ByteArrayOutputStream copy = cap > 0 ? new ByteArrayOutputStream() : null;
    digest.reset();
    for (int n; (n = tar.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
      hashedBytes += n;
      if (copy != null) {
        if (copy.size() + n > cap) {
          copy = null;
          captured.put(name, null);
        } else {
          copy.write(buffer, 0, n);
        }
      }
    }
    if (copy != null) {
      captured.put(name, copy.toByteArray());
    }
    hashedFiles++;
    return HexFormat.of().formatHex(digest.digest());
  }

  /** How much of {@code name} to keep: the two files the checks parse, at the top or one level down. */
  private static int captureCap(String name) {
    List<String> segments = EntryNames.segments(name);
    // A delta keeps the old and the new bundle's sums one level further down (old/, new/).
    boolean deltaSums = segments.size() >= 2 && List.of("old", "new").contains(segments.get(segments.size() - 2));
    if (segments.size() > (deltaSums ? 3 : 2)) {
      return 0;
    }
    String last = segments.get(segments.size() - 1);
    if (last.equals(DeltaChecks.DESCRIPTION)) {
      return MAX_METADATA_BYTES;
    }
    if (last.equals(BundleLayout.CHECKSUMS)) {
      return MAX_CHECKSUMS_BYTES;
    }
    if (last.equals(TreeRecord.FILE_NAME)) {
      return MAX_TREE_RECORD_BYTES;
    }
    return last.equals(BundleLayout.METADATA) ? MAX_METADATA_BYTES : 0;
  }
}
