package dev.siege.bundle.archive;

import dev.siege.core.SiegeException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Start-up reads of the archive pass (SHA256SUMS, the build's stamps) run beside the walk. */
final class Background {
  /** How long {@link Task#close} waits for a read to notice its interrupt (it takes milliseconds). */
  private static final long READ_STOP_MILLIS = 10_000;

  private Background() {}

  /** A read running on its own thread; {@link #close} stops it and waits for the thread to end. */
  static final class Task<T> extends FutureTask<T> implements AutoCloseable {
    private final Thread thread;

    private Task(String name, Callable<T> task) {
      super(task);
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    /**
     * Interrupts the read if it is still running and waits for its thread to end, but not for
     * ever: a read stuck opening a fifo (swapped in after the file was checked) cannot be
     * interrupted, and is left to the daemon thread rather than hanging the run.
     */
    @Override
    public void close() {
      stop(thread, READ_STOP_MILLIS);
    }
  }

  /** Runs {@code task} on a new daemon thread called {@code name}. */
  static <T> Task<T> start(String name, Callable<T> task) {
    Task<T> started = new Task<>(name, task);
    started.thread.start();
    return started;
  }

  /**
   * Interrupts {@code thread} if it is alive and waits for it to end; an interrupt of the caller
   * while it waits is kept for the caller, not lost.
   */
  static void stop(Thread thread) {
    stop(thread, 0);
  }

  /** As {@link #stop(Thread)}, waiting at most {@code millis} (0: for as long as it takes). */
  private static void stop(Thread thread, long millis) {
    boolean interrupted = false;
    if (thread.isAlive()) {
      thread.interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (thread.isAlive()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (millis > 0 && left <= 0) {
        break;
      }
      try {
        thread.join(millis > 0 ? left : 0);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The result of {@code future}, waiting for it; what the task threw as a SiegeException is
   * thrown as it is, an interrupt says that no archive was written.
   *
   * @param what what the task does, for an unexpected failure
   */
  static <T> T result(Future<T> future, String what) throws SiegeException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SiegeException("interrupted: no archive written", null, null, 0, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SiegeException se) {
        throw se;
      }
      throw new IllegalStateException(what + " failed unexpectedly", e.getCause());
    }
  }
}
