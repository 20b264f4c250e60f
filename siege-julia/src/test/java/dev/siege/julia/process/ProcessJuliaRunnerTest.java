package dev.siege.julia.process;

import static dev.siege.julia.testing.ScriptedJulia.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.julia.JuliaResult;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.script.ScriptProtocol;
import dev.siege.julia.testing.ScriptedJulia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class ProcessJuliaRunnerTest {

  private static final Duration LONG = Duration.ofMinutes(2);

  @TempDir Path tmp;

  private final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final SiegeListener listener = events::add;

  private JuliaCall call(JuliaScript purpose, Map<String, Object> params, EnvChanges env, Path workDir, Duration timeout, Path log) {
    return new JuliaCall(purpose, params, List.of(), env, workDir, timeout, log);
  }

  private JuliaCall call(JuliaScript purpose, Map<String, Object> params) {
    return call(purpose, params, EnvChanges.none(), tmp, LONG, tmp.resolve("logs").resolve(purpose.id() + ".log"));
  }

  private List<String> lines(SiegeEvent.Stream stream) {
    synchronized (events) {
      return events.stream()
          .filter(e -> e instanceof SiegeEvent.JuliaOutput o && o.stream() == stream)
          .map(e -> ((SiegeEvent.JuliaOutput) e).line())
          .toList();
    }
  }

  @Test
  void childSeesExactlyTheBaseEnvironmentWithTheCallsChangesApplied() throws Exception {
    Path envDump = tmp.resolve("env.txt");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "/usr/bin/env > " + quote(envDump.toString()));
    Map<String, String> base = new HashMap<>();
    base.put("JULIA_LOAD_PATH", "@:/somewhere/else");
    base.put("LD_LIBRARY_PATH", "/opt/broken/lib");
    base.put("JULIA_PROJECT", "/old/project");
    base.put("KEEP_ME", "kept");
    base.put("HOME", "/home/builder");
    EnvChanges changes = EnvChanges.builder()
        .unset("JULIA_LOAD_PATH").unset("LD_LIBRARY_PATH")
        .set("JULIA_PROJECT", "/bundle/env")
        .set("JULIA_DEPOT_PATH", "/bundle dir/depot:")
        .build();

    new ProcessJuliaRunner(julia, tmp, base)
        .run(call(JuliaScript.PROBE, Map.of(), changes, tmp, LONG, null), listener);

    Map<String, String> seen = Files.readAllLines(envDump).stream()
        .map(l -> l.split("=", 2))
        .filter(kv -> !Set.of("PWD", "SHLVL", "_", "OLDPWD").contains(kv[0])) // bash adds these itself
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of(
        "JULIA_PROJECT", "/bundle/env",
        "JULIA_DEPOT_PATH", "/bundle dir/depot:",
        "KEEP_ME", "kept",
        "HOME", "/home/builder"));
  }

  @Test
  void unsetRemovesAVariableInheritedFromThisJvm() throws Exception {
    String inherited = System.getenv().containsKey("HOME") ? "HOME" : "PATH";
    Path envDump = tmp.resolve("env.txt");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "/usr/bin/env > " + quote(envDump.toString()));

    new ProcessJuliaRunner(julia, tmp)
        .run(call(JuliaScript.PROBE, Map.of(), EnvChanges.builder().unset(inherited).build(), tmp, LONG, null), listener);

    assertThat(Files.readAllLines(envDump)).noneMatch(l -> l.startsWith(inherited + "="));
  }

  @Test
  void drainsTenMegabytesOnEachStreamAtOnceWithoutDeadlock() throws Exception {
    // Each line is 99 characters + newline; 10 MiB per stream, written concurrently.
    String line = "x".repeat(99);
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "( yes " + line + " | head -c 10485760 ) &\n"
            + "( yes " + line + " | head -c 10485760 >&2 ) &\n"
            + "wait\n");

    JuliaResult result = new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.INSTANTIATE, Map.of()), listener);

    long expectedLines = (10485760 + 99) / 100; // the last line is partial
    assertThat(lines(SiegeEvent.Stream.STDOUT)).hasSize((int) expectedLines);
    assertThat(lines(SiegeEvent.Stream.STDERR)).hasSize((int) expectedLines);
    assertThat(result.stdout()).hasSize(OutputCollector.MAX_STDOUT_LINES);
    assertThat(Files.size(result.logFile())).isEqualTo(2L * (10485760 + 1)); // + the partial lines' newline
  }

  @Test
  void timeoutEndsTheWholeProcessTreeIncludingAGrandchild() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "sleep 1000 &\necho $! > " + quote(pidFile.toString()) + "\necho started\nwait\n");

    JuliaException e = catchThrowableOfType(JuliaException.class, () ->
        new ProcessJuliaRunner(julia, tmp).run(
            call(JuliaScript.SYSIMAGE, Map.of(), EnvChanges.none(), tmp, Duration.ofSeconds(3), tmp.resolve("sysimage.log")),
            listener));

    assertThat(e.getMessage()).contains("timed out");
    assertThat(e.exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE);
    assertThat(e.lastLines()).contains("started");
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void interruptingTheCallerEndsTheWholeProcessTree() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "sleep 1000 &\necho $! > " + quote(pidFile.toString() + ".part") + "\n"
            + "mv " + quote(pidFile + ".part") + " " + quote(pidFile.toString()) + "\nwait\n");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.SYSIMAGE, Map.of()), listener);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    caller.start();
    while (!Files.exists(pidFile)) {
      Thread.sleep(20);
    }
    caller.interrupt();
    caller.join(TimeUnit.MINUTES.toMillis(1));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  private static void assertGone(long pid) throws Exception {
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      handle.get().onExit().get(1, TimeUnit.MINUTES);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void failureMessageQuotesJuliasErrorLineNotTheStackTraceThatFollowsIt() throws Exception {
    // What real Julia prints for an uncaught error in a script: the ERROR line, a stack trace,
    // and "in expression starting at" last.
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "echo 'ERROR: LoadError: ArgumentError: Package PackageCompiler not found in current path.' >&2\n"
            + "echo 'Stacktrace:' >&2\necho ' [1] macro expansion' >&2\n"
            + "echo 'in expression starting at /tmp/build_sysimage.jl:42' >&2\nexit 1\n");

    JuliaException e = catchThrowableOfType(JuliaException.class, () ->
        new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.SYSIMAGE, Map.of(), EnvChanges.none(), tmp, LONG, null), listener));

    assertThat(e.getMessage()).contains("Package PackageCompiler not found").doesNotContain("in expression starting at");
    assertThat(e.lastLines()).last().asString().startsWith("in expression starting at");
  }

  @Test
  void nonZeroExitThrowsWithExitCodeLastLinesAndLog() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "for i in $(seq 1 100); do echo \"line $i\" >&2; done\necho 'ERROR: LoadError: boom' >&2\nexit 3\n");
    Path log = tmp.resolve("logs").resolve("instantiate.log");

    JuliaException e = catchThrowableOfType(JuliaException.class, () ->
        new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.INSTANTIATE, Map.of(), EnvChanges.none(), tmp, LONG, log), listener));

    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.script()).isEqualTo(JuliaScript.INSTANTIATE);
    assertThat(e.getMessage()).contains("exit code 3").contains("ERROR: LoadError: boom");
    // One stream, so the order is fixed (two pipes interleave in no fixed order).
    assertThat(e.lastLines()).hasSize(OutputCollector.LAST_LINES).endsWith("line 100", "ERROR: LoadError: boom");
    assertThat(e.lastLines().get(0)).isEqualTo("line 62");
    assertThat(e.logFile()).contains(log);
    assertThat(e.hint()).get().asString().contains(log.toString());
    assertThat(Files.readAllLines(log)).contains("line 1", "line 100", "ERROR: LoadError: boom");
  }

  @Test
  void missingExecutableIsAClearError() {
    Path julia = tmp.resolve("nowhere").resolve("julia");
    assertThatThrownBy(() -> new ProcessJuliaRunner(julia).run(call(JuliaScript.PROBE, Map.of()), listener))
        .isInstanceOf(JuliaException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(julia.toString())
        .satisfies(t -> assertThat(((JuliaException) t).exitCode()).isEqualTo(JuliaException.NO_EXIT_CODE));
  }

  @Test
  void nonExecutableFileIsAClearError() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "exit 0");
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new ProcessJuliaRunner(julia).run(call(JuliaScript.PROBE, Map.of()), listener))
        .isInstanceOf(JuliaException.class)
        .hasMessageContaining("not executable");
  }

  @Test
  void directoryInsteadOfExecutableIsAClearError() throws Exception {
    ScriptedJulia.create(tmp.resolve("jl"), "exit 0");
    assertThatThrownBy(() -> new ProcessJuliaRunner(tmp.resolve("jl")).run(call(JuliaScript.PROBE, Map.of()), listener))
        .isInstanceOf(JuliaException.class)
        .hasMessageContaining("is a directory")
        .satisfies(t -> assertThat(((JuliaException) t).hint()).get().asString().contains("bin"));
  }

  @Test
  void pathsWithSpacesQuotesDollarsAndNewlinesWork() throws Exception {
    Path odd = Files.createDirectories(tmp.resolve("a dir \"quoted\" 'single' $HOME `x`\nnext line"));
    Path work = Files.createDirectories(odd.resolve("work dir"));
    Path temps = Files.createDirectories(odd.resolve("temp $(x)"));
    Path log = odd.resolve("logs \"here\"").resolve("log $1.txt");
    Path pwdFile = tmp.resolve("pwd.txt");
    Path paramsCopy = tmp.resolve("params.toml");
    Path julia = ScriptedJulia.create(odd.resolve("julia $PATH dir"),
        "pwd > " + quote(pwdFile.toString()) + "\ncp \"$PARAMS\" " + quote(paramsCopy.toString()) + "\necho done\n");

    JuliaResult result = new ProcessJuliaRunner(julia, temps)
        .run(call(JuliaScript.INSTANTIATE, Map.of("project", odd.toString()), EnvChanges.none(), work, LONG, log), listener);

    assertThat(Files.readString(pwdFile)).isEqualTo(work.toRealPath() + "\n");
    assertThat(Files.readAllLines(log)).containsExactly("done");
    assertThat(result.logFile()).isEqualTo(log);
    TomlParseResult toml = Toml.parse(paramsCopy);
    assertThat(toml.errors()).isEmpty();
    assertThat(toml.getString("project")).isEqualTo(odd.toString());
    try (var left = Files.list(temps)) {
      assertThat(left).as("per-call temporary files are removed").isEmpty();
    }
  }

  @Test
  void injectedProjectPathReachesJuliaOnlyAsData() throws Exception {
    String evil = "/tmp/x\"; run(`touch /tmp/pwned`); \"$(run(`id`))\\u0041\\ \n# end\\";
    Path argsDump = tmp.resolve("args.bin");
    Path paramsCopy = tmp.resolve("params.toml");
    Path scriptCopy = tmp.resolve("script.jl");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "printf '%s\\0' \"$@\" > " + quote(argsDump.toString()) + "\n"
            + "cp \"$PARAMS\" " + quote(paramsCopy.toString()) + "\n"
            + "cp \"$SCRIPT\" " + quote(scriptCopy.toString()) + "\n");

    new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.INSTANTIATE, Map.of("project", evil)), listener);

    TomlParseResult toml = Toml.parse(paramsCopy);
    assertThat(toml.errors()).isEmpty();
    assertThat(toml.getString("project")).isEqualTo(evil);
    assertThat(toml.keySet()).containsExactly("project");
    String[] args = Files.readString(argsDump, StandardCharsets.UTF_8).split("\0");
    assertThat(args).noneMatch(a -> a.contains("run(") || a.contains("pwned"));
    assertThat(Files.readString(scriptCopy)).doesNotContain("pwned").doesNotContain(evil);
  }

  @Test
  void commandLineIsBaseOptionsThenCallOptionsThenScriptThenParameterFile() throws Exception {
    Path argsDump = tmp.resolve("args.bin");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "printf '%s\\0' \"$@\" > " + quote(argsDump.toString()));
    JuliaCall call = new JuliaCall(JuliaScript.SMOKE_TEST, Map.of(), List.of("-J", "/b/sys.so"), EnvChanges.none(), tmp, LONG, null);

    new ProcessJuliaRunner(julia, tmp).run(call, listener);

    List<String> args = Arrays.asList(Files.readString(argsDump).split("\0"));
    assertThat(args.subList(0, 5)).containsExactly("--startup-file=no", "--history-file=no", "--color=no", "-J", "/b/sys.so");
    assertThat(args.get(5)).endsWith("/smoke_test.jl");
    assertThat(args.get(6)).endsWith("/" + ProcessJuliaRunner.PARAMETER_FILE);
    assertThat(args).hasSize(7);
  }

  @Test
  void aWrapperStartsJuliaAsItsCommand() throws Exception {
    Path argsDump = tmp.resolve("wrapper-args.bin");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "echo \"julia ran\"");
    Path wrapper = tmp.resolve("wrap");
    Files.writeString(wrapper, "#!/bin/bash\nprintf '%s\\0' \"$@\" > " + quote(argsDump.toString()) + "\n"
        + "shift 2\nexec \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    JuliaCall call = new JuliaCall(JuliaScript.SMOKE_TEST, Map.of(), List.of(), EnvChanges.none(), tmp, LONG, null,
        List.of(wrapper.toString(), "--net", "--"));

    JuliaResult result = new ProcessJuliaRunner(julia, tmp).run(call, listener);

    List<String> args = Arrays.asList(Files.readString(argsDump).split("\0"));
    assertThat(args.subList(0, 3)).containsExactly("--net", "--", julia.toString());
    assertThat(args.get(3)).isEqualTo("--startup-file=no");
    assertThat(result.stdout()).containsExactly("julia ran");
  }

  @Test
  void aMissingWrapperIsReportedBeforeAnythingStarts() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "echo started > " + quote(tmp.resolve("started").toString()));
    JuliaCall call = new JuliaCall(JuliaScript.SMOKE_TEST, Map.of(), List.of(), EnvChanges.none(), tmp, LONG, null,
        List.of(tmp.resolve("no-unshare").toString(), "--net", "--"));

    assertThatThrownBy(() -> new ProcessJuliaRunner(julia, tmp).run(call, listener))
        .isInstanceOf(JuliaException.class)
        .hasMessageContaining("cannot start Julia through " + tmp.resolve("no-unshare"));
    assertThat(tmp.resolve("started")).doesNotExist();
  }

  @Test
  void invalidUtf8OutputBecomesReplacementCharacters() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "printf 'ok \\xff\\xfe bad\\n'\nprintf 'half \\xc3\\n' >&2\nprintf 'no newline at end'");

    JuliaResult result = new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.PROBE, Map.of()), listener);

    assertThat(result.stdout()).containsExactly("ok \uFFFD\uFFFD bad", "no newline at end");
    assertThat(lines(SiegeEvent.Stream.STDERR)).containsExactly("half \uFFFD");
  }

  @Test
  void protocolLinesBecomeResultsAndProgressEventsNotOutput() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "echo " + quote(ScriptProtocol.progress(1, 4, "precompiling")) + "\n"
            + "echo " + quote(ScriptProtocol.result("bindir", "/opt/julia dir/bin\nx")) + "\n"
            + "echo ordinary\n"
            + "echo '##siege result fake from stderr' >&2\n");

    JuliaResult result = new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.INSTANTIATE, Map.of()), listener);

    assertThat(result.results()).containsExactly(Map.entry("bindir", "/opt/julia dir/bin\nx"));
    assertThat(result.stdout()).containsExactly("ordinary");
    assertThat(events).contains(new SiegeEvent.Progress("instantiate: precompiling", 1, 4, SiegeEvent.Unit.STEPS));
    assertThat(lines(SiegeEvent.Stream.STDERR)).containsExactly("##siege result fake from stderr");
  }

  @Test
  void versionCallRunsJuliaWithVersionFlagOnly() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "1.11.2", "exit 9");

    JuliaResult result = new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.VERSION, Map.of()), listener);

    assertThat(result.stdout()).containsExactly("julia version 1.11.2");
  }

  @Test
  void listenerFailureIsRethrownAfterTheProcessEndsWithoutBlockingIt() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "for i in $(seq 1 20000); do echo \"line $i\"; done");
    Set<String> seen = Collections.synchronizedSet(new HashSet<>());

    assertThatThrownBy(() -> new ProcessJuliaRunner(julia, tmp).run(call(JuliaScript.PROBE, Map.of()), e -> {
      seen.add("x");
      throw new IllegalStateException("listener broke");
    })).isInstanceOf(IllegalStateException.class).hasMessage("listener broke");
    assertThat(Files.readAllLines(tmp.resolve("logs").resolve("probe.log"))).hasSize(20000);
  }
}
