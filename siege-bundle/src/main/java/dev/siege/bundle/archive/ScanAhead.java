package dev.siege.bundle.archive;

import dev.siege.core.SiegeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The metadata walk ({@link TreeScanner}) run on its own thread ahead of the archive pass, so that
 * compression starts with the first entries instead of after the whole walk (on a bundle of 20,000
 * files the walk takes about 0.2 s, which nothing overlapped). The pass takes the entries in
 * archive order with {@link #next()}; whatever the walk or the {@linkplain Check check after it}
 * throws is thrown there, at the pass's next entry, so a refused tree stops the pass early.
 */
final class ScanAhead implements AutoCloseable {
  /** Runs on the walk's thread once every entry is known, before the pass has written them all. */
  @FunctionalInterface
  interface Check {
    void check(List<TreeEntry> entries) throws SiegeException;
  }

  private static final Object END = new Object();

  /**
   * The walk's stack: it recurses once per directory level, and a tree as deep as a path can go
   * (about 2,000 levels of one-letter names within Linux's 4,096-byte PATH_MAX) overflowed the
   * default 1 MB.
   */
  private static final long STACK_BYTES = 16L << 20;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile Throwable failure;
  private volatile long fileBytes = -1;
  private boolean ended;

  private ScanAhead(Path root, Check check) {
    thread = new Thread(null, () -> run(root, check), "siege-scan", STACK_BYTES);
    thread.setDaemon(true);
  }

  /** Starts walking {@code root}; {@code check} sees every entry once the walk is done. */
  static ScanAhead start(Path root, Check check) {
    ScanAhead scan = new ScanAhead(root, check);
    scan.thread.start();
    return scan;
  }

  private void run(Path root, Check check) {
    List<TreeEntry> entries = new ArrayList<>();
    try {
      long bytes = TreeScanner.walk(root, e -> {
        entries.add(e);
        queue.add(e);
      });
      check.check(entries);
      fileBytes = bytes;
    } catch (InterruptedIOException e) {
      failure = e; // the pass stopped first: what it threw is what counts
    } catch (IOException e) {
      failure = new SiegeException("cannot read the directory: " + e, null, root, 0, e);
    } catch (StackOverflowError e) {
      failure = new SiegeException("the directory is nested too deeply to be archived", null, root, 0, e);
    } catch (Throwable e) {
      failure = e; // an Error too: ending the queue without it would pass for the end of the tree
    } finally {
      queue.add(END);
    }
  }

  /**
   * The next entry in archive order, or null after the last one.
   *
   * @throws SiegeException what the walk or the check refused
   * @throws IOException what the walk could not read
   * @throws InterruptedIOException when the calling thread is interrupted while waiting
   */
  TreeEntry next() throws SiegeException, IOException {
    rethrow();
    if (ended) {
      return null;
    }
    Object next;
    try {
      next = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while walking the directory");
    }
    if (next == END) {
      ended = true;
      rethrow();
      return null;
    }
    return (TreeEntry) next;
  }

  /** The total size of the files, once the walk and its check are done; -1 before. */
  long fileBytes() {
    return fileBytes;
  }

  private void rethrow() throws SiegeException, IOException {
    Throwable e = failure;
    if (e instanceof SiegeException se) {
      throw se;
    }
    if (e instanceof IOException io) {
      throw io;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw (RuntimeException) e;
    }
  }

  /**
   * Stops the walk if it is still running (the pass failed or was interrupted) and waits for its
   * thread to end, keeping the caller's interrupt: no walk outlives the run.
   */
  @Override
  public void close() {
    Background.stop(thread);
  }
}
