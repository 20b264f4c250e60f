package dev.siege.julia.process;

import dev.siege.core.event.SiegeListener;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.core.plan.JuliaScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A JVM that runs one long Julia call through {@link ProcessJuliaRunner}, for tests that kill
 * this JVM with SIGKILL. Arguments: the julia binary, a temporary directory, the guard mode.
 */
public final class GuardedRunnerMain {

  private GuardedRunnerMain() {}

  public static void main(String[] args) throws Exception {
    Path julia = Path.of(args[0]);
    Path tmp = Path.of(args[1]);
    ProcessGuard guard = ProcessGuard.find(ProcessGuard.Mode.valueOf(args[2]));
    if (guard.mode() != ProcessGuard.Mode.valueOf(args[2])) {
      throw new IllegalStateException("this machine cannot give the guard " + args[2] + ", only " + guard.mode());
    }
    new ProcessJuliaRunner(julia, tmp, null, guard).run(
        new JuliaCall(JuliaScript.SYSIMAGE, Map.of(), List.of(), EnvChanges.none(), tmp, Duration.ofMinutes(10), null),
        SiegeListener.NONE);
  }
}
