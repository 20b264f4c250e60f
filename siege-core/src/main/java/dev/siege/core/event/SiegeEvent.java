package dev.siege.core.event;

import dev.siege.core.check.Diagnostic;
import java.time.Duration;
import java.util.Objects;

/**
 * What the library reports while it works. The library never prints: callers register a
 * {@link SiegeListener} and render these (the CLI turns them into console output).
 */
public sealed interface SiegeEvent {

  /** A pipeline step began. {@code step} is the step's stable id (e.g. {@code sysimage}). */
  record StepStarted(String step, String description) implements SiegeEvent {
    public StepStarted {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(description, "description");
    }
  }

  /** A pipeline step ended, successfully or not, after {@code elapsed}. */
  record StepFinished(String step, Duration elapsed, boolean succeeded) implements SiegeEvent {
    public StepFinished {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /** One line a Julia process wrote, delivered while the process runs. */
  record JuliaOutput(String purpose, Stream stream, String line) implements SiegeEvent {
    public JuliaOutput {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * Progress of a long task: {@code done} of {@code total} {@code unit}s ({@code total} is -1
   * when unknown).
   */
  record Progress(String task, long done, long total, String unit) implements SiegeEvent {
    public Progress {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(unit, "unit");
    }
  }

  /** A problem found by a check, reported as it is found. */
  record DiagnosticReported(Diagnostic diagnostic) implements SiegeEvent {
    public DiagnosticReported {
      Objects.requireNonNull(diagnostic, "diagnostic");
    }
  }

  /** A human-readable note or warning that belongs to no other event. */
  record Message(Level level, String text) implements SiegeEvent {
    public Message {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(text, "text");
    }
  }

  /** Which output stream of a process a line came from. */
  enum Stream {
    STDOUT,
    STDERR
  }

  /** Importance of a {@link Message}. */
  enum Level {
    DEBUG,
    INFO,
    WARNING
  }
}
