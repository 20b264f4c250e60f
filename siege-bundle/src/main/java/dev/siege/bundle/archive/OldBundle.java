package dev.siege.bundle.archive;

import dev.siege.core.io.FileTrees;
import com.github.luben.zstd.ZstdInputStream;
import dev.siege.bundle.checksum.RegularFiles;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * What a delta needs of the previous bundle, given as its directory, its archive, or its {@code
 * SHA256SUMS}: the bytes of that {@code SHA256SUMS} and of its {@code BUNDLE-TREE} (when there is
 * one), and, for binary patches, the old versions of some files, each checked against the old
 * sums before it is used.
 */
final class OldBundle implements AutoCloseable {
  final byte[] sumsBytes;
  final Sha256Sums sums;
  final byte[] recordBytes; // null: unknown
  /** Old sha256 to a file with that content, for the files asked for. */
  final Map<String, Path> bases = new HashMap<>();
  final long archiveBytes; // -1 unless read from an archive
  private final Path scratch; // extracted bases, deleted by close()

  private OldBundle(byte[] sumsBytes, Path sumsName, byte[] recordBytes, long archiveBytes, Path scratch)
      throws SiegeException {
    this.sumsBytes = sumsBytes;
    this.sums = Sha256Sums.parse(sumsBytes, sumsName);
    this.recordBytes = recordBytes;
    this.archiveBytes = archiveBytes;
    this.scratch = scratch;
    if (recordBytes != null) {
      TreeRecord.parse(recordBytes, sumsName.resolveSibling(TreeRecord.FILE_NAME));
    }
  }

  /**
   * Reads the old bundle at {@code old}; {@code wanted} names the files whose old version a patch
   * could use, {@code scratchParent} where to extract them from an archive.
   */
  static OldBundle read(Path old, Set<String> wanted, Path scratchParent) throws SiegeException {
    if (Files.isDirectory(old)) {
      return fromDirectory(old, wanted);
    }
    if (!Files.isRegularFile(old)) {
      throw new SiegeException(
          "does not exist", "give the previous bundle's archive, directory or SHA256SUMS", old, 0, null);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(old), 1 << 16)) {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      boolean gzip = magic.length >= 2 && magic[0] == 0x1f && magic[1] == (byte) 0x8b;
      boolean zstd = magic.length == 4 && magic[0] == 0x28 && magic[1] == (byte) 0xb5 && magic[2] == 0x2f && magic[3] == (byte) 0xfd;
      if (!gzip && !zstd) {
        Path record = old.resolveSibling(TreeRecord.FILE_NAME);
        byte[] recordBytes = Files.isRegularFile(record) ? RegularFiles.read(record, TreeRecord.MAX_BYTES) : null;
        return new OldBundle(RegularFiles.read(old, Sha256Sums.MAX_BYTES), old, recordBytes, -1, null);
      }
      InputStream tar =
          gzip
              ? GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get()
              : new ZstdInputStream(in);
      return fromArchive(old, new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name()), wanted, scratchParent);
    } catch (IOException e) {
      throw new SiegeException("cannot read the old bundle: " + e.getMessage(), null, old, 0, e);
    }
  }

  private static OldBundle fromDirectory(Path dir, Set<String> wanted) throws SiegeException {
    Path sumsFile = dir.resolve(BundleLayout.CHECKSUMS);
    if (!Files.isRegularFile(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException("has no SHA256SUMS", "give the previous bundle as 'siege build' wrote it", dir, 0, null);
    }
    Path record = dir.resolve(TreeRecord.FILE_NAME);
    byte[] recordBytes =
        Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS) ? RegularFiles.read(record, TreeRecord.MAX_BYTES) : null;
    OldBundle bundle = new OldBundle(RegularFiles.read(sumsFile, Sha256Sums.MAX_BYTES), sumsFile, recordBytes, -1, null);
    for (String name : wanted) {
      String sha = bundle.sums.entries().get(name);
      Path file = dir.resolve(name);
      try {
        if (sha != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && sha.equals(Sha256Sums.hash(file))) {
          bundle.bases.put(sha, file);
        }
      } catch (IOException e) {
        // unreadable: that file is sent whole
      }
    }
    return bundle;
  }

  private static OldBundle fromArchive(Path archive, TarArchiveInputStream tar, Set<String> wanted, Path scratchParent)
      throws IOException, SiegeException {
    Path scratch = Files.createTempDirectory(scratchParent, ".siege-delta-base.");
    boolean done = false;
    try {
      byte[] sums = null;
      byte[] record = null;
      Map<String, String> extracted = new HashMap<>(); // name to its sha256
      Map<String, Path> extractedFiles = new HashMap<>();
      MessageDigest digest = Sha256Sums.newDigest();
      byte[] buffer = new byte[1 << 16];
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (!e.isFile()) {
          continue;
        }
        String stored = e.getName();
        int slash = stored.indexOf('/');
        String name = slash >= 0 ? stored.substring(slash + 1) : stored;
        if (name.equals(BundleLayout.CHECKSUMS)) {
          sums = readCapped(tar, Sha256Sums.MAX_BYTES, archive);
        } else if (name.equals(TreeRecord.FILE_NAME)) {
          record = readCapped(tar, TreeRecord.MAX_BYTES, archive);
        } else if (wanted.contains(name) && !extracted.containsKey(name)) {
          Path file = scratch.resolve(Integer.toString(extracted.size()));
          digest.reset();
          try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = tar.read(buffer)) > 0; ) {
              digest.update(buffer, 0, n);
              out.write(buffer, 0, n);
            }
          }
          extracted.put(name, HexFormat.of().formatHex(digest.digest()));
          extractedFiles.put(name, file);
        }
      }
      if (sums == null) {
        throw new SiegeException("holds no SHA256SUMS", "give an archive made by 'siege bundle'", archive, 0, null);
      }
      OldBundle bundle = new OldBundle(sums, archive.resolve(BundleLayout.CHECKSUMS), record, Files.size(archive), scratch);
      extracted.forEach((name, sha) -> {
        if (sha.equals(bundle.sums.entries().get(name))) {
          bundle.bases.put(sha, extractedFiles.get(name));
        }
      });
      done = true;
      return bundle;
    } finally {
      if (!done) {
        FileTrees.deleteQuietly(scratch);
      }
    }
  }

  private static byte[] readCapped(InputStream in, int cap, Path archive) throws IOException, SiegeException {
    byte[] bytes = in.readNBytes(cap + 1);
    if (bytes.length > cap) {
      throw RegularFiles.tooLarge(archive, cap);
    }
    return bytes;
  }

  @Override
  public void close() {
    if (scratch != null) {
      FileTrees.deleteQuietly(scratch);
    }
  }

}
