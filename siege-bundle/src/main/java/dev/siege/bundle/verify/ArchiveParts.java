package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file or files an archive is stored in: one file, or the parts {@code NAME.part-001}, ...
 * that {@code siege bundle --split} writes, read as one stream while each part's sha256 and the
 * whole's are computed, then held to {@code NAME.sha256}.
 */
final class ArchiveParts {
  private static final Pattern PART = Pattern.compile("(.+)\\.part-(\\d{3,9})");

  /** The archive's name: {@code NAME} for parts, else the file's own name. */
  final Path whole;
  /** The files, in order. */
  final List<Path> files;
  final boolean split;
  private final List<String> partSums = new ArrayList<>();
  private final MessageDigest wholeDigest = Sha256Sums.newDigest();

  private ArchiveParts(Path whole, List<Path> files, boolean split) {
    this.whole = whole;
    this.files = files;
    this.split = split;
  }

  /**
   * {@code target} itself, or, when it is a part ({@code NAME.part-NNN}) or a missing {@code NAME}
   * whose parts exist, every part of NAME in order.
   */
  static ArchiveParts of(Path target) throws SiegeException {
    Path name = target.getFileName();
    Matcher m = name == null ? null : PART.matcher(name.toString());
    Path whole = null;
    if (m != null && m.matches()) {
      whole = target.resolveSibling(m.group(1));
    } else if (name != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(target.resolveSibling(name + ".part-001"), LinkOption.NOFOLLOW_LINKS)) {
      whole = target;
    }
    if (whole == null) {
      return new ArchiveParts(target, List.of(target), false);
    }
    TreeMap<Integer, Path> parts = new TreeMap<>();
    String prefix = whole.getFileName() + ".part-";
    Path parent = whole.toAbsolutePath().getParent();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent)) {
      for (Path p : siblings) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d{3,9}")) {
          parts.put(Integer.parseInt(n.substring(prefix.length())), whole.resolveSibling(n));
        }
      }
    } catch (IOException e) {
      throw new SiegeException("cannot list the parts: " + e.getMessage(), null, parent, 0, e);
    }
    return new ArchiveParts(whole, List.copyOf(parts.values()), true);
  }

  long size() throws IOException {
    long size = 0;
    for (Path p : files) {
      size += Files.size(p);
    }
    return size;
  }

  /** All files as one stream; digests are final once it has been read to its end. */
  InputStream open() {
    return new InputStream() {
      private int index = -1;
      private InputStream current;
      private MessageDigest part = Sha256Sums.newDigest();

      private boolean advance() throws IOException {
        if (current != null) {
          current.close();
          partSums.add(HexFormat.of().formatHex(part.digest()));
          current = null;
        }
        if (index + 1 >= files.size()) {
          return false;
        }
        current = Files.newInputStream(files.get(++index));
        return true;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (current != null || advance()) {
          int n = current.read(b, off, len);
          if (n > 0) {
            part.update(b, off, n);
            wholeDigest.update(b, off, n);
            return n;
          }
          if (!advance()) {
            return -1;
          }
        }
        return -1;
      }

      @Override
      public void close() throws IOException {
        if (current != null) {
          current.close();
        }
      }
    };
  }

  String wholeSha256() {
    return HexFormat.of().formatHex(wholeDigest.digest());
  }

  /**
   * Holds the parts (when split) and the whole to {@code NAME.sha256}, when that file exists:
   * a part listed there but absent, present but not listed, or with another sha256 is a finding.
   */
  void check(String wholeSha, List<Finding> findings, List<String> notes) {
    String fileName = whole.getFileName().toString();
    Path sumFile = whole.resolveSibling(fileName + ".sha256");
    String label = sumFile.getFileName().toString();
    if (!Files.exists(sumFile, LinkOption.NOFOLLOW_LINKS)) {
      if (split) {
        notes.add(label + " is missing: the parts were checked only as an archive, not against their sums");
      }
      return;
    }
    Map<String, String> entries;
    try {
      entries = Sha256Sums.read(sumFile, Sha256Sums.MAX_ARCHIVE_SUM_BYTES).entries();
    } catch (SiegeException e) {
      findings.add(BundleChecks.unreadable(Finding.Kind.ARCHIVE_CHECKSUM, label, e));
      return;
    }
    String expected = entries.get(fileName);
    if (expected == null && entries.size() == 1 && !split) {
      expected = entries.values().iterator().next();
    }
    if (split) {
      Map<String, String> listedParts = new TreeMap<>();
      entries.forEach((n, sha) -> {
        if (n.startsWith(fileName + ".part-")) {
          listedParts.put(n, sha);
        }
      });
      for (int i = 0; i < files.size(); i++) {
        String part = files.get(i).getFileName().toString();
        String sha = listedParts.remove(part);
        if (sha == null) {
          findings.add(new Finding(Finding.Kind.EXTRA, part, "a part not listed in " + label));
        } else if (i < partSums.size() && !sha.equals(partSums.get(i))) {
          findings.add(new Finding(Finding.Kind.ARCHIVE_CHECKSUM, part, "sha256 of the part differs from " + label));
        }
      }
      listedParts.keySet().forEach(
          part -> findings.add(new Finding(Finding.Kind.MISSING, part, "a part listed in " + label + " is absent")));
    }
    if (expected == null) {
      findings.add(new Finding(Finding.Kind.ARCHIVE_CHECKSUM, label, "does not list " + fileName));
    } else if (!expected.equals(wholeSha)) {
      findings.add(new Finding(Finding.Kind.ARCHIVE_CHECKSUM, fileName,
          "sha256 of the " + (split ? "joined parts" : "archive") + " differs from " + label));
    }
  }
}
