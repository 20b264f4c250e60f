package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.plan.JuliaRun;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaResult;
import dev.siege.core.plan.JuliaScript;
import java.util.List;

/** Starts the Julia process a plan step describes, exactly as described. */
final class JuliaRuns {
  private JuliaRuns() {}

  static JuliaResult run(JuliaRun run, BuildState state, SiegeListener listener)
      throws SiegeException, InterruptedException {
    EnvChanges.Builder changes = EnvChanges.builder();
    run.setEnv().forEach(changes::set);
    run.unsetEnv().forEach(changes::unset);
    JuliaCall call = new JuliaCall(JuliaScript.valueOf(run.script().name()), run.parameters(), List.of(), changes.build(),
        run.workDir(), state.plan.options().juliaTimeout(), run.log(), run.wrapper());
    return state.runners.apply(run.executable()).run(call, listener);
  }

  static JuliaResult run(JuliaRun run, BuildState state) throws SiegeException, InterruptedException {
    return run(run, state, state.listener);
  }
}
