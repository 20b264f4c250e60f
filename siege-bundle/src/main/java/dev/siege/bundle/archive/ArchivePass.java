package dev.siege.bundle.archive;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Future;

/**
 * The single read pass of an archive: every entry goes into the tar in order as the walk ({@link
 * ScanAhead}) hands it over, each file's bytes are hashed as they stream through and held to the
 * {@link ChecksumCheck}, progress is reported every MiB once the walk knows the total, and an
 * interrupt stops the pass between two reads.
 */
final class ArchivePass {
  // As large as the tar writer's buffer: a full read goes to the compressor without a copy.
  private static final int READ_BUFFER = ReproducibleTarWriter.BUFFER;
  private static final long PROGRESS_STEP = 1 << 20;

  private final ReproducibleTarWriter tar;
  private final String top;
  private final ChecksumCheck check;
  private final SiegeListener listener;
  private final Future<FileStamps> stampsRead;
  private final byte[] buffer = new byte[READ_BUFFER];
  private Boolean posix; // whether the files have unix modes, known at the first file
  private final MessageDigest digest = Sha256Sums.newDigest();
  private FileStamps stamps;
  private ScanAhead scan;
  private long done;
  private int trusted;
  private long reported;

  /**
   * @param top the archive's top-level directory name
   * @param stamps digests remembered by the build (read on another thread; the pass waits for them
   *     before its first file): a file whose stamp still matches is not hashed again (its
   *     remembered digest is held to the check instead)
   */
  ArchivePass(ReproducibleTarWriter tar, String top, ChecksumCheck check, SiegeListener listener,
      Future<FileStamps> stamps) {
    this.stampsRead = stamps;
    this.tar = tar;
    this.top = top;
    this.check = check;
    this.listener = listener;
  }

  /**
   * Writes the entries of {@code scan} (the top-level SHA256SUMS, or one computed, last); returns
   * how many entries it wrote.
   */
  int write(ScanAhead scan, Path sumsFile) throws IOException, SiegeException {
    this.scan = scan;
    int count = 0;
    TreeEntry sums = null;
    for (TreeEntry e = scan.next(); e != null; e = scan.next()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException();
      }
      if (e.relative().equals(BundleLayout.CHECKSUMS)) {
        sums = e; // always the last entry
        continue;
      }
      write(e);
      count++;
    }
    if (check.computes()) {
      if (sums != null) {
        throw new SiegeException("appeared while the directory was being archived", "run again", sumsFile, 0, null);
      }
      byte[] computed = check.computedFile();
      tar.beginFile(top + "/" + BundleLayout.CHECKSUMS, 0644, computed.length);
      tar.write(computed, 0, computed.length);
      tar.closeFile();
    } else if (sums == null || sums.kind() != TreeEntry.Kind.FILE) {
      throw new SiegeException(
          sums == null ? "disappeared while the directory was being archived" : "is not a regular file",
          "rebuild the bundle with 'siege build'", sumsFile, 0, null);
    } else {
      write(sums);
    }
    check.finish();
    progress();
    return count + 1;
  }

  private void write(TreeEntry e) throws IOException, SiegeException {
    String name = e.archiveName(top);
    switch (e.kind()) {
      case DIRECTORY -> tar.directory(name, e.mode());
      case SYMLINK -> tar.symlink(name, e.linkTarget(), e.mode());
      case FILE -> check.file(e, copy(e, name));
    }
  }

  /** Streams one file into the tar, hashing it on the way; returns its sha256. */
  private String copy(TreeEntry e, String name) throws IOException, SiegeException {
    // Asked before the file is opened: a write after this point changes its size (caught below)
    // or its content, which the next build or 'siege verify' (which never trusts stamps) catches.
    if (stamps == null) {
      stamps = Background.result(stampsRead, "reading the build's stamps");
    }
    String known = stamps.digest(e.relative(), e.path()).orElse(null);
    digest.reset();
    long remaining = e.size();
    try (InputStream in = open(e, known != null)) {
      tar.beginFile(name, e.mode(), e.size());
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changedWhileArchiving(e);
        }
        if (known == null) {
          digest.update(buffer, 0, n);
        }
        tar.write(buffer, 0, n);
        remaining -= n;
        done += n;
        if (done - reported >= PROGRESS_STEP) {
          progress();
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException();
        }
      }
      if (in.read() >= 0) {
        throw changedWhileArchiving(e);
      }
    }
    tar.closeFile();
    if (known != null) {
      trusted++;
      return known;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Opens a file the walk saw, first making sure it still is what the walk saw: a regular file
   * (opening a fifo swapped in since would wait for a writer for ever), of that size and mode.
   *
   * @param stamped whether its stamp just matched: the same inode, size and ctime (which a chmod
   *     moves) already say so, and the check is not repeated
   */
  private InputStream open(TreeEntry e, boolean stamped) throws SiegeException {
    if (stamped) {
      return newInputStream(e);
    }
    if (posix == null) {
      posix = e.path().getFileSystem().supportedFileAttributeViews().contains("posix");
    }
    BasicFileAttributes now;
    try {
      now = posix
          ? Files.readAttributes(e.path(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          : Files.readAttributes(e.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException x) {
      throw changedWhileArchiving(e, "disappeared while being archived");
    } catch (IOException x) {
      throw cannotRead(e, x);
    }
    if (!now.isRegularFile()) {
      throw changedWhileArchiving(e, "is no longer a regular file: it changed while being archived");
    }
    if (now.size() != e.size()) {
      throw changedWhileArchiving(e);
    }
    if (now instanceof PosixFileAttributes p && TreeScanner.bits(p.permissions()) != e.mode()) {
      throw changedWhileArchiving(e, "changed mode while being archived");
    }
    return newInputStream(e);
  }

  private static InputStream newInputStream(TreeEntry e) throws SiegeException {
    try {
      return Files.newInputStream(e.path(), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException x) {
      throw cannotRead(e, x);
    }
  }

  private static SiegeException cannotRead(TreeEntry e, IOException x) {
    return new SiegeException("cannot read " + e.relative() + ": " + x.getMessage(), null, e.path(), 0, x);
  }

  /** Files whose digest came from the build's stamps instead of being computed. */
  int trusted() {
    return trusted;
  }

  private static SiegeException changedWhileArchiving(TreeEntry e) {
    return changedWhileArchiving(e, "changed size while being archived");
  }

  private static SiegeException changedWhileArchiving(TreeEntry e, String what) {
    return new SiegeException(
        what + ": " + e.relative(),
        "stop whatever writes into the directory and run again",
        e.path(),
        0,
        null);
  }

  /** Reports the bytes done, once the walk knows how many there are in all. */
  private void progress() {
    reported = done;
    long total = scan.fileBytes();
    if (total >= 0) {
      listener.on(new SiegeEvent.Progress(BundleArchiver.TASK, done, total, SiegeEvent.Unit.BYTES));
    }
  }
}
