package dev.siege.testkit;

import dev.siege.core.event.SiegeEvent;
import dev.siege.julia.script.ScriptProtocol;
import java.util.ArrayList;
import java.util.List;

/** The lines a fake Julia process writes, in order; protocol lines formatted as {@code siege_protocol.jl} does. */
final class FakeOutput {
  private final List<FakeJuliaOutcome.Line> lines = new ArrayList<>();

  void out(String line) {
    lines.add(new FakeJuliaOutcome.Line(SiegeEvent.Stream.STDOUT, line));
  }

  /** Pkg and PackageCompiler write their messages to stderr. */
  void err(String line) {
    lines.add(new FakeJuliaOutcome.Line(SiegeEvent.Stream.STDERR, line));
  }

  void result(String key, Object value) {
    out(ScriptProtocol.result(key, String.valueOf(value)));
  }

  void progress(long done, long total, String text) {
    out(ScriptProtocol.progress(done, total, text));
  }

  List<FakeJuliaOutcome.Line> lines() {
    return List.copyOf(lines);
  }
}
