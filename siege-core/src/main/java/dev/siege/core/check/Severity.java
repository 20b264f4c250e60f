package dev.siege.core.check;

/** How serious a {@link Diagnostic} is: errors stop a build before any Julia work. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** Lower-case label used in {@code file:line: severity: message} output. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
