package dev.siege.core.event;

import dev.siege.core.check.Diagnostic;
import dev.siege.core.plan.JuliaScript;
import dev.siege.core.plan.StepId;
import java.time.Duration;
import java.util.Objects;

/**
 * What the library reports while it works. The library never prints: callers register a
 * {@link SiegeListener} and render these (the CLI turns them into console output).
 */
public sealed interface SiegeEvent {

  /** A pipeline step began. */
  record StepStarted(StepId step) implements SiegeEvent {
    public StepStarted {
      Objects.requireNonNull(step, "step");
    }
  }

  /** A pipeline step ended, successfully or not, after {@code elapsed}. */
  record StepFinished(StepId step, Duration elapsed, boolean succeeded) implements SiegeEvent {
    public StepFinished {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /** A step of the plan that does not run, and why (e.g. no sysimage was asked for). */
  record StepSkipped(StepId step, String reason) implements SiegeEvent {
    public StepSkipped {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** One line a Julia process wrote, delivered while the process runs. */
  record JuliaOutput(JuliaScript script, Stream stream, String line) implements SiegeEvent {
    public JuliaOutput {
      Objects.requireNonNull(script, "script");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * Progress of a long task: {@code done} of {@code total} {@code unit}s ({@code total} is -1
   * when unknown).
   */
  record Progress(String task, long done, long total, Unit unit) implements SiegeEvent {
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

  /** What a {@link Progress} counts. */
  enum Unit {
    BYTES,
    FILES,
    /** Steps a Julia script reported (e.g. packages precompiled). */
    STEPS;

    /** Lower-case name, e.g. {@code bytes}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
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
