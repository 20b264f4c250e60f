package dev.siege.testkit;

import dev.siege.core.event.SiegeEvent;
import dev.siege.julia.script.ScriptProtocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one fake Julia process did: its output lines in the order written (protocol lines
 * included, as the scripts print them) and its exit code.
 */
public record FakeJuliaOutcome(int exitCode, List<FakeJuliaOutcome.Line> lines) {

  public FakeJuliaOutcome {
    lines = List.copyOf(lines);
  }

  /** One line on one stream. */
  public record Line(SiegeEvent.Stream stream, String text) {
    public Line {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The results of the {@code ##siege result} lines on stdout, as the real runner collects them. */
  public Map<String, String> results() {
    Map<String, String> results = new LinkedHashMap<>();
    for (Line line : lines) {
      if (line.stream() == SiegeEvent.Stream.STDOUT
          && ScriptProtocol.parse(line.text()).orElse(null) instanceof ScriptProtocol.Result r) {
        results.put(r.key(), r.value());
      }
    }
    return Map.copyOf(results);
  }

  /** The lines on {@code stream}, protocol lines included. */
  public List<String> lines(SiegeEvent.Stream stream) {
    return lines.stream().filter(l -> l.stream() == stream).map(Line::text).toList();
  }
}
