package dev.siege.testkit;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.process.OutputCollector;
import java.io.IOException;
import java.nio.file.Files;
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
 *   <li>PROBE: results {@code julia_version arch os libc cpu_name bindir word_size triplet executable
 *       commit bundled_depots bundled_depot.N}; fails as probe.jl does on Julia older than 1.6.
 *   <li>TOOLS (parameters {@code tool_project}, {@code packagecompiler_version}; DEPOT_PATH[1]
 *       from {@code JULIA_DEPOT_PATH} = the tool depot): writes the tool project's Project and
 *       Manifest with PackageCompiler and installs its packages into the tool depot.
 *   <li>INSTANTIATE ({@code project}, {@code include_lazy_artifacts}, {@code precompile};
 *       DEPOT_PATH[1] = the bundle depot): resolves a Manifest when there is none, installs
 *       {@code packages/<Name>/<slug>} for every entry with a tree hash and the artifacts Pkg of
 *       that version selects (hooks run from 1.7 on), then what the script adds: lazy ones when
 *       {@code include_lazy_artifacts} is true and every variant for the platform of a package
 *       with {@code .pkg/select_artifacts.jl} (a {@code ##siege warning} when it has {@code
 *       .pkg/platform_augmentation.jl}); {@code registries/General}, {@code logs/}, {@code
 *       clones/}; with {@code precompile} (or when {@code JULIA_PKG_PRECOMPILE_AUTO} is not 0,
 *       as Pkg.instantiate would) {@code compiled/} and the scratch spaces of the settings'
 *       scratch packages; Pkg-like lines on stderr ({@code Installed X ─ vY} only for packages
 *       not already in some depot). With {@code platform} (and {@code foreign_platform}) it
 *       selects for that triplet instead of the fake's own platform, as {@code
 *       Pkg.instantiate(; platform)} does ({@code platforms_match}: arch, OS, libc and the tags
 *       both sides have); a hooked JLL's choice is the entry whose {@code cuda} tag is the
 *       platform's, else its {@code [<JLL>] version} preference, else "none" ({@link
 *       FakeInstaller#hookSelection}); artifacts the platform does not select are removed from
 *       DEPOT_PATH[1]; a triplet Julia cannot read fails as instantiate.jl does; for a foreign
 *       platform no {@code deps/build.jl} runs (a warning names each such package).
 *   <li>TARGET_CHECK ({@code project}, {@code platform}, {@code include_lazy_artifacts}; needs
 *       {@code JULIA_PKG_OFFLINE=true}): fails naming a manifest package missing from every depot
 *       or an artifact the platform selects missing from DEPOT_PATH[1]; results {@code
 *       packages}, {@code artifacts}, {@code target_platform}.
 *   <li>REGISTRIES ({@code project}, {@code registry_urls}, {@code resolve}): see {@link
 *       FakeRegistries}: clones each URL (the fake network serves a URL whose path is a local
 *       registry directory), installs General unless present, re-resolves when asked. INSTANTIATE
 *       installs General only into a depot path without any registry, and fails with Pkg's
 *       {@code expected package `X [uuid8]` to be registered} for an entry no registry of the
 *       depot path lists; the fake General lists every entry except those whose manifest
 *       {@code registries} key (format 2.1) names only other registries.
 *   <li>SYSIMAGE (build_sysimage.jl's parameters): fails as Julia does when the package list is
 *       empty, PackageCompiler is not installed in {@code tool_project}, or a package is not in
 *       the project; else writes the sysimage and compile caches.
 *   <li>SMOKE_TEST ({@code packages}): results {@code loaded}, {@code depots}; fails or "downloads"
 *       when the settings say so; packages in the base environment's {@code
 *       SIEGE_FAKE_NETWORK_INIT} fetch in {@code __init__} ({@link FakeSmokeTest}), and a call
 *       whose wrapper is {@code unshare --net ...} stands for a process in a network namespace,
 *       where every connection fails.
 * </ul>
 *
 * <p>Each purpose can also be told to {@link #fail}, {@link #hang} or {@link #print}. Output goes
 * through the real runner's {@link OutputCollector}, so it reaches the listener, the result, the
 * log file and the {@link JuliaException} messages exactly as from {@code ProcessJuliaRunner}:
 * {@code ##siege progress} lines as {@link SiegeEvent.Progress}, result lines collected, every
 * other line as {@link SiegeEvent.JuliaOutput}.
 */
public final class FakeJuliaRunner implements JuliaRunner {

  private final Map<String, String> baseEnvironment;
  private final Map<JuliaScript, Behaviour> behaviours = new EnumMap<>(JuliaScript.class);
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
  public synchronized FakeJuliaRunner fail(JuliaScript purpose, int exitCode, String... stderr) {
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
  public synchronized FakeJuliaRunner hang(JuliaScript purpose) {
    behaviours.put(purpose, new Behaviour(behaviour(purpose).print(), true, null, List.of()));
    return this;
  }

  /** Calls for {@code purpose} first print {@code lines} on {@code stream}. */
  public synchronized FakeJuliaRunner print(JuliaScript purpose, SiegeEvent.Stream stream, String... lines) {
    Behaviour b = behaviour(purpose);
    List<FakeJuliaOutcome.Line> print = new ArrayList<>(b.print());
    for (String line : lines) {
      print.add(new FakeJuliaOutcome.Line(stream, line));
    }
    behaviours.put(purpose, new Behaviour(print, b.hang(), b.exitCode(), b.stderr()));
    return this;
  }

  /** Forgets what {@link #fail}, {@link #hang} and {@link #print} said for {@code purpose}. */
  public synchronized FakeJuliaRunner reset(JuliaScript purpose) {
    behaviours.remove(purpose);
    return this;
  }

  /** Every call so far, in order. */
  public synchronized List<JuliaCall> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<JuliaCall> calls(JuliaScript purpose) {
    return calls.stream().filter(c -> c.script() == purpose).toList();
  }

  /** How many Julia processes would have been started. */
  public synchronized int count() {
    return calls.size();
  }

  public synchronized int count(JuliaScript purpose) {
    return calls(purpose).size();
  }

  /**
   * Waits until a call for {@code purpose} has started (e.g. before interrupting a hanging build).
   *
   * @return false when {@code timeout} passed first
   */
  public synchronized boolean awaitCall(JuliaScript purpose, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (calls.stream().noneMatch(c -> c.script() == purpose)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private Behaviour behaviour(JuliaScript purpose) {
    return behaviours.getOrDefault(purpose, Behaviour.NONE);
  }

  @Override
  public JuliaResult run(JuliaCall call, SiegeListener listener) throws JuliaException, InterruptedException {
    Behaviour behaviour;
    FakeJuliaSettings current;
    synchronized (this) {
      calls.add(call);
      notifyAll();
      behaviour = behaviour(call.script());
      current = settings;
    }
    long started = System.nanoTime();
    if (!Files.isDirectory(call.workDir())) {
      throw JuliaException.missingWorkDir(call);
    }
    // The real runner's collector, so events, results, the log and error messages come out alike.
    try (OutputCollector collector = open(call, listener)) {
      behaviour.print().forEach(l -> collector.line(l.stream(), l.text()));
      if (behaviour.hang()) {
        hang(call, collector);
      }
      int exitCode;
      if (behaviour.exitCode() != null) {
        behaviour.stderr().forEach(l -> collector.line(SiegeEvent.Stream.STDERR, l));
        exitCode = behaviour.exitCode();
      } else {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        call.env().applyTo(env);
        FakeJuliaOutcome outcome = new FakeJulia(current)
            .run(call.script(), call.parameters(), env, call.workDir(), call.juliaOptions(), call.wrapper());
        outcome.lines().forEach(l -> collector.line(l.stream(), l.text()));
        exitCode = outcome.exitCode();
      }
      return collector.finish(exitCode, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static OutputCollector open(JuliaCall call, SiegeListener listener) throws JuliaException {
    try {
      return OutputCollector.open(call, listener);
    } catch (IOException e) {
      throw JuliaException.notPrepared(call, e);
    }
  }

  private static void hang(JuliaCall call, OutputCollector collector) throws JuliaException, InterruptedException {
    long millis;
    try {
      millis = call.timeout().toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE; // a timeout beyond toMillis(): hang until interrupted
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      collector.interrupted();
      throw e;
    }
    throw collector.timedOut();
  }
}
