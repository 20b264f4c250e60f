package dev.siege.testkit;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.julia.Purpose;
import dev.siege.julia.script.ScriptProtocol;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link JuliaRunner} that answers each call in-process as Julia would, through {@link
 * FakeJulia}, and records every call. Thread-safe.
 *
 * <ul>
 *   <li>VERSION: stdout {@code julia version <version>}.
 *   <li>PROBE: results {@code julia_version arch os libc cpu_name bindir word_size triplet}.
 *   <li>TOOLS (parameters {@code tool_project}, {@code packagecompiler_version}; DEPOT_PATH[1]
 *       from {@code JULIA_DEPOT_PATH} = the tool depot): writes the tool project's Project and
 *       Manifest with PackageCompiler and installs its packages into the tool depot.
 *   <li>INSTANTIATE ({@code project}, {@code include_lazy_artifacts}; DEPOT_PATH[1] = the bundle
 *       depot): resolves a Manifest when there is none, installs {@code packages/<Name>/<slug>}
 *       for every entry with a tree hash, the host's artifacts of every JLL (lazy ones only when
 *       {@code include_lazy_artifacts} is true), {@code registries/General}, {@code compiled/},
 *       {@code logs/}, {@code scratchspaces/}, {@code clones/}; Pkg-like lines on stderr
 *       ({@code Installed X ─ vY} only for packages not already in some depot).
 *   <li>SYSIMAGE (build_sysimage.jl's parameters): fails as Julia does when the package list is
 *       empty, PackageCompiler is not installed in {@code tool_project}, or a package is not in
 *       the project; else writes the sysimage and compile caches.
 *   <li>SMOKE_TEST ({@code packages}): results {@code loaded}, {@code depots}; fails or "downloads"
 *       when the settings say so.
 * </ul>
 *
 * <p>Each purpose can also be told to {@link #fail}, {@link #hang} or {@link #print}. Output
 * reaches the listener as the real runner delivers it: {@code ##siege progress} lines as {@link
 * SiegeEvent.Progress}, result lines collected, every other line as {@link
 * SiegeEvent.JuliaOutput}; the call's log file gets every line.
 */
public final class FakeJuliaRunner implements JuliaRunner {

  private static final int LAST_LINES = 40;

  private final Map<String, String> baseEnvironment;
  private final Map<Purpose, Behaviour> behaviours = new EnumMap<>(Purpose.class);
  private final List<JuliaCall> calls = new ArrayList<>();
  private volatile FakeJuliaSettings settings;

  private record Behaviour(List<FakeJuliaOutcome.Line> print, boolean hang, Integer exitCode, List<String> stderr) {
    static final Behaviour NONE = new Behaviour(List.of(), false, null, List.of());
  }

  /** A runner with {@link FakeJuliaSettings#defaults()} and an empty base environment. */
  public FakeJuliaRunner() {
    this(FakeJuliaSettings.defaults());
  }

  public FakeJuliaRunner(FakeJuliaSettings settings) {
    this(settings, Map.of());
  }

  /**
   * @param baseEnvironment the environment each call's changes apply to (the fake reads only the
   *     result, e.g. {@code JULIA_DEPOT_PATH}, {@code HOME}); never this JVM's own, so a test does
   *     not depend on the machine's variables
   */
  public FakeJuliaRunner(FakeJuliaSettings settings, Map<String, String> baseEnvironment) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.baseEnvironment = Map.copyOf(baseEnvironment);
  }

  public FakeJuliaSettings settings() {
    return settings;
  }

  /** Replaces the settings for later calls. */
  public FakeJuliaRunner settings(FakeJuliaSettings newSettings) {
    this.settings = Objects.requireNonNull(newSettings, "settings");
    return this;
  }

  /** INSTANTIATE will leave the depot's absolute path in these packages' {@code deps/deps.jl}. */
  public synchronized FakeJuliaRunner absolutePathInDepsJl(String... packages) {
    Set<String> names = new LinkedHashSet<>(settings.depsJlWithAbsolutePath());
    names.addAll(Arrays.asList(packages));
    return settings(settings.withAbsolutePathInDepsJl(names));
  }

  /**
   * Calls for {@code purpose} print {@code stderr} and exit with {@code exitCode}, doing nothing
   * else; the runner throws {@link JuliaException} as the real one does.
   */
  public synchronized FakeJuliaRunner fail(Purpose purpose, int exitCode, String... stderr) {
    if (exitCode == 0) {
      throw new IllegalArgumentException("a failing call needs a non-zero exit code");
    }
    Behaviour b = behaviour(purpose);
    behaviours.put(purpose, new Behaviour(b.print(), false, exitCode, List.of(stderr)));
    return this;
  }

  /**
   * Calls for {@code purpose} block until the calling thread is interrupted ({@link
   * InterruptedException}) or the call's timeout passes ({@link JuliaException}).
   */
  public synchronized FakeJuliaRunner hang(Purpose purpose) {
    behaviours.put(purpose, new Behaviour(behaviour(purpose).print(), true, null, List.of()));
    return this;
  }

  /** Calls for {@code purpose} first print {@code lines} on {@code stream}. */
  public synchronized FakeJuliaRunner print(Purpose purpose, SiegeEvent.Stream stream, String... lines) {
    Behaviour b = behaviour(purpose);
    List<FakeJuliaOutcome.Line> print = new ArrayList<>(b.print());
    for (String line : lines) {
      print.add(new FakeJuliaOutcome.Line(stream, line));
    }
    behaviours.put(purpose, new Behaviour(print, b.hang(), b.exitCode(), b.stderr()));
    return this;
  }

  /** Forgets what {@link #fail}, {@link #hang} and {@link #print} said for {@code purpose}. */
  public synchronized FakeJuliaRunner reset(Purpose purpose) {
    behaviours.remove(purpose);
    return this;
  }

  /** Every call so far, in order. */
  public synchronized List<JuliaCall> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<JuliaCall> calls(Purpose purpose) {
    return calls.stream().filter(c -> c.purpose() == purpose).toList();
  }

  /** How many Julia processes would have been started. */
  public synchronized int count() {
    return calls.size();
  }

  public synchronized int count(Purpose purpose) {
    return calls(purpose).size();
  }

  /**
   * Waits until a call for {@code purpose} has started (e.g. before interrupting a hanging build).
   *
   * @return false when {@code timeout} passed first
   */
  public synchronized boolean awaitCall(Purpose purpose, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (calls.stream().noneMatch(c -> c.purpose() == purpose)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private Behaviour behaviour(Purpose purpose) {
    return behaviours.getOrDefault(purpose, Behaviour.NONE);
  }

  @Override
  public JuliaResult run(JuliaCall call, SiegeListener listener) throws JuliaException, InterruptedException {
    Behaviour behaviour;
    FakeJuliaSettings current;
    synchronized (this) {
      calls.add(call);
      notifyAll();
      behaviour = behaviour(call.purpose());
      current = settings;
    }
    long started = System.nanoTime();
    if (!Files.isDirectory(call.workDir())) {
      throw failure(call, "working directory for Julia does not exist: " + call.workDir(), null, List.of());
    }
    Delivery d;
    try {
      d = new Delivery(call, listener);
    } catch (IOException e) {
      throw failure(call, "could not prepare Julia " + describe(call.purpose()) + ": " + e.getMessage(), null, List.of());
    }
    try {
      behaviour.print().forEach(d::line);
      if (behaviour.hang()) {
        hang(call, d);
      }
      int exitCode;
      if (behaviour.exitCode() != null) {
        behaviour.stderr().forEach(l -> d.line(new FakeJuliaOutcome.Line(SiegeEvent.Stream.STDERR, l)));
        exitCode = behaviour.exitCode();
      } else {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        call.env().applyTo(env);
        FakeJuliaOutcome outcome = new FakeJulia(current)
            .run(call.purpose(), call.parameters(), env, call.workDir(), call.juliaOptions());
        outcome.lines().forEach(d::line);
        exitCode = outcome.exitCode();
      }
      d.close();
      if (d.listenerFailure != null) {
        throw d.listenerFailure;
      }
      if (exitCode != 0) {
        throw new JuliaException(call.purpose(),
            "Julia " + describe(call.purpose()) + " failed with exit code " + exitCode + summarySuffix(d.summaryLine()),
            hintWithLog(call, "the last lines of its output are shown with this error"),
            exitCode, d.lastLines(), call.logFile(), null);
      }
      if (d.logFailure != null) {
        throw failure(call, "could not write the Julia log " + call.logFile() + ": " + d.logFailure.getMessage(),
            null, d.lastLines());
      }
      return new JuliaResult(call.purpose(), d.results, d.stdout, Duration.ofNanos(System.nanoTime() - started),
          call.logFile());
    } finally {
      d.close();
    }
  }

  private void hang(JuliaCall call, Delivery d) throws JuliaException, InterruptedException {
    long millis;
    try {
      millis = call.timeout().toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE; // a timeout beyond toMillis(): hang until interrupted
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      d.note("stopped: the calling thread was interrupted");
      d.close();
      throw e;
    }
    d.note("stopped: timed out after " + call.timeout());
    d.close();
    throw failure(call, "Julia " + describe(call.purpose()) + " timed out after " + human(call.timeout())
            + " and was stopped, with every process it started",
        hintWithLog(call, "allow more time (a larger timeout) or look at the output for where it hung"), d.lastLines());
  }

  /** Turns lines into events, results, the log and the last lines, as the real runner's collector does. */
  private static final class Delivery {
    private final String purpose;
    private final SiegeListener listener;
    private final BufferedWriter log;
    private final List<String> all = new ArrayList<>();
    private final List<String> stdout = new ArrayList<>();
    private final Map<String, String> results = new HashMap<>();
    private String lastErrorLine;
    private IOException logFailure;
    private RuntimeException listenerFailure;
    private boolean closed;

    Delivery(JuliaCall call, SiegeListener listener) throws IOException {
      this.purpose = call.purpose().id();
      this.listener = listener;
      if (call.logFile() != null) {
        Path parent = call.logFile().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        this.log = Files.newBufferedWriter(call.logFile(), StandardCharsets.UTF_8);
      } else {
        this.log = null;
      }
    }

    void line(FakeJuliaOutcome.Line line) {
      write(line.text());
      all.add(line.text());
      SiegeEvent event = new SiegeEvent.JuliaOutput(purpose, line.stream(), line.text());
      if (line.stream() == SiegeEvent.Stream.STDERR && !line.text().isBlank()) {
        lastErrorLine = line.text().strip();
      }
      if (line.stream() == SiegeEvent.Stream.STDOUT) {
        var parsed = ScriptProtocol.parse(line.text());
        if (parsed.orElse(null) instanceof ScriptProtocol.Result r) {
          results.put(r.key(), r.value());
          return;
        } else if (parsed.orElse(null) instanceof ScriptProtocol.Progress p) {
          event = new SiegeEvent.Progress(p.text().isEmpty() ? purpose : purpose + ": " + p.text(), p.done(), p.total(), "steps");
        } else {
          stdout.add(line.text());
        }
      }
      if (listenerFailure == null) {
        try {
          listener.on(event);
        } catch (RuntimeException e) {
          listenerFailure = e;
        }
      }
    }

    void note(String text) {
      write("[siege] " + text);
    }

    private void write(String text) {
      if (log == null || logFailure != null || closed) {
        return;
      }
      try {
        log.write(text);
        log.write('\n');
      } catch (IOException e) {
        logFailure = e;
      }
    }

    List<String> lastLines() {
      return List.copyOf(all.subList(Math.max(0, all.size() - LAST_LINES), all.size()));
    }

    String summaryLine() {
      if (lastErrorLine != null) {
        return lastErrorLine;
      }
      for (int i = all.size() - 1; i >= 0; i--) {
        if (!all.get(i).isBlank()) {
          return all.get(i).strip();
        }
      }
      return "";
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (log != null) {
        try {
          log.close();
        } catch (IOException e) {
          if (logFailure == null) {
            logFailure = e;
          }
        }
      }
    }
  }

  private static JuliaException failure(JuliaCall call, String message, String hint, List<String> lastLines) {
    return new JuliaException(call.purpose(), message, hint, JuliaException.NO_EXIT_CODE, lastLines, call.logFile(), null);
  }

  private static String hintWithLog(JuliaCall call, String hint) {
    return call.logFile() == null ? hint : hint + "; the whole output is in " + call.logFile();
  }

  private static String summarySuffix(String line) {
    return line.isEmpty() ? "" : ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }

  private static String describe(Purpose purpose) {
    return purpose.script() == null ? "--version" : purpose.script();
  }

  private static String human(Duration d) {
    return d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
