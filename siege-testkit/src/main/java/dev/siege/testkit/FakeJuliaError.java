package dev.siege.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends a fake Julia process the way Julia ends: the stderr lines it would print and its exit
 * code (1 for an uncaught error and for the scripts' {@code siege_fail}).
 */
final class FakeJuliaError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> stderr;
  private final int exitCode;

  FakeJuliaError(List<String> stderr, int exitCode) {
    super(String.join("\n", stderr), null, false, false);
    this.stderr = List.copyOf(stderr);
    this.exitCode = exitCode;
  }

  /** What the scripts' {@code siege_fail(message)} prints before {@code exit(1)}. */
  static FakeJuliaError siegeFail(String message) {
    return new FakeJuliaError(List.of("SIEGE: " + message), 1);
  }

  /**
   * An uncaught error in {@code script}: {@code ERROR: LoadError: <first line>}, the further
   * lines, a one-frame stack trace and the {@code in expression starting at} line, exit code 1.
   */
  static FakeJuliaError uncaught(String script, String first, String... more) {
    List<String> lines = new ArrayList<>();
    lines.add("ERROR: LoadError: " + first);
    lines.addAll(List.of(more));
    lines.add("Stacktrace:");
    lines.add(" [1] top-level scope");
    lines.add("   @ " + script + ":1");
    lines.add("in expression starting at " + script + ":1");
    return new FakeJuliaError(lines, 1);
  }

  List<String> stderr() {
    return stderr;
  }

  int exitCode() {
    return exitCode;
  }
}
