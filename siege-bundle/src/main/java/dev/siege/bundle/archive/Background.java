package dev.siege.bundle.archive;

import dev.siege.core.SiegeException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** Start-up reads of the archive pass (SHA256SUMS, the build's stamps) run beside the walk. */
final class Background {
  private Background() {}

  /** Runs {@code task} on a new daemon thread called {@code name}. */
  static <T> Future<T> start(String name, Callable<T> task) {
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread = new Thread(future, name);
    thread.setDaemon(true);
    thread.start();
    return future;
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
