package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.RegularFiles;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Verifies a bundle archive ({@code .tar.gz}, {@code .tgz}, {@code .tar.zst}, or plain {@code
 * .tar}) without extracting anything, in one streaming pass: unsafe entries (absolute paths,
 * {@code ..}, links leaving the bundle, devices, fifos), the contained {@code SHA256SUMS} against
 * the contained files, the launcher's exec bits, the metadata, and the archive's own sha256
 * against {@code ARCHIVE.sha256} beside it when that file exists. The bundle may sit under one
 * top-level directory (as {@code siege bundle} writes it) or at the archive's top.
 */
public final class ArchiveVerifier {
  private static final int BUFFER = 1 << 16;
  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  private final SiegeListener listener;

  public ArchiveVerifier(SiegeListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Verifies the archive at {@code archive}.
   *
   * @throws SiegeException if it is not a readable file, or not a gzip/zstd/tar stream at all
   */
  public VerifyReport verify(Path archive) throws SiegeException {
    ArchiveParts source = ArchiveParts.of(archive);
    if (source.files.isEmpty()) {
      throw new SiegeException("no such file, and no parts of it", "give a .tar.gz or .tar.zst archive", archive, 0, null);
    }
    for (Path file : source.files) {
      Optional<String> notRegular = RegularFiles.notRegular(file);
      if (notRegular.isPresent()) {
        throw new SiegeException(
            notRegular.get().equals("missing") ? "no such file" : "is " + notRegular.get() + ", not a regular file",
            "give a .tar.gz or .tar.zst archive",
            file,
            0,
            null);
      }
    }
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ArchiveScan scan = new ArchiveScan();
    MessageDigest archiveDigest = Sha256Sums.newDigest();
    boolean corrupt = false;
    String payloadExpected = null;
    try (InputStream whole = source.open()) {
      long size = source.size();
      ProgressMeter meter = new ProgressMeter(listener, BundleVerifier.TASK, size, -1);
      BufferedInputStream raw = new BufferedInputStream(whole, BUFFER);
      InputStream payload = raw;
      boolean selfExtracting = SelfExtractingPayload.isOne(raw);
      if (selfExtracting) {
        payload = SelfExtractingPayload.payload(raw, size);
        if (payload == null) {
          corrupt = true;
          findings.add(new Finding(Finding.Kind.CORRUPT, "", "damaged self-extracting file: too short to hold a payload"));
          payload = InputStream.nullInputStream();
        }
      }
      BufferedInputStream in = new BufferedInputStream(new DigestingStream(payload, archiveDigest, meter), BUFFER);
      if (!corrupt) {
        try {
          InputStream tarBytes = decompress(in, archive);
          scan.read(new TarArchiveInputStream(tarBytes, StandardCharsets.UTF_8.name()), findings);
          // The rest of the compressed stream (tar padding, gzip trailer with its CRC) must be sound too.
          drain(tarBytes);
        } catch (IOException | IllegalArgumentException e) {
          corrupt = true;
          String why = e.getMessage() != null ? e.getMessage()
              : e instanceof java.io.EOFException ? "unexpected end of archive (truncated?)" : e.getClass().getSimpleName();
          findings.add(new Finding(Finding.Kind.CORRUPT, "", "damaged archive: " + why));
        }
      }
      drain(in); // whatever the decompressor left still counts for the archive's own sha256
      if (selfExtracting) {
        payloadExpected = SelfExtractingPayload.expectedSha256(raw);
        if (payloadExpected == null) {
          findings.add(new Finding(Finding.Kind.ARCHIVE_CHECKSUM, "", "the trailer holding the payload's sha256 is damaged"));
        }
      }
      drain(raw);
      meter.finish();
    } catch (IOException e) {
      throw new SiegeException("cannot read archive: " + e.getMessage(), null, archive, 0, e);
    }

    String root = bundleRoot(scan);
    checkLinks(scan, root, findings);
    if (!corrupt) {
      if (DeltaChecks.isDelta(scan, root)) {
        DeltaChecks.check(scan, root, findings, notes);
      } else {
        checkBundle(archive, scan, root, findings, notes);
      }
    }
    String payloadSha = HexFormat.of().formatHex(archiveDigest.digest());
    if (payloadExpected != null && !payloadExpected.equals(payloadSha)) {
      findings.add(new Finding(Finding.Kind.ARCHIVE_CHECKSUM, "",
          "the payload's sha256 differs from the one recorded in its trailer: the file is damaged"));
    }
    source.check(source.wholeSha256(), findings, notes);
    return new VerifyReport(archive, true, findings, scan.hashedFiles, scan.hashedBytes, notes);
  }

  private static InputStream decompress(BufferedInputStream in, Path archive) throws IOException, SiegeException {
    byte[] head = new byte[512];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (startsWith(head, n, GZIP)) {
      // pigz-style writers emit many gzip members: read them all (STYLE.md, archives).
      return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
    }
    if (startsWith(head, n, ZSTD)) {
      return new com.github.luben.zstd.ZstdInputStream(in);
    }
    if (TarArchiveInputStream.matches(head, n)) {
      return in;
    }
    throw new SiegeException(
        "not a .tar.gz, .tar.zst or .tar archive",
        "give a bundle directory or an archive made by 'siege bundle'",
        archive,
        0,
        null);
  }

  private static boolean startsWith(byte[] head, int n, byte[] magic) {
    if (n < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) return false;
    }
    return true;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[BUFFER];
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  /** {@code "name"} when every entry lives under one directory {@code name/}, else {@code ""}. */
  private static String bundleRoot(ArchiveScan scan) {
    Set<String> tops = new HashSet<>();
    for (Map<String, ?> names : List.of(scan.files, scan.others)) {
      for (String name : names.keySet()) {
        tops.add(EntryNames.segments(name).get(0));
      }
    }
    if (tops.size() != 1) {
      return "";
    }
    String top = tops.iterator().next();
    boolean isBundleFile = top.equals(BundleLayout.METADATA) || top.equals(BundleLayout.CHECKSUMS) || top.equals("bin");
    return !isBundleFile && "a directory".equals(scan.others.getOrDefault(top, "a directory")) ? top : "";
  }

  private static void checkLinks(ArchiveScan scan, String root, List<Finding> findings) {
    LinkResolver resolver = new LinkResolver(scan.symlinks);
    String where = root.isEmpty() ? "the archive" : "the bundle directory " + root + "/";
    scan.symlinks.keySet().forEach(
        link ->
            resolver
                .escape(link, root)
                .ifPresent(why -> findings.add(new Finding(Finding.Kind.UNSAFE_LINK, link, "symbolic link leaving " + where + ": " + why))));
    scan.hardLinks.forEach(
        (link, target) -> {
          Optional<String> why = resolver.escapeOfPath(target, root);
          if (why.isPresent()) {
            findings.add(new Finding(Finding.Kind.UNSAFE_LINK, link, "hard link leaving " + where + ": " + why.get()));
          } else if (!scan.files.containsKey(EntryNames.normalize(target))) {
            findings.add(
                new Finding(Finding.Kind.UNSAFE_LINK, link, "hard link to " + target + ", which is no regular file of the archive"));
          }
        });
  }

  private void checkBundle(Path archive, ArchiveScan scan, String root, List<Finding> findings, List<String> notes) {
    String prefix = root.isEmpty() ? "" : root + "/";
    Map<String, BundleTree.FileFacts> files = new TreeMap<>();
    Map<String, String> others = new HashMap<>();
    scan.files.forEach((name, facts) -> files.put(strip(prefix, name), facts));
    scan.others.forEach((name, what) -> others.put(strip(prefix, name), what));
    scan.hardLinks.forEach(
        (name, target) -> {
          BundleTree.FileFacts facts = scan.files.get(EntryNames.normalize(target));
          if (facts != null) {
            others.remove(strip(prefix, name));
            files.put(strip(prefix, name), facts); // a hard link has its target's content and mode
          }
        });
    others.remove("");
    BundleTree tree = new BundleTree(files, others);
    if (!files.containsKey(BundleLayout.METADATA) && !others.containsKey(BundleLayout.METADATA)) {
      findings.add(BundleChecks.notABundle("the archive"));
      return;
    }
    BundleChecks.Loaded loaded =
        BundleChecks.load(
            () -> BundleMetadata.parse(content(scan, prefix + BundleLayout.METADATA, archive), archive.resolve(prefix + BundleLayout.METADATA)),
            files.containsKey(BundleLayout.CHECKSUMS),
            () -> Sha256Sums.parse(content(scan, prefix + BundleLayout.CHECKSUMS, archive), archive.resolve(prefix + BundleLayout.CHECKSUMS)));
    BundleChecks.all(tree, loaded, findings);

    TreeRecord record =
        TreeChecks.load(
            files.containsKey(TreeRecord.FILE_NAME),
            others.get(TreeRecord.FILE_NAME),
            loaded.sums() != null && loaded.sums().entries().containsKey(TreeRecord.FILE_NAME),
            () -> TreeRecord.parse(content(scan, prefix + TreeRecord.FILE_NAME, archive), archive.resolve(prefix + TreeRecord.FILE_NAME)),
            findings,
            notes);
    Map<String, TreeRecord.Entry> entries = new HashMap<>();
    scan.tree.forEach((name, entry) -> entries.put(name.equals(root) ? "." : strip(prefix, name), entry));
    Map<String, String> links = new HashMap<>();
    scan.symlinks.forEach((name, target) -> links.put(strip(prefix, name), target));
    TreeChecks.all(entries, record, new LinkResolver(links), findings);
  }

  private static byte[] content(ArchiveScan scan, String name, Path archive) throws SiegeException {
    if (!scan.captured.containsKey(name)) {
      throw new SiegeException("not a regular file in the archive", null, archive.resolve(name), 0, null);
    }
    byte[] bytes = scan.captured.get(name);
    if (bytes == null) {
      throw new SiegeException("too large to be a bundle's own file", null, archive.resolve(name), 0, null);
    }
    return bytes;
  }

  private static String strip(String prefix, String name) {
    return name.equals(EntryNames.normalize(prefix)) ? "" : name.substring(prefix.length());
  }

  /** Feeds every byte read from the file into the archive's digest and the progress meter. */
  private static final class DigestingStream extends FilterInputStream {
    private final MessageDigest digest;
    private final ProgressMeter meter;

    DigestingStream(InputStream in, MessageDigest digest, ProgressMeter meter) {
      super(in);
      this.digest = digest;
      this.meter = meter;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        digest.update((byte) b);
        meter.bytes(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
        meter.bytes(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes still belong to the archive's sha256: read them.
      byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
      long done = 0;
      while (done < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
        if (r < 0) break;
        done += r;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
