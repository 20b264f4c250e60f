package dev.siege.julia;

import dev.siege.core.plan.JuliaScript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Julia process that exited 0.
 *
 * @param results key/value results the script reported on its machine-readable result lines
 * @param stdout the lines written to standard output (for {@link JuliaScript#VERSION} and probes)
 * @param logFile the saved output, or null when the call asked for no log
 */
public record JuliaResult(
    JuliaScript script, Map<String, String> results, List<String> stdout, Duration elapsed, Path logFile) {

  public JuliaResult {
    Objects.requireNonNull(script, "script");
    results = Map.copyOf(results);
    stdout = List.copyOf(stdout);
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
