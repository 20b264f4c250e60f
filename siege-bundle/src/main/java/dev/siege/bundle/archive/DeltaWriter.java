package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.RegularFiles;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes a delta archive: what turns a copy of an old bundle into a new one, for a secure system
 * where every byte carried in counts.
 *
 * <pre>
 * DeltaResult r = DeltaWriter.builder(Path.of("build"))
 *     .since(Path.of("old.tar.zst"))      // the previous archive, bundle directory or SHA256SUMS
 *     .output(Path.of("update.tar.zst"))
 *     .write();
 * </pre>
 *
 * <p>Layout, under one directory named after the output ({@code update/}): {@code apply} (a bash
 * script: {@code ./apply OLD_DIR NEW_DIR}), {@code DELTA} (format line and counts), {@code
 * files/<sha256>} (each content of the new bundle the old one lacks, once), {@code
 * patches/<new sha256>.<old sha256>.zst} (a {@code zstd --patch-from} patch against the old
 * version of a large changed file, kept only when it is under a quarter of the file), {@code
 * old/SHA256SUMS} and {@code old/BUNDLE-TREE} (the old bundle's, which {@code apply} checks
 * OLD_DIR against), {@code new/SHA256SUMS} and {@code new/BUNDLE-TREE} (what it checks the result
 * against), and last {@code SHA256SUMS} of the delta's own files.
 *
 * <p>Files sent whole are hashed as they stream into the archive and held to the new bundle's
 * {@code SHA256SUMS}; the rest of the new bundle is not read (its content comes from the old
 * bundle on the secure side, checked there).
 */
public final class DeltaWriter {
  /** The first line of {@code DELTA}. */
  public static final String FORMAT = "# siege delta 1";

  /** The name of the delta's own description file. */
  public static final String DESCRIPTION = "DELTA";

  /** The script at the delta's top. */
  public static final String APPLY = "apply";

  /** Files smaller than this are sent whole: a patch would not pay for its overhead. */
  static final long PATCH_MIN = 1 << 20;

  /** {@code zstd --patch-from} needs the old file in its window: {@code --long=31} covers 2 GiB. */
  static final long PATCH_MAX = (1L << 31) - (1 << 20);

  private static final int BUFFER = 1 << 18;

  private final Path newDir;
  private final Path old;
  private final Path output;
  private final ArchiveFormat format;
  private final int level;
  private final int threads;
  private final boolean patches;
  private final long split;
  private final SiegeListener listener;

  private DeltaWriter(Builder b) {
    this.newDir = b.newDir;
    this.old = Objects.requireNonNull(b.old, "since(...) is required");
    this.output = Objects.requireNonNull(b.output, "output(...) is required");
    CompressionSettings c = CompressionSettings.of(b.output, b.format, ArchiveFormat.TAR_ZST, b.level, b.threads, b.split);
    this.format = c.format();
    this.level = c.level();
    this.threads = c.threads();
    this.split = c.split();
    this.patches = b.patches;
    this.listener = b.listener;
  }

  public static Builder builder(Path newDir) {
    return new Builder(newDir);
  }

  /** Options of one delta; {@link #since} and {@link #output} are required. */
  public static final class Builder {
    private final Path newDir;
    private Path old;
    private Path output;
    private ArchiveFormat format;
    private Integer level;
    private Integer threads;
    private boolean patches = true;
    private long split;
    private SiegeListener listener = SiegeListener.NONE;

    private Builder(Path newDir) {
      this.newDir = Objects.requireNonNull(newDir, "newDir");
    }

    /** The previous bundle: its archive, its directory, or its {@code SHA256SUMS}. */
    public Builder since(Path old) {
      this.old = Objects.requireNonNull(old, "old");
      return this;
    }

    public Builder output(Path output) {
      this.output = Objects.requireNonNull(output, "output");
      return this;
    }

    public Builder format(ArchiveFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder level(int level) {
      this.level = level;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Whether large changed files may be sent as {@code zstd --patch-from} patches (default yes). */
    public Builder patches(boolean patches) {
      this.patches = patches;
      return this;
    }

    /** As {@link BundleArchiver.Builder#split(long)}. */
    public Builder split(long bytes) {
      this.split = bytes;
      return this;
    }

    public Builder listener(SiegeListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public DeltaResult write() throws SiegeException {
      return new DeltaWriter(this).run();
    }
  }

  /** A file of the new bundle sent whole. */
  private record Whole(String name, String sha256, long size) {}

  /** A file of the new bundle sent as a patch. */
  private record Patch(String newSha, String oldSha, Path patch, long size) {}

  private DeltaResult run() throws SiegeException {
    Path target = output.toAbsolutePath().normalize();
    checkPaths(target);
    Path sumsFile = newDir.resolve(BundleLayout.CHECKSUMS);
    if (!Files.isRegularFile(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException(
          "has no SHA256SUMS", "a delta is made of a bundle that 'siege build' wrote", newDir, 0, null);
    }
    byte[] newSumsBytes = RegularFiles.read(sumsFile, Sha256Sums.MAX_BYTES);
    Sha256Sums newSums = Sha256Sums.parse(newSumsBytes, sumsFile);
    byte[] newRecord;
    int sumsMode;
    Map<String, Long> sizes = new HashMap<>();
    long bundleBytes = newSumsBytes.length;
    try {
      Path recordFile = newDir.resolve(TreeRecord.FILE_NAME);
      newRecord =
          newSums.entries().containsKey(TreeRecord.FILE_NAME) && Files.isRegularFile(recordFile, LinkOption.NOFOLLOW_LINKS)
              ? RegularFiles.read(recordFile, TreeRecord.MAX_BYTES)
              : TreeRecord.compute(newDir).format().getBytes(StandardCharsets.UTF_8);
      TreeRecord.parse(newRecord, recordFile);
      sumsMode = TreeRecord.mode(sumsFile, Files.readAttributes(sumsFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
      for (String name : newSums.entries().keySet()) {
        Path file = newDir.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new SiegeException(
              "lists a file missing from the bundle: " + name, "rebuild the bundle with 'siege build'", sumsFile, 0, null);
        }
        long size = Files.size(file);
        sizes.put(name, size);
        bundleBytes += size;
      }
    } catch (IOException e) {
      throw new SiegeException("cannot read the bundle: " + e.getMessage(), null, newDir, 0, e);
    }

    boolean canPatch = patches && zstdOnPath();
    if (patches && !canPatch) {
      note("zstd is not on PATH: large changed files are sent whole instead of as patches");
    }
    Set<String> wanted = new HashSet<>();
    if (canPatch) {
      sizes.forEach((name, size) -> {
        if (size >= PATCH_MIN && size <= PATCH_MAX) {
          wanted.add(name);
        }
      });
    }
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "reading the old bundle " + old));
    try (OldBundle previous = OldBundle.read(old, wanted, target.getParent())) {
      Set<String> oldShas = new HashSet<>(previous.sums.entries().values());
      SortedMap<String, Whole> whole = new TreeMap<>(); // by sha256
      List<Patch> patchList = new ArrayList<>();
      int reused = 0;
      long reusedBytes = 0;
      long patchedBytes = 0;
      long patchBytes = 0;
      Path scratch = Files.createTempDirectory(target.getParent(), ".siege-delta-patches.");
      try {
        for (Map.Entry<String, String> e : newSums.entries().entrySet()) {
          String name = e.getKey();
          String sha = e.getValue();
          long size = sizes.get(name);
          if (oldShas.contains(sha)) {
            reused++;
            reusedBytes += size;
            continue;
          }
          if (whole.containsKey(sha) || patchList.stream().anyMatch(p -> p.newSha().equals(sha))) {
            continue; // the same content twice: sent once
          }
          String oldSha = previous.sums.entries().get(name);
          Path base = oldSha == null ? null : previous.bases.get(oldSha);
          if (wanted.contains(name) && base != null) {
            Patch patch = patch(name, sha, oldSha, base, size, scratch.resolve(sha + ".zst"));
            if (patch != null) {
              patchList.add(patch);
              patchedBytes += size;
              patchBytes += Files.size(patch.patch());
              continue;
            }
          }
          whole.put(sha, new Whole(name, sha, size));
        }
        long newBytes = whole.values().stream().mapToLong(Whole::size).sum();
        byte[] description =
            (FORMAT + "\nnew-files " + whole.size() + "\npatched-files " + patchList.size() + "\nreused-files " + reused
                    + "\nsums-mode " + String.format("%04o", sumsMode) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        ArchiveOutput file =
            writeArchive(target, whole, patchList, description, previous, newSumsBytes, newRecord);
        return new DeltaResult(target, file.files(), file.bytes(), file.sha256(), whole.size(), newBytes,
            patchList.size(), patchedBytes, patchBytes, reused, reusedBytes, bundleBytes, previous.archiveBytes);
      } finally {
        OldBundleCleanup.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new SiegeException("cannot write the delta: " + e.getMessage(), null, target, 0, e);
    }
  }

  /** A patch of {@code name} against {@code base}, or null when it would not pay. */
  private Patch patch(String name, String sha, String oldSha, Path base, long size, Path into)
      throws SiegeException, IOException {
    Path file = newDir.resolve(name);
    String actual = Sha256Sums.hash(file);
    if (!actual.equals(sha)) {
      throw changed(name);
    }
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "making a binary patch of " + name));
    List<String> command = List.of("zstd", "-q", "-f", "-T" + threads, "-" + Math.min(level, 19),
        "--patch-from=" + base, file.toString(), "-o", into.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
        note("zstd could not patch %s (%s): it is sent whole", name, out.strip());
        return null;
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while patching " + name);
    }
    if (!sha.equals(Sha256Sums.hash(file))) {
      throw changed(name);
    }
    long patchSize = Files.size(into);
    if (patchSize * 4 >= size) {
      note("a patch of %s would be %d of its %d bytes: it is sent whole", name, patchSize, size);
      Files.delete(into);
      return null;
    }
    return new Patch(sha, oldSha, into, size);
  }

  private ArchiveOutput writeArchive(
      Path target,
      SortedMap<String, Whole> whole,
      List<Patch> patchList,
      byte[] description,
      OldBundle previous,
      byte[] newSums,
      byte[] newRecord)
      throws IOException, SiegeException {
    String top = SelfExtractor.runFile(target).getFileName().toString();
    top = top.substring(0, top.length() - ".run".length());
    SortedMap<String, String> own = new TreeMap<>();
    ArchiveOutput file = split > 0 ? ArchiveOutput.split(target, split) : ArchiveOutput.single(target);
    Compressor compressor = null;
    boolean complete = false;
    try {
      compressor = Compressor.open(format, file, level, threads);
      ReproducibleTarWriter tar = new ReproducibleTarWriter(compressor.stream());
      tar.directory(top, 0755);
      small(tar, top, APPLY, 0755, applyScript(), own);
      small(tar, top, DESCRIPTION, 0644, description, own);
      tar.directory(top + "/files", 0755);
      byte[] buffer = new byte[BUFFER];
      MessageDigest digest = Sha256Sums.newDigest();
      for (Whole w : whole.values()) {
        stream(tar, top + "/files/" + w.sha256(), w, newDir.resolve(w.name()), buffer, digest);
        if (!HexFormat.of().formatHex(digest.digest()).equals(w.sha256())) {
          throw changed(w.name());
        }
        own.put("files/" + w.sha256(), w.sha256());
      }
      tar.directory(top + "/new", 0755);
      small(tar, top, "new/" + TreeRecord.FILE_NAME, 0644, newRecord, own);
      small(tar, top, "new/" + BundleLayout.CHECKSUMS, 0644, newSums, own);
      tar.directory(top + "/old", 0755);
      if (previous.recordBytes != null) {
        small(tar, top, "old/" + TreeRecord.FILE_NAME, 0644, previous.recordBytes, own);
      }
      small(tar, top, "old/" + BundleLayout.CHECKSUMS, 0644, previous.sumsBytes, own);
      tar.directory(top + "/patches", 0755);
      for (Patch p : patchList) {
        String name = "patches/" + p.newSha() + "." + p.oldSha() + ".zst";
        long size = Files.size(p.patch());
        stream(tar, top + "/" + name, new Whole(null, null, size), p.patch(), buffer, digest);
        own.put(name, HexFormat.of().formatHex(digest.digest()));
      }
      byte[] sums = new Sha256Sums(own).format().getBytes(StandardCharsets.UTF_8);
      tar.beginFile(top + "/" + BundleLayout.CHECKSUMS, 0644, sums.length);
      tar.write(sums, 0, sums.length);
      tar.closeFile();
      tar.finish();
      compressor.finish();
      file.close();
      file.commit();
      complete = true;
      return file;
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new SiegeException("interrupted: no delta written", null, target, 0, e);
    } finally {
      if (!complete) {
        if (compressor != null) {
          compressor.abort();
        }
        file.abort();
      }
    }
  }

  private static void small(ReproducibleTarWriter tar, String top, String name, int mode, byte[] content,
      SortedMap<String, String> own) throws IOException {
    tar.beginFile(top + "/" + name, mode, content.length);
    tar.write(content, 0, content.length);
    tar.closeFile();
    MessageDigest d = Sha256Sums.newDigest();
    own.put(name, HexFormat.of().formatHex(d.digest(content)));
  }

  /** Streams {@code file} into the tar, hashing it into {@code digest} (not finished). */
  private void stream(ReproducibleTarWriter tar, String entry, Whole w, Path file, byte[] buffer, MessageDigest digest)
      throws IOException, SiegeException {
    digest.reset();
    tar.beginFile(entry, 0644, w.size());
    long remaining = w.size();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changed(String.valueOf(w.name()));
        }
        digest.update(buffer, 0, n);
        tar.write(buffer, 0, n);
        remaining -= n;
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException();
        }
      }
      if (in.read() >= 0) {
        throw changed(String.valueOf(w.name()));
      }
    }
    tar.closeFile();
  }

  private SiegeException changed(String name) {
    return new SiegeException(
        "changed since the bundle's checksums were written (its sha256 differs from SHA256SUMS): " + name,
        "rebuild the bundle with 'siege build' (or restore the file)",
        newDir.resolve(name),
        0,
        null);
  }

  /** The {@code apply} script. */
  public static byte[] applyScript() {
    try (InputStream in = DeltaWriter.class.getResourceAsStream("apply.sh")) {
      if (in == null) {
        throw new IllegalStateException("apply.sh missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkPaths(Path target) throws SiegeException {
    if (!Files.isDirectory(newDir)) {
      throw new SiegeException(
          Files.exists(newDir) ? "is not a directory" : "does not exist",
          "give the bundle directory that 'siege build' wrote", newDir, 0, null);
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SiegeException("the archive's directory does not exist", "create it first", parent, 0, null);
    }
    try {
      if (parent.toRealPath().startsWith(newDir.toRealPath())) {
        throw new SiegeException("the delta would be written inside the bundle", "write it next to the bundle instead",
            target, 0, null);
      }
    } catch (IOException e) {
      throw new SiegeException("cannot resolve: " + e, null, parent, 0, e);
    }
  }

  private static boolean zstdOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "zstd"))) {
        return true;
      }
    }
    return false;
  }

  private void note(String format, Object... args) {
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, String.format(format, args)));
  }

  /** Deletes a scratch directory quietly. */
  private static final class OldBundleCleanup {
    static void deleteTree(Path dir) {
      try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException ignored) {
            // a temporary dot-directory: harmless if left
          }
        });
      } catch (IOException ignored) {
        // as above
      }
    }
  }
}
