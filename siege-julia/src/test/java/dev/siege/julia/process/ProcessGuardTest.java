package dev.siege.julia.process;

import static dev.siege.julia.testing.ScriptedJulia.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.testing.ScriptedJulia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Julia and what it starts die with the JVM that started it, even after kill -9 (issue 9, item 17). */
class ProcessGuardTest {

  /** A bound on waiting for the kernel and the guard, not a speed requirement. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void juliaAndItsGrandchildDieWhenTheJvmThatStartedThemIsKilledWithSigkill() throws Exception {
    assumeTrue(ProcessGuard.detect().mode() == ProcessGuard.Mode.PDEATHSIG, "needs bash and setpriv --pdeathsig");
    assertOrphansDieAfterSigkill(ProcessGuard.Mode.PDEATHSIG);
  }

  @Test
  void withoutSetprivAWatcherStillEndsJuliaAndItsGrandchildAfterSigkill() throws Exception {
    assumeTrue(ProcessGuard.detect().mode() != ProcessGuard.Mode.NONE, "needs bash");
    assertOrphansDieAfterSigkill(ProcessGuard.Mode.WATCH);
  }

  @Test
  void juliaKeepsRunningWhenOnlyTheThreadThatStartedItEnds() throws Exception {
    // PR_SET_PDEATHSIG fires when the starting *thread* ends (a pool thread, a virtual thread's
    // carrier); the JVM is still there, so Julia must go on.
    assumeTrue(ProcessGuard.detect().mode() == ProcessGuard.Mode.PDEATHSIG, "needs bash and setpriv --pdeathsig");
    Path go = tmp.resolve("go");
    Path running = tmp.resolve("running");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "touch " + quote(running.toString()) + "\nwhile [ ! -e " + quote(go.toString()) + " ]; do sleep 0.05; done\necho finished\n");
    ProcessBuilder pb = new ProcessBuilder().directory(tmp.toFile()).redirectErrorStream(true);
    pb.command(ProcessGuard.detect().wrap(List.of(julia.toString()), pb.environment()));
    java.util.concurrent.atomic.AtomicReference<Process> started = new java.util.concurrent.atomic.AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        started.set(pb.start());
        // End only once Julia runs: the guard has asked for the signal by then.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!Files.exists(running) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    starter.start();
    starter.join();
    Process p = started.get();
    try {
      Thread.sleep(500); // let the kernel's signal for the ended thread arrive before Julia is told to finish
      Files.createFile(go);

      assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("finished\n");
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void juliaRunsInASessionOfItsOwnWithoutAControllingTerminal() throws Exception {
    // A prompt on /dev/tty (ssh asking for a passphrase) then fails instead of stopping Julia in
    // a background process group until the step times out.
    assumeTrue(ProcessGuard.detect().mode() != ProcessGuard.Mode.NONE && Files.isExecutable(Path.of("/usr/bin/setsid")),
        "needs bash and setsid");
    Path ids = tmp.resolve("ids");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "read -r -a stat < /proc/$$/stat\necho \"$$ ${stat[4]} ${stat[5]} ${stat[6]}\" > " + quote(ids.toString()) + "\n");

    new ProcessJuliaRunner(julia, tmp).run(
        new JuliaCall(JuliaScript.SYSIMAGE, Map.of(), List.of(), EnvChanges.none(), tmp, Duration.ofMinutes(2), null), e -> {});

    String[] f = Files.readString(ids).strip().split(" ");
    assertThat(f[1]).as("process group").isEqualTo(f[0]);
    assertThat(f[2]).as("session").isEqualTo(f[0]);
    assertThat(f[3]).as("controlling terminal").isEqualTo("0");
  }

  @Test
  void whatJuliaLeavesRunningAfterItExitsIsEnded() throws Exception {
    assumeTrue(ProcessGuard.detect().mode() != ProcessGuard.Mode.NONE, "needs bash");
    Path pids = tmp.resolve("pids");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "sleep 1000 </dev/null >/dev/null 2>&1 &\necho $! > " + quote(pids.toString()) + "\nexit 0\n");

    new ProcessJuliaRunner(julia, tmp).run(
        new JuliaCall(JuliaScript.SYSIMAGE, Map.of(), List.of(), EnvChanges.none(), tmp, Duration.ofMinutes(2), null), e -> {});

    long leftover = Long.parseLong(Files.readString(pids).strip());
    try {
      assertThat(awaitGone(leftover)).isTrue();
    } finally {
      ProcessHandle.of(leftover).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void guardPassesArgumentsAndExitCodeThrough() throws Exception {
    assumeTrue(ProcessGuard.detect().mode() != ProcessGuard.Mode.NONE, "needs bash");
    Path dump = tmp.resolve("args");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"), "printf '%s\\n' \"$@\" > " + quote(dump.toString()) + "\nexit 7\n");
    ProcessBuilder pb = new ProcessBuilder().directory(tmp.toFile());
    pb.command(ProcessGuard.detect().wrap(List.of(julia.toString(), "a b", "$x", "", "'\"`"), pb.environment()));

    Process p = pb.start();

    assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(7);
    assertThat(Files.readAllLines(dump)).containsExactly("a b", "$x", "", "'\"`");
  }

  @Test
  void juliaSeesExactlyTheEnvironmentItWasGivenNotTheGuardShells() throws Exception {
    assumeTrue(ProcessGuard.detect().mode() != ProcessGuard.Mode.NONE, "needs bash");
    Path dump = tmp.resolve("env");
    ProcessBuilder pb = new ProcessBuilder().directory(tmp.toFile()).redirectOutput(dump.toFile());
    pb.environment().clear();
    pb.environment().put("ONLY", "this");
    pb.command(ProcessGuard.detect().wrap(List.of("/usr/bin/env"), pb.environment()));

    Process p = pb.start();

    assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(dump)).containsExactly("ONLY=this"); // no PWD, SHLVL or _ from bash
  }

  @Test
  void guardScriptPassesShellcheck() throws Exception {
    Path shellcheck = Path.of("/usr/bin/shellcheck");
    assumeTrue(Files.isExecutable(shellcheck), "needs shellcheck");
    Path script = Files.writeString(tmp.resolve("guard.sh"), "#!/bin/bash\n" + ProcessGuard.SCRIPT);

    Process p = new ProcessBuilder(shellcheck.toString(), "--severity=warning", script.toString())
        .redirectErrorStream(true).start();
    String report = new String(p.getInputStream().readAllBytes());

    assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(report).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  private void assertOrphansDieAfterSigkill(ProcessGuard.Mode mode) throws Exception {
    Path juliaPid = tmp.resolve("julia.pid");
    Path grandchildPid = tmp.resolve("grandchild.pid");
    Path julia = ScriptedJulia.create(tmp.resolve("jl"),
        "echo $$ > " + quote(juliaPid + ".part") + "\n"
            + "sleep 1000 &\necho $! > " + quote(grandchildPid + ".part") + "\n"
            + "mv " + quote(juliaPid + ".part") + " " + quote(juliaPid.toString()) + "\n"
            + "mv " + quote(grandchildPid + ".part") + " " + quote(grandchildPid.toString()) + "\n"
            + "wait\n");
    Process jvm = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        GuardedRunnerMain.class.getName(), julia.toString(), tmp.toString(), mode.name())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("jvm.out").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (!(Files.exists(juliaPid) && Files.exists(grandchildPid)) && jvm.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Files.exists(grandchildPid)).as("the fake julia started; JVM output: %s", output()).isTrue();
      long juliaProcess = Long.parseLong(Files.readString(juliaPid).strip());
      long grandchild = Long.parseLong(Files.readString(grandchildPid).strip());

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no ProcessTree
      jvm.waitFor();

      assertThat(awaitGone(juliaProcess)).as("the fake julia is gone").isTrue();
      assertThat(awaitGone(grandchild)).as("the grandchild is gone").isTrue();
    } finally {
      jvm.destroyForcibly();
      for (Path f : List.of(juliaPid, grandchildPid)) {
        if (Files.exists(f)) {
          ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  private String output() throws IOException {
    Path out = tmp.resolve("jvm.out");
    return Files.exists(out) ? Files.readString(out) : "";
  }

  /** Waits (bounded) until {@code pid} is gone or a zombie, which no longer runs anything. */
  private static boolean awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      if (!running(pid)) {
        return true;
      }
      Thread.sleep(50);
    }
    return !running(pid);
  }

  private static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (Files.isReadable(stat)) {
      try {
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
      } catch (IOException e) {
        return false; // it went away while being read
      }
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String java() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
