package dev.siege.julia.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes a Julia process, and everything it starts, die with this JVM, even when the JVM is killed
 * with SIGKILL (no shutdown hook runs then, and {@link ProcessTree} never gets to act).
 *
 * <p>Julia is started through a small bash guard: {@code [setpriv --pdeathsig USR1 --] bash -c
 * GUARD ...}. The guard puts Julia in a session and process group of its own (util-linux's
 * {@code setsid}, else {@code set -m}), so that
 * PackageCompiler's child {@code julia} and {@code gcc} processes (JULIA-FACTS §1) can be ended
 * together, waits for it and exits with its status. It stops the group (TERM, then KILL after a
 * grace period) when:
 *
 * <ul>
 *   <li>this JVM dies: the kernel sends the guard SIGTERM ({@code PR_SET_PDEATHSIG}, set by
 *       util-linux's {@code setpriv}, which is in Debian's essential util-linux package), or,
 *       where {@code setpriv --pdeathsig} is missing, a watcher notices within a second that the
 *       guard's parent changed;
 *   <li>the guard is asked to stop (SIGTERM or SIGHUP, as {@link ProcessTree} does);
 *   <li>Julia has exited but something it started is still running.
 * </ul>
 *
 * Ctrl-C (SIGINT to the terminal's foreground group) no longer reaches Julia directly: the JVM
 * gets it and stops the tree itself (or dies, and the guard stops it). Without bash (Windows),
 * Julia is started directly, as before.
 */
final class ProcessGuard {

  /** How the guard learns that the JVM died. */
  enum Mode {
    /** No guard: the command runs as given. */
    NONE,
    /** The guard polls its parent process once a second. */
    WATCH,
    /** The kernel signals the guard ({@code setpriv --pdeathsig USR1}). */
    PDEATHSIG
  }

  /** Seconds between TERM and KILL when the guard stops Julia's process group. */
  static final int GRACE_SECONDS = 5;

  /**
   * The guard: {@code $1} the JVM's pid, {@code $2} the mode, then the command. Julia runs in the
   * background so that a trapped signal interrupts {@code wait} at once (bash runs traps only
   * between commands).
   */
  static final String SCRIPT = """
      jvm=$1 mode=$2 setsid=$3
      shift 3
      child='' watcher=''
      stop_group() {
        kill -TERM -- "-$1" 2>/dev/null || return 0
        for ((i = 0; i < %d; i++)); do
          kill -0 -- "-$1" 2>/dev/null || return 0
          sleep 0.1
        done
        kill -KILL -- "-$1" 2>/dev/null
        return 0
      }
      stop() {
        trap '' TERM HUP USR1
        child=${child:-$!}
        if [ -n "$child" ]; then stop_group "$child"; fi
        if [ -n "$watcher" ]; then kill "$watcher" 2>/dev/null; fi
        exit 143
      }
      parent_pid() {
        local p
        if [ -r "/proc/$$/stat" ] && read -r _ _ _ p _ < "/proc/$$/stat"; then echo "$p"; else ps -o ppid= -p $$ 2>/dev/null | tr -d ' '; fi
      }
      # Whether the JVM is still this guard's parent; without /proc and ps, whether it exists.
      jvm_alive() {
        local p
        p=$(parent_pid)
        if [ -n "$p" ]; then [ "$p" = "$jvm" ]; else kill -0 "$jvm" 2>/dev/null; fi
      }
      watch_parent() {
        [ -z "$watcher" ] || return 0
        (
          trap '' INT
          while jvm_alive; do sleep 1; done
          kill -TERM $$
        ) </dev/null >/dev/null 2>&1 &
        watcher=$!
      }
      parent_died() {
        # The kernel also sends this when only the JVM thread that started the guard ends; the
        # JVM is gone only when this guard has been given another parent.
        jvm_alive || stop
        watch_parent
      }
      trap stop TERM HUP
      trap parent_died USR1
      trap : INT
      # The JVM died before the kernel could be told to signal this guard.
      jvm_alive || stop
      if [ -n "$setsid" ]; then
        # A session of its own: a process group to end together, and no controlling terminal, so
        # that a prompt on /dev/tty (ssh asking for a passphrase) fails instead of stopping Julia.
        "$setsid" "$@" &
      else
        set -m
        "$@" &
      fi
      child=$!
      set +m
      if [ "$mode" = watch ]; then watch_parent; fi
      while :; do
        wait "$child"
        status=$?
        kill -0 "$child" 2>/dev/null || break
      done
      # Whatever Julia started and left running goes with it.
      stop_group "$child"
      if [ -n "$watcher" ]; then kill "$watcher" 2>/dev/null; fi
      exit "$status"
      """.formatted(GRACE_SECONDS * 10);

  /** Names bash adds to a command's environment that the call may not have. */
  private static final List<String> SHELL_VARIABLES = List.of("_", "SHLVL", "PWD", "OLDPWD");

  private static final List<String> BASH = List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash");
  private static final List<String> SETPRIV = List.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv");
  private static final List<String> ENV = List.of("/usr/bin/env", "/bin/env");
  private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

  private final Mode mode;
  private final String bash;
  private final String setpriv;
  private final String env;
  private final String setsid;

  private ProcessGuard(Mode mode, String bash, String setpriv, String env, String setsid) {
    this.mode = mode;
    this.bash = bash;
    this.setpriv = setpriv;
    this.env = env;
    this.setsid = setsid;
  }

  /** The best guard this machine allows, found once per JVM. */
  static ProcessGuard detect() {
    return Detected.GUARD;
  }

  private static final class Detected {
    static final ProcessGuard GUARD = find(Mode.PDEATHSIG);
  }

  /**
   * A guard of at most {@code wanted} strength: {@link Mode#PDEATHSIG} when bash and a {@code
   * setpriv} that knows {@code --pdeathsig} exist, else {@link Mode#WATCH} when bash exists,
   * else {@link Mode#NONE}.
   */
  static ProcessGuard find(Mode wanted) {
    if (wanted == Mode.NONE || System.getProperty("os.name", "").startsWith("Windows")) {
      return new ProcessGuard(Mode.NONE, null, null, null, null);
    }
    String bash = firstExecutable(BASH);
    if (bash == null) {
      return new ProcessGuard(Mode.NONE, null, null, null, null);
    }
    String env = firstExecutable(ENV);
    String setsid = firstExecutable(SETSID);
    String setpriv = wanted == Mode.PDEATHSIG ? firstExecutable(SETPRIV) : null;
    if (setpriv != null && pdeathsigWorks(setpriv, bash)) {
      return new ProcessGuard(Mode.PDEATHSIG, bash, setpriv, env, setsid);
    }
    return new ProcessGuard(Mode.WATCH, bash, null, env, setsid);
  }

  Mode mode() {
    return mode;
  }

  /**
   * {@code command} wrapped in the guard, for a process whose complete environment will be
   * {@code environment}: names the shell would add that it lacks are removed again with {@code
   * env -u}, so Julia sees exactly {@code environment} ({@code PWD}, when given, is set to the
   * real working directory).
   */
  List<String> wrap(List<String> command, Map<String, String> environment) {
    if (mode == Mode.NONE) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    if (mode == Mode.PDEATHSIG) {
      wrapped.addAll(List.of(setpriv, "--pdeathsig", "USR1", "--"));
    }
    wrapped.addAll(List.of(bash, "-c", SCRIPT, "siege-julia-guard", Long.toString(ProcessHandle.current().pid()),
        mode == Mode.PDEATHSIG ? "pdeathsig" : "watch", setsid == null ? "" : setsid));
    if (env != null) {
      List<String> unset = SHELL_VARIABLES.stream().filter(v -> !environment.containsKey(v)).toList();
      if (!unset.isEmpty()) {
        wrapped.add(env);
        unset.forEach(v -> wrapped.addAll(List.of("-u", v)));
      }
    }
    wrapped.addAll(command);
    return wrapped;
  }

  private static String firstExecutable(List<String> candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return c;
      }
    }
    return null;
  }

  /** util-linux's setpriv has {@code --pdeathsig} since 2.33; an older one refuses the option. */
  private static boolean pdeathsigWorks(String setpriv, String bash) {
    try {
      Process p = new ProcessBuilder(setpriv, "--pdeathsig", "USR1", "--", bash, "-c", "exit 0")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
