package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.FileTrees;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.JuliaRun;
import dev.siege.julia.JuliaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the smoke test the plan describes: the staged bundle is moved to the plan's other path
 * (a rename, then back), its launcher loads every direct dependency offline, with the empty user
 * depot and HOME the plan names. Any "Downloading" line fails it: something would be fetched on
 * the secure system.
 */
final class SmokeTestStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    JuliaRun run = step.requireJulia();
    Path staging = state.plan.staging();
    // Only the files the build owns beside the output are ever deleted, whatever a plan says.
    Path moved = state.plan.outputFiles().moved();
    Path scratch = state.plan.outputFiles().smokeScratch();
    if (!run.workDir().equals(moved)) {
      throw new IllegalArgumentException("the smoke test must run in " + moved + ", the plan says " + run.workDir());
    }
    try {
      FileTrees.delete(moved);
      FileTrees.delete(scratch);
      for (String variable : List.of("SIEGE_USER_DEPOT", "HOME")) {
        if (run.setEnv().containsKey(variable)) {
          Files.createDirectories(Path.of(run.setEnv().get(variable)));
        }
      }
      Files.move(staging, moved, StandardCopyOption.ATOMIC_MOVE);
      List<String> downloads = new ArrayList<>();
      SiegeListener watch = event -> {
        if (event instanceof SiegeEvent.JuliaOutput o && o.line().contains("Downloading")) {
          synchronized (downloads) {
            downloads.add(o.line().strip());
          }
        }
        state.listener.on(event);
      };
      JuliaException failure = null;
      try {
        JuliaRuns.run(run, state, watch);
      } catch (JuliaException e) {
        failure = e;
      }
      synchronized (downloads) {
        if (!downloads.isEmpty()) {
          // JULIA-FACTS §5, §6: offline, a lazy artifact that was not installed ahead of time
          // is fetched on first load; on the secure system that fails.
          throw new SiegeException("the bundle tried to download when loaded offline: " + downloads.get(0),
              "a lazy artifact was not installed at build time; the smoke test log is in " + state.plan.logs(), failure);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } catch (IOException e) {
      throw BuildState.io("move the bundle for the smoke test", e);
    } finally {
      moveBack(moved, staging);
      FileTrees.deleteQuietly(scratch);
    }
  }

  private static void moveBack(Path moved, Path staging) throws SiegeException {
    if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS) && !Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.move(moved, staging, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw BuildState.io("move the bundle back after the smoke test", e);
      }
    }
  }
}
