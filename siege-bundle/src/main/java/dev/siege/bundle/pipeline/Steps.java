package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.plan.StepId;
import java.time.Duration;

/** Runs a pipeline step between its started and finished events, whatever the outcome. */
final class Steps {

  /** A step's work. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws SiegeException, InterruptedException;
  }

  private Steps() {}

  public static <T> T run(StepId id, SiegeListener listener, Body<T> body) throws SiegeException, InterruptedException {
    listener.on(new SiegeEvent.StepStarted(id));
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = body.run();
      ok = true;
      return result;
    } finally {
      listener.on(new SiegeEvent.StepFinished(id, Duration.ofNanos(System.nanoTime() - start), ok));
    }
  }

  /** Reports a step that does not run, and why. */
  public static void skip(StepId id, String reason, SiegeListener listener) {
    listener.on(new SiegeEvent.StepSkipped(id, reason));
  }
}
