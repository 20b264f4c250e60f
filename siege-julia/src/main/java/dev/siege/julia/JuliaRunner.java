package dev.siege.julia;

import dev.siege.core.event.SiegeListener;

/**
 * Runs Julia. {@code ProcessJuliaRunner} starts a real {@code julia}; the testkit's {@code
 * FakeJuliaRunner} answers as Julia would. Everything that starts Julia goes through here.
 */
public interface JuliaRunner {

  /**
   * Runs {@code call} to completion, reporting output lines and script progress to {@code
   * listener} while it runs.
   *
   * @throws JuliaException when Julia cannot be started, exits non-zero or times out
   * @throws InterruptedException when the calling thread is interrupted; the process tree has
   *     been ended by then
   */
  JuliaResult run(JuliaCall call, SiegeListener listener) throws JuliaException, InterruptedException;
}
