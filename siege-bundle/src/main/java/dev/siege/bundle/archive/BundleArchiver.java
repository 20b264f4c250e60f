package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Packs a directory (normally a bundle made by {@code siege build}) into one reproducible
 * {@code .tar.gz} or {@code .tar.zst}, with the archive's sha256 beside it in {@code
 * <archive>.sha256}:
 *
 * <pre>
 * ArchiveResult r = BundleArchiver.builder(Path.of("build"))
 *     .output(Path.of("build.tar.gz"))   // format from the extension unless .format(...) is given
 *     .level(6).threads(2).listener(events)
 *     .write();
 * </pre>
 *
 * <p>Layout: every entry sits below one top-level directory named after the archived directory
 * (so {@code tar xf} creates one folder, as it does for source tarballs); directories are explicit
 * entries; entries are sorted (depth first, children by name), except {@code SHA256SUMS}, which is
 * always the last entry, whether the directory had one or it was computed while archiving. Owners,
 * times and names are pinned (see {@link ReproducibleTarWriter}), so the same directory gives the
 * same bytes, whatever the number of threads.
 *
 * <p>Each file is read once: its bytes are hashed as they stream into the tar and held to the
 * directory's {@code SHA256SUMS}. The archive is written to a temporary file beside the target
 * and renamed at the end, so a failure or an interrupt leaves no partial archive and an existing
 * one untouched.
 */
public final class BundleArchiver {
  /** The step id of the {@link SiegeEvent.StepStarted}/{@link SiegeEvent.Progress} events. */
  public static final String TASK = "archive";

  private final Path dir;
  private final Path output;
  private final ArchiveFormat format;
  private final int level;
  private final int threads;
  private final SiegeListener listener;

  private BundleArchiver(Builder b) {
    this.dir = b.dir;
    this.output = Objects.requireNonNull(b.output, "output(...) is required");
    this.format = b.format != null ? b.format : ArchiveFormat.forFileName(b.output).orElse(ArchiveFormat.TAR_GZ);
    this.level = b.level != null ? b.level : format.defaultLevel();
    this.threads = b.threads != null ? b.threads : Runtime.getRuntime().availableProcessors();
    this.listener = b.listener;
    if (level < format.minLevel() || level > format.maxLevel()) {
      throw new IllegalArgumentException(
          format + " level must be " + format.minLevel() + "-" + format.maxLevel() + ", was " + level);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }

  /** Starts describing an archive of {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Options of one archive; {@link #output} is required, everything else has a default. */
  public static final class Builder {
    private final Path dir;
    private Path output;
    private ArchiveFormat format;
    private Integer level;
    private Integer threads;
    private SiegeListener listener = SiegeListener.NONE;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The archive to write; {@code <output>.sha256} is written beside it. */
    public Builder output(Path output) {
      this.output = Objects.requireNonNull(output, "output");
      return this;
    }

    /** Default: from the output's extension ({@code .tar.zst}, {@code .tzst}), else tar.gz. */
    public Builder format(ArchiveFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Compression level within the format's range; default {@link ArchiveFormat#defaultLevel()}. */
    public Builder level(int level) {
      this.level = level;
      return this;
    }

    /** Compression threads; default: the available processors. Does not change the bytes. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder listener(SiegeListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Writes the archive and its {@code .sha256}; throws with a message naming the culprit. */
    public ArchiveResult write() throws SiegeException {
      return new BundleArchiver(this).run();
    }
  }

  private ArchiveResult run() throws SiegeException {
    Path target = output.toAbsolutePath().normalize();
    String top = checkPaths(target);
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "archiving " + dir + " into " + output));
    return archive(target, top);
  }

  private ArchiveResult archive(Path target, String top) throws SiegeException {
    BundleLayout layout = BundleLayout.at(dir);
    if (!Files.isRegularFile(layout.metadata())) {
      note("%s has no %s: archiving it as a plain directory, not a bundle made by 'siege build'",
          dir, BundleLayout.METADATA);
    }
    // Parse SHA256SUMS (20,000 lines for a big bundle) while the walk runs: both are start-up
    // work that nothing else overlaps.
    FutureTask<Sha256Sums> sums = null;
    if (Files.isRegularFile(layout.checksums(), LinkOption.NOFOLLOW_LINKS)) {
      sums = new FutureTask<>(() -> Sha256Sums.read(layout.checksums()));
      Thread reader = new Thread(sums, "siege-sums-reader");
      reader.setDaemon(true);
      reader.start();
    }
    TreeScanner.ScannedTree tree;
    try {
      tree = TreeScanner.scan(dir);
    } catch (IOException e) {
      throw new SiegeException("cannot read the directory: " + e, null, dir, 0, e);
    }
    List<TreeEntry> entries = sumsLast(tree.entries());
    TreeEntry last = entries.get(entries.size() - 1);
    ChecksumCheck check;
    if (sums != null && last.relative().equals(BundleLayout.CHECKSUMS) && last.kind() == TreeEntry.Kind.FILE) {
      check = ChecksumCheck.against(last.path(), result(sums), entries);
    } else if (Files.exists(layout.checksums(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException("is not a regular file", "remove it or rebuild the bundle", layout.checksums(), 0, null);
    } else {
      note("%s has no %s: computing it while archiving and adding it as the archive's last entry",
          dir, BundleLayout.CHECKSUMS);
      check = ChecksumCheck.computing();
    }
    return writeAtomically(target, top, entries, check, tree.fileBytes());
  }

  private static Sha256Sums result(FutureTask<Sha256Sums> task) throws SiegeException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SiegeException("interrupted: no archive written", null, null, 0, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SiegeException se) {
        throw se;
      }
      throw new IllegalStateException("reading SHA256SUMS failed unexpectedly", e.getCause());
    }
  }

  /** Validates input and output; returns the archive's top-level directory name. */
  private String checkPaths(Path target) throws SiegeException {
    if (!Files.isDirectory(dir)) {
      throw new SiegeException(
          Files.exists(dir) ? "is not a directory" : "does not exist",
          "give the bundle directory that 'siege build' wrote",
          dir,
          0,
          null);
    }
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new SiegeException("cannot archive the file system root", "give a bundle directory", dir, 0, null);
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SiegeException("the archive's directory does not exist", "create it first", parent, 0, null);
    }
    if (Files.isDirectory(target)) {
      throw new SiegeException("is a directory", "give the archive's file name, e.g. bundle.tar.gz", target, 0, null);
    }
    try {
      if (parent.toRealPath().startsWith(dir.toRealPath())) {
        throw new SiegeException(
            "the archive would be written inside the directory it archives",
            "write it next to the directory instead",
            target,
            0,
            null);
      }
    } catch (IOException e) {
      throw new SiegeException("cannot resolve: " + e, null, parent, 0, e);
    }
    return name.toString();
  }

  /** Moves the top-level SHA256SUMS to the end: the same place a computed one takes. */
  private static List<TreeEntry> sumsLast(List<TreeEntry> entries) {
    List<TreeEntry> ordered = new ArrayList<>(entries.size());
    TreeEntry sums = null;
    for (TreeEntry e : entries) {
      if (e.relative().equals(BundleLayout.CHECKSUMS)) {
        sums = e;
      } else {
        ordered.add(e);
      }
    }
    if (sums != null) {
      ordered.add(sums);
    }
    return ordered;
  }

  private ArchiveResult writeAtomically(
      Path target, String top, List<TreeEntry> entries, ChecksumCheck check, long inputBytes)
      throws SiegeException {
    String unique = "." + UUID.randomUUID().toString().substring(0, 8) + ".part";
    Path temp = target.resolveSibling("." + target.getFileName() + unique);
    Path checksumFile = target.resolveSibling(target.getFileName() + ".sha256");
    Path checksumTemp = target.resolveSibling("." + checksumFile.getFileName() + unique);
    Compressor compressor = null;
    OutputStream file = null;
    boolean complete = false;
    try {
      file = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      MessageDigest archiveDigest = Sha256Sums.newDigest();
      compressor = Compressor.open(format, new DigestOutputStream(file, archiveDigest), level, threads);
      ReproducibleTarWriter tar = new ReproducibleTarWriter(compressor.stream());
      int count = new ArchivePass(tar, top, check, listener, inputBytes).write(entries);
      tar.finish();
      compressor.finish();
      String sha256 = HexFormat.of().formatHex(archiveDigest.digest());
      Files.writeString(
          checksumTemp,
          Sha256Sums.formatLine(target.getFileName().toString(), sha256),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW);
      long bytes = Files.size(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(checksumTemp, checksumFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      complete = true;
      return new ArchiveResult(target, checksumFile, format, bytes, inputBytes, sha256, count, check.computes());
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new SiegeException("interrupted: no archive written", null, target, 0, e);
    } catch (IOException e) {
      throw new SiegeException("cannot write the archive: " + e, null, target, 0, e);
    } finally {
      if (!complete) {
        if (compressor != null) {
          compressor.abort();
        } else if (file != null) {
          closeQuietly(file);
        }
        deleteQuietly(temp);
        deleteQuietly(checksumTemp);
      }
    }
  }

  private void note(String format, Object... args) {
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, String.format(format, args)));
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException ignored) {
      // the partial file is deleted next
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing better to do: the name is unique and starts with a dot
    }
  }
}
