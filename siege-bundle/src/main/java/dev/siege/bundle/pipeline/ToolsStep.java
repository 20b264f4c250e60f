package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.plan.BuildPlanner;
import dev.siege.core.plan.BuildStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs PackageCompiler into the tool environment outside the bundle, once per
 * PackageCompiler and Julia version: a marker file records a finished install, and a lock keeps
 * two builds from installing into one tool environment at once.
 */
final class ToolsStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    Path marker = BuildPlanner.toolProject(state.plan).resolveSibling("siege-tools.toml");
    String expected = "packagecompiler_version = \"" + state.plan.packageCompilerVersion() + "\"\n";
    if (expected.equals(readIfPresent(marker))) {
      state.info("PackageCompiler " + state.plan.packageCompilerVersion() + " is already installed in " + marker.getParent());
      return;
    }
    try (OutputLock toolLock = OutputLock.acquire(marker.getParent())) {
      Files.createDirectories(step.requireJulia().workDir());
      JuliaRuns.run(step.requireJulia(), state);
      Files.writeString(marker, expected, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw BuildState.io("install the tool environment", e);
    }
  }

  private static String readIfPresent(Path file) throws SiegeException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw BuildState.io("read " + file, e);
    }
  }
}
