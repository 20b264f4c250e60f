package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import java.util.List;

/** The environment has errors that would make the build fail: all of them, found before any Julia work. */
public final class EnvironmentException extends SiegeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> errors;

  public EnvironmentException(List<Diagnostic> errors) {
    super(message(errors), errors.get(0).hint(), errors.get(0).file(), errors.get(0).line(), null);
    this.errors = List.copyOf(errors);
  }

  private static String message(List<Diagnostic> errors) {
    Diagnostic first = errors.get(0);
    return errors.size() == 1
        ? first.message()
        : first.message() + " (and " + (errors.size() - 1) + " more error" + (errors.size() == 2 ? "" : "s")
            + "; `siege check` lists them all)";
  }

  /** Every error, in the order the checks found them. */
  public List<Diagnostic> errors() {
    return errors;
  }
}
