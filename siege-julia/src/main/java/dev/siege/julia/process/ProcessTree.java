package dev.siege.julia.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and every descendant. PackageCompiler starts child {@code julia} and {@code
 * gcc} processes (JULIA-FACTS §1, build internals) that would survive their parent otherwise.
 */
final class ProcessTree {

  private ProcessTree() {}

  /**
   * Asks the whole tree to stop (SIGTERM), waits up to {@code grace}, then kills what is left
   * (SIGKILL) and waits for it to be gone. Descendants are listed before anything is signalled:
   * once the parent dies its children are re-parented and can no longer be found from it.
   */
  static void destroy(ProcessHandle root, Duration grace) {
    Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    boolean interrupted = awaitExit(tree, grace);
    if (root.isAlive()) {
      tree.addAll(root.descendants().toList()); // started between the listing and the signal
    }
    List<ProcessHandle> alive = new ArrayList<>();
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
        alive.add(h);
      }
    }
    interrupted |= awaitExit(alive, grace.plusSeconds(10));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (uninterruptibly, up to {@code max}) for all of {@code handles} to exit; true if interrupted meanwhile. */
  private static boolean awaitExit(Iterable<ProcessHandle> handles, Duration max) {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    handles.forEach(h -> exits.add(h.onExit()));
    CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
    long deadline = System.nanoTime() + max.toNanos();
    boolean interrupted = false;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return interrupted;
      }
      try {
        all.get(left, TimeUnit.NANOSECONDS);
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true; // finish ending the tree first; the caller sees the interrupt
      } catch (ExecutionException | TimeoutException e) {
        return interrupted;
      }
    }
  }
}
