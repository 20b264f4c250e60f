package dev.siege.julia.process;

import dev.siege.core.io.FileTrees;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.julia.JuliaRunner;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.install.ExecutableCheck;
import dev.siege.julia.script.ParameterFile;
import dev.siege.julia.script.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a real {@code julia} binary: {@code [wrapper...] julia <base options> <call options>
 * <script> <parameter file>}, with the call's environment changes applied exactly, both output streams
 * drained at once into events and the log, and the whole process tree ended on timeout or
 * interrupt, or when this JVM dies ({@link ProcessGuard}).
 */
public final class ProcessJuliaRunner implements JuliaRunner {

  /**
   * Options every script run gets: no user startup file or history (the user's {@code
   * ~/.julia/config/startup.jl} must not change a build, JULIA-FACTS §3), no colour codes in logs.
   */
  public static final List<String> BASE_OPTIONS =
      List.of("--startup-file=no", "--history-file=no", "--color=no");

  /** The parameter file's name inside the call's temporary directory. */
  public static final String PARAMETER_FILE = "parameters.toml";

  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(10);

  private final Path julia;
  private final Path tempRoot;
  private final Map<String, String> baseEnvironment;
  private final ProcessGuard guard;

  /** A runner for {@code julia}; per-call files go to the system temporary directory. */
  public ProcessJuliaRunner(Path julia) {
    this(julia, null);
  }

  /**
   * @param tempRoot where each call's directory (script copy, parameter file) is created, or
   *     null for the system temporary directory
   */
  public ProcessJuliaRunner(Path julia, Path tempRoot) {
    this(julia, tempRoot, null);
  }

  /**
   * @param baseEnvironment the environment the call's changes apply to, or null for this JVM's
   *     own environment (an embedder's, or a test's, chosen starting point)
   */
  public ProcessJuliaRunner(Path julia, Path tempRoot, Map<String, String> baseEnvironment) {
    this(julia, tempRoot, baseEnvironment, ProcessGuard.detect());
  }

  /** @param guard how Julia is made to die with this JVM (tests choose a weaker one) */
  ProcessJuliaRunner(Path julia, Path tempRoot, Map<String, String> baseEnvironment, ProcessGuard guard) {
    this.julia = Objects.requireNonNull(julia, "julia").toAbsolutePath();
    this.tempRoot = tempRoot;
    this.baseEnvironment = baseEnvironment == null ? null : Map.copyOf(baseEnvironment);
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /** The binary this runner starts. */
  public Path executable() {
    return julia;
  }

  @Override
  public JuliaResult run(JuliaCall call, SiegeListener listener)
      throws JuliaException, InterruptedException {
    JuliaScript purpose = call.script();
    var problem = ExecutableCheck.check(julia);
    if (problem.isPresent()) {
      throw JuliaException.notStarted(call, problem.get().message(), problem.get().hint(), null);
    }
    if (!call.wrapper().isEmpty()) {
      Path wrapper = Path.of(call.wrapper().get(0));
      if (!Files.isRegularFile(wrapper) || !Files.isExecutable(wrapper)) {
        throw JuliaException.notStarted(call, "cannot start Julia through " + wrapper + ": not an executable file",
            "the plan was made where " + wrapper + " exists; plan and build on the same machine", null);
      }
    }
    if (!Files.isDirectory(call.workDir())) {
      throw JuliaException.missingWorkDir(call);
    }
    Path callDir = null;
    try {
      callDir = createCallDir(purpose);
      List<String> command = command(call, callDir);
      return start(call, command, listener);
    } catch (IOException e) {
      throw JuliaException.notPrepared(call, e);
    } finally {
      FileTrees.deleteQuietly(callDir);
    }
  }

  private Path createCallDir(JuliaScript purpose) throws IOException {
    String prefix = "siege-" + purpose.id() + "-";
    return tempRoot == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(tempRoot, prefix);
  }

  private List<String> command(JuliaCall call, Path callDir) throws IOException {
    List<String> command = new ArrayList<>(call.wrapper());
    command.add(julia.toString());
    if (call.script() == JuliaScript.VERSION) {
      command.add("--version"); // JULIA-FACTS §7: exits during option parsing, no sysimage load
      return command;
    }
    Path script = Scripts.extract(call.script(), callDir);
    Path parameters = callDir.resolve(PARAMETER_FILE);
    ParameterFile.write(call.parameters(), parameters);
    command.addAll(BASE_OPTIONS);
    command.addAll(call.juliaOptions());
    command.add(script.toString());
    command.add(parameters.toString()); // ARGS[1]: the only way values reach the script
    return command;
  }

  private JuliaResult start(JuliaCall call, List<String> command, SiegeListener listener)
      throws IOException, JuliaException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(call.workDir().toFile());
    if (baseEnvironment != null) {
      pb.environment().clear();
      pb.environment().putAll(baseEnvironment);
    }
    call.env().applyTo(pb.environment());
    // Julia and what it starts die with this JVM, even after kill -9 (ProcessGuard).
    pb.command(guard.wrap(command, pb.environment()));
    pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));

    try (OutputCollector collector = OutputCollector.open(call, listener)) {
      long started = System.nanoTime();
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        String how = call.wrapper().isEmpty() ? "" : " through " + String.join(" ", call.wrapper());
        throw JuliaException.notStarted(call, "could not start Julia (" + julia + how + "): " + e.getMessage(),
            "check that " + julia + " is a working julia binary for this machine", e);
      }
      return await(call, process, collector, started);
    }
  }

  private static JuliaResult await(JuliaCall call, Process process, OutputCollector collector, long started)
      throws JuliaException, InterruptedException {
    Thread out = StreamPump.start(process.getInputStream(), SiegeEvent.Stream.STDOUT, collector, "siege-julia-stdout");
    Thread err = StreamPump.start(process.getErrorStream(), SiegeEvent.Stream.STDERR, collector, "siege-julia-stderr");
    try {
      boolean exited;
      try {
        exited = process.waitFor(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        ProcessTree.destroy(process.toHandle(), KILL_GRACE);
        Thread.interrupted(); // joining the pumps must not be cut short; the caller gets the exception
        joinPumps(out, err, collector);
        collector.interrupted();
        throw e;
      }
      if (!exited) {
        ProcessTree.destroy(process.toHandle(), KILL_GRACE);
        joinPumps(out, err, collector);
        throw collector.timedOut();
      }
      // Wait for both pumps before reading what they captured (STYLE.md pitfalls).
      joinPumps(out, err, collector);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      return collector.finish(process.exitValue(), elapsed);
    } finally {
      if (process.isAlive()) {
        ProcessTree.destroy(process.toHandle(), KILL_GRACE); // never leave Julia running behind an exception
      }
    }
  }

  /**
   * Waits for both pumps to reach end of stream. A grandchild that outlives Julia can keep the
   * pipes open; after {@link #DRAIN_AFTER_EXIT} the pumps are left behind (daemon threads).
   */
  private static void joinPumps(Thread out, Thread err, OutputCollector collector) {
    long deadline = System.nanoTime() + DRAIN_AFTER_EXIT.toNanos();
    boolean interrupted = false;
    for (Thread t : List.of(out, err)) {
      while (t.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          collector.note("output may be incomplete: a process started by Julia still holds its output open");
          break;
        }
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.io.File nullDevice() {
    // Julia scripts read nothing from stdin; a closed input also stops anything waiting on a prompt.
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
