package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

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
  private final long split;
  private final boolean selfExtracting;
  private final boolean useStamps;

  private BundleArchiver(Builder b) {
    this.dir = b.dir;
    this.output = Objects.requireNonNull(b.output, "output(...) is required");
    CompressionSettings c = CompressionSettings.of(b.output, b.format, ArchiveFormat.TAR_GZ, b.level, b.threads, b.split);
    this.format = c.format();
    this.level = c.level();
    this.threads = c.threads();
    this.split = c.split();
    this.listener = b.listener;
    this.selfExtracting = b.selfExtracting;
    this.useStamps = b.useStamps;
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
    private long split;
    private boolean selfExtracting;
    private boolean useStamps = true;

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

    /**
     * Writes the archive as parts of at most {@code bytes} bytes, {@code NAME.part-001} and on,
     * which {@code cat NAME.part-* > NAME} joins; {@code NAME.sha256} lists every part and the
     * whole. 0 (the default) writes one file.
     */
    public Builder split(long bytes) {
      this.split = bytes;
      return this;
    }

    /**
     * Writes {@code NAME.run} instead of the archive (NAME: the output without its archive
     * extension): a POSIX sh script followed by the archive, which checks its own payload and
     * unpacks the bundle ({@link SelfExtractor}).
     */
    public Builder selfExtracting(boolean selfExtracting) {
      this.selfExtracting = selfExtracting;
      return this;
    }

    /**
     * Whether the digests the build remembered beside the bundle ({@link FileStamps}) may stand
     * in for hashing a file whose size, times and inode are unchanged since (default: yes).
     */
    public Builder useStamps(boolean useStamps) {
      this.useStamps = useStamps;
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
    // Reading SHA256SUMS and the stamps (20,000 lines each for a big bundle) and the walk run
    // beside the pass: compression starts with the first entries instead of after all three.
    ChecksumCheck check;
    Future<FileStamps> stamps = CompletableFuture.completedFuture(FileStamps.empty());
    List<Background.Task<?>> reads = new ArrayList<>();
    if (Files.isRegularFile(layout.checksums(), LinkOption.NOFOLLOW_LINKS)) {
      if (useStamps) {
        Background.Task<FileStamps> read =
            Background.start("siege-stamps-reader", () -> FileStamps.read(FileStamps.fileFor(dir)));
        reads.add(read);
        stamps = read;
      }
      Background.Task<ChecksumCheck.Listed> sums =
          Background.start("siege-sums-reader", () -> ChecksumCheck.read(layout.checksums()));
      reads.add(sums);
      check = ChecksumCheck.against(layout.checksums(), sums);
    } else if (Files.exists(layout.checksums(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException("is not a regular file", "remove it or rebuild the bundle", layout.checksums(), 0, null);
    } else {
      note("%s has no %s: computing it while archiving and adding it as the archive's last entry",
          dir, BundleLayout.CHECKSUMS);
      check = ChecksumCheck.computing();
    }
    try {
      return writeAtomically(target, top, check, stamps, layout.checksums());
    } finally {
      reads.forEach(Background.Task::close); // still running only when the run failed
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

  private ArchiveResult writeAtomically(
      Path target, String top, ChecksumCheck check, Future<FileStamps> stamps, Path sumsFile)
      throws SiegeException {
    Path product = selfExtracting ? SelfExtractor.runFile(target) : target;
    Compressor compressor = null;
    ArchiveOutput file = null;
    boolean complete = false;
    ScanAhead scan = ScanAhead.start(dir, check::listing);
    try {
      file = split > 0 ? ArchiveOutput.split(product, split) : ArchiveOutput.single(product);
      SelfExtractor extractor = selfExtracting ? new SelfExtractor(format, top) : null;
      if (extractor != null) {
        extractor.writeHeader(file);
      }
      // The payload's own sha256 is only needed by a self-extracting file, whose payload follows a
      // header; otherwise it is the file's, which ArchiveOutput computes (hashing the compressed
      // bytes twice cost ~0.15 s of CPU on bench/bundle.sh's tree).
      MessageDigest archiveDigest = extractor != null ? Sha256Sums.newDigest() : null;
      OutputStream payload = extractor != null ? new DigestOutputStream(keepOpen(file), archiveDigest) : file;
      compressor = Compressor.open(format, payload, level, threads);
      ReproducibleTarWriter tar = new ReproducibleTarWriter(compressor.stream());
      ArchivePass pass = new ArchivePass(tar, top, check, listener, stamps);
      int count = pass.write(scan, sumsFile);
      long inputBytes = scan.fileBytes();
      tar.finish();
      compressor.finish();
      if (extractor != null) {
        extractor.writeTrailer(file, HexFormat.of().formatHex(archiveDigest.digest()));
      }
      file.close();
      long bytes = file.bytes();
      String sha256 = file.sha256();
      List<Path> stale = file.commit();
      complete = true;
      for (Path p : stale) {
        note("deleted %s, a part of an earlier split that the new one does not have", p.getFileName());
      }
      return new ArchiveResult(
          product, ArchiveOutput.checksumFile(product), format, bytes, inputBytes, sha256, count, check.computes(),
          file.files(), selfExtracting, pass.trusted());
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new SiegeException("interrupted: no archive written", null, target, 0, e);
    } catch (IOException e) {
      throw new SiegeException("cannot write the archive: " + e.getMessage(), null, product, 0, e);
    } finally {
      scan.close();
      if (!complete) {
        if (compressor != null) {
          compressor.abort();
        }
        if (file != null) {
          file.abort();
        }
      }
    }
  }

  /** Lets the compressor close its stream without closing the file, which the trailer follows. */
  private static OutputStream keepOpen(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  private void note(String format, Object... args) {
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, String.format(format, args)));
  }

}
