package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.plan.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What must hold for a build to be able to finish, checked before Julia is found or started:
 * the output can be replaced, it and the project do not contain one another, the manifest can
 * be shipped, and the precompile files exist.
 */
final class OutputChecks {
  private OutputChecks() {}

  public static void check(Environment env, BuildOptions options) throws SiegeException {
    Path output = options.output().toAbsolutePath().normalize();
    Path project = env.dir().toAbsolutePath().normalize();
    if (output.getFileName() == null) {
      throw new SiegeException("the output cannot be the root directory", "choose an output directory such as build");
    }
    if (project.startsWith(output)) {
      throw new SiegeException("the project " + env.dir() + " is inside the output " + options.output()
          + ", which the build replaces", "choose an output directory outside the project", null, 0, null);
    }
    if (output.startsWith(project)) {
      throw new SiegeException("the output " + options.output() + " is inside the project " + env.dir()
          + "; it would be copied into the bundle's environment", "choose an output directory outside the project");
    }
    StagingArea.forOutput(output).check();
    if (env.manifest().isPresent()) {
      Manifest m = env.manifest().get();
      if (!m.path().toAbsolutePath().normalize().startsWith(project)) {
        throw new SiegeException("the manifest " + m.path() + " is outside the project directory, so the bundle cannot"
            + " ship it next to the project", "build the workspace root, or copy the manifest into the project",
            m.path(), 0, null);
      }
    }
    requireFile(options.precompileScript(), "{option:PRECOMPILE_SCRIPT}");
    requireFile(options.precompileStatements(), "{option:PRECOMPILE_STATEMENTS}");
  }

  private static void requireFile(Optional<Path> file, String option) throws SiegeException {
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new SiegeException(option + ": no such file", "give the path of an existing file", file.get(), 0, null);
    }
  }
}
