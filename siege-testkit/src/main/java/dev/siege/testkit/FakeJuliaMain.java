package dev.siege.testkit;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.plan.JuliaScript;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code julia} process for end-to-end tests (started through {@link FakeJuliaExecutable}):
 * parses Julia's command line ({@code --version}; options such as {@code --startup-file=no},
 * {@code -J FILE}/{@code --sysimage FILE}, {@code --project}; then {@code SCRIPT.jl PARAMS.toml}),
 * takes the purpose from the script's file name, reads the parameters with tomlj and the
 * environment of the process, answers through {@link FakeJulia}, prints its lines to stdout and
 * stderr (protocol lines exactly as {@code siege_protocol.jl} prints them) and exits with Julia's
 * codes (0, or 1 for an error).
 *
 * <p>Configuration, all optional:
 *
 * <ul>
 *   <li>{@code SIEGE_FAKE_JULIA_VERSION} (default 1.10.4), {@code SIEGE_FAKE_ARCH} (x86_64),
 *       {@code SIEGE_FAKE_OS} (linux), {@code SIEGE_FAKE_LIBC} (glibc), {@code
 *       SIEGE_FAKE_CPU_NAME} (skylake), {@code SIEGE_FAKE_BINDIR} (the fake executable's
 *       directory), {@code SIEGE_FAKE_TRIPLET} (derived): what VERSION and PROBE report.
 *   <li>{@code SIEGE_FAKE_SYSIMAGE_BYTES}: size of the sysimage SYSIMAGE writes (300 KiB).
 *   <li>{@code SIEGE_FAKE_LAZY_JLLS}: comma-separated JLLs whose artifacts are lazy (MKL_jll,
 *       IntelOpenMP_jll, micromamba_jll).
 *   <li>{@code SIEGE_FAKE_DEPS_JL}: comma-separated packages whose {@code deps/deps.jl}
 *       INSTANTIATE writes with the depot's absolute path.
 *   <li>{@code SIEGE_FAKE_SMOKE_TEST}: {@code pass} (default), {@code fail} or {@code download}.
 *   <li>{@code SIEGE_FAKE_NETWORK_INIT}: comma-separated packages whose {@code __init__} fetches
 *       {@code SIEGE_FAKE_NETWORK_URL} when the smoke test loads them, honouring the proxy
 *       variables as libcurl does and connecting for real ({@link FakeSmokeTest}): a network
 *       namespace or a proxy on a closed port makes loading fail.
 *   <li>{@code SIEGE_FAKE_FAIL}: comma-separated purpose ids ({@code version}, {@code probe},
 *       {@code tools}, {@code instantiate}, {@code sysimage}, {@code smoke_test}) that fail with
 *       an {@code ERROR:} on stderr and exit code {@code SIEGE_FAKE_FAIL_CODE} (default 1).
 *   <li>{@code SIEGE_FAKE_HANG}: comma-separated purpose ids that sleep until killed.
 *   <li>{@code SIEGE_FAKE_CALL_LOG}: a file to which every invocation appends one line: the
 *       purpose id ({@code unknown} when there is none), then each argument, tab-separated.
 * </ul>
 *
 * <p>SMOKE_TEST checks what loading packages depends on (see {@link FakeJuliaSettings}):
 * {@code JULIA_PKG_OFFLINE} true, {@code JULIA_PROJECT} set, {@code -J} given when the bundle
 * has {@code sysimage/sys.so}, every package and its host artifacts in some {@code
 * JULIA_DEPOT_PATH} entry (a missing lazy artifact prints {@code Downloading artifact:}).
 */
public final class FakeJuliaMain {

  /** The system property {@link FakeJuliaExecutable} sets to the fake executable's directory. */
  public static final String BINDIR_PROPERTY = "siege.fake.julia.bindir";

  /** Options that take the next argument as their value. */
  private static final Set<String> WITH_VALUE = Set.of("-J", "--sysimage", "-C", "--cpu-target", "-t", "--threads",
      "-p", "--procs", "-L", "--load", "-H", "--home", "--machine-file", "-e", "--eval", "-E", "--print");

  private FakeJuliaMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = new HashMap<>(System.getenv());
    String bindir = System.getProperty(BINDIR_PROPERTY);
    if (bindir != null && !env.containsKey("SIEGE_FAKE_BINDIR")) {
      env.put("SIEGE_FAKE_BINDIR", bindir);
    }
    int code = run(List.of(args), env, Path.of("").toAbsolutePath(), System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * One invocation, in-process: {@code args} as julia's argv, {@code env} as its environment,
   * {@code cwd} as its working directory.
   *
   * @return the exit code
   * @throws InterruptedException while hanging as {@code SIEGE_FAKE_HANG} asks
   */
  public static int run(List<String> args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err)
      throws InterruptedException {
    List<String> options = new ArrayList<>();
    int i = 0;
    boolean version = false;
    boolean eval = false;
    for (; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        i++;
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        break;
      }
      version |= a.equals("--version") || a.equals("-v");
      eval |= Set.of("-e", "--eval", "-E", "--print", "-L", "--load").contains(a) || a.startsWith("--eval=");
      options.add(a);
      if (WITH_VALUE.contains(a) && i + 1 < args.size()) {
        options.add(args.get(++i));
      }
    }
    Optional<String> script = i < args.size() ? Optional.of(args.get(i)) : Optional.empty();
    JuliaScript purpose = version ? JuliaScript.VERSION : script.flatMap(FakeJuliaMain::purposeOf).orElse(null);
    logCall(env, purpose, args, err);

    if (version) {
      return fakeOr(JuliaScript.VERSION, env, "none", err).orElseGet(() -> {
        out.println("julia version " + settings(env, err).map(FakeJuliaSettings::version).orElse("?")); // §7
        return 0;
      });
    }
    if (eval) {
      err.println("ERROR: fake julia: cannot evaluate code given with -e/-E/-L; it runs only SIEGE's scripts");
      return 1;
    }
    if (script.isEmpty()) {
      err.println("ERROR: fake julia: no script given (the real julia would start a REPL)");
      return 1;
    }
    Path scriptPath = cwd.resolve(script.get());
    if (!Files.isRegularFile(scriptPath)) {
      err.println("ERROR: SystemError: opening file " + FakeJulia.repr(script.get()) + ": No such file or directory");
      return 1;
    }
    if (purpose == null) {
      err.println("ERROR: fake julia: no fake behaviour for the script " + scriptPath.getFileName());
      return 1;
    }
    Optional<Integer> fake = fakeOr(purpose, env, script.get(), err);
    if (fake.isPresent()) {
      return fake.get();
    }
    Optional<FakeJuliaSettings> settings = settings(env, err);
    if (settings.isEmpty()) {
      return 1;
    }
    List<String> scriptArgs = args.subList(i + 1, args.size());
    FakeJuliaOutcome outcome;
    try {
      FakeParameters params = parameters(scriptArgs, cwd);
      outcome = new FakeJulia(settings.get()).run(purpose, params, env, cwd, options, script.get());
    } catch (FakeJuliaError e) {
      e.stderr().forEach(err::println);
      return e.exitCode();
    } catch (IOException e) {
      FakeJuliaError.uncaught(script.get(), "IOError: " + e).stderr().forEach(err::println);
      return 1;
    } catch (RuntimeException e) {
      err.println("ERROR: fake julia: " + e.getMessage());
      return 1;
    }
    for (FakeJuliaOutcome.Line line : outcome.lines()) {
      (line.stream() == SiegeEvent.Stream.STDOUT ? out : err).println(line.text());
    }
    return outcome.exitCode();
  }

  /** What {@code siege_parameters()} does with ARGS. */
  private static FakeParameters parameters(List<String> scriptArgs, Path cwd) throws IOException {
    if (scriptArgs.isEmpty()) {
      throw FakeJuliaError.siegeFail("expected the parameter file path as the first argument");
    }
    Path file = cwd.resolve(scriptArgs.get(0));
    if (!Files.isRegularFile(file)) {
      throw FakeJuliaError.siegeFail("parameter file not found: " + FakeJulia.repr(scriptArgs.get(0)));
    }
    return FakeParameters.read(file);
  }

  /** SIEGE_FAKE_FAIL and SIEGE_FAKE_HANG: the exit code when one applies to {@code purpose}. */
  private static Optional<Integer> fakeOr(JuliaScript purpose, Map<String, String> env, String script, PrintStream err)
      throws InterruptedException {
    if (FakeJuliaSettings.names(env.getOrDefault("SIEGE_FAKE_HANG", "")).contains(purpose.id())) {
      err.println("fake julia: hanging until killed, as SIEGE_FAKE_HANG asks");
      err.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    String fail = env.getOrDefault("SIEGE_FAKE_FAIL", "");
    if (FakeJuliaSettings.names(fail).contains(purpose.id())) {
      int code;
      try {
        code = Integer.parseInt(env.getOrDefault("SIEGE_FAKE_FAIL_CODE", "1").strip());
      } catch (NumberFormatException e) {
        code = 1;
      }
      err.println("ERROR: LoadError: fake failure requested by SIEGE_FAKE_FAIL=" + fail);
      err.println("in expression starting at " + script + ":1");
      return Optional.of(code == 0 ? 1 : code);
    }
    return Optional.empty();
  }

  private static Optional<FakeJuliaSettings> settings(Map<String, String> env, PrintStream err) {
    try {
      return Optional.of(FakeJuliaSettings.fromEnvironment(env));
    } catch (IllegalArgumentException e) {
      err.println("ERROR: fake julia: a SIEGE_FAKE_* variable is malformed: " + e.getMessage());
      return Optional.empty();
    }
  }

  static Optional<JuliaScript> purposeOf(String script) {
    String name = Path.of(script).getFileName().toString();
    for (JuliaScript p : JuliaScript.values()) {
      if (name.equals(p.fileName())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static void logCall(Map<String, String> env, JuliaScript purpose, List<String> args, PrintStream err) {
    String log = env.get("SIEGE_FAKE_CALL_LOG");
    if (log == null || log.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder(purpose == null ? "unknown" : purpose.id());
    for (String a : args) {
      line.append('\t').append(a.replace('\t', ' ').replace('\n', ' '));
    }
    try {
      // One short append per process: O_APPEND keeps concurrent processes' lines whole.
      Files.writeString(Path.of(log), line.append('\n').toString(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      err.println("fake julia: could not append to SIEGE_FAKE_CALL_LOG " + log + ": " + e.getMessage());
    }
  }
}
