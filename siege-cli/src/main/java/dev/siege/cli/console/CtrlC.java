package dev.siege.cli.console;

import dev.siege.core.SiegeException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs long work so that Ctrl-C interrupts it and the JVM waits for its cleanup (temporary
 * files deleted, Julia stopped) before exiting: the shutdown hook interrupts the working thread
 * and waits until the work has returned.
 */
public final class CtrlC {

  /** Work that may be interrupted. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SiegeException, InterruptedException;
  }

  private static final long CLEANUP_SECONDS = 60;

  private CtrlC() {}

  public static <T> T run(String name, Work<T> work) throws SiegeException, InterruptedException {
    Thread worker = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      worker.interrupt();
      try {
        done.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "siege-" + name + "-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.run();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it returns now that the latch is open.
      }
    }
  }
}
