package dev.siege.bundle.pipeline;

import dev.siege.core.BuildOption;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.layout.OutputFiles;
import dev.siege.core.plan.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What must hold for a build to be able to finish, checked before Julia is found or started:
 * the output can be replaced, nothing the build reads (the project, the precompile files,
 * developed packages) lies in a directory the build replaces or deletes, the output is not inside
 * what the build copies, the manifest can be shipped, and the precompile files exist.
 *
 * <p>Every comparison is of real paths ({@link OutputFiles#realPath}): a project reached through
 * a symbolic link that points into the output is inside the output.
 */
final class OutputChecks {
  private OutputChecks() {}

  public static void check(Environment env, BuildOptions options) throws SiegeException {
    if (OutputFiles.realPath(options.output()).getFileName() == null) {
      throw new SiegeException("the output cannot be the root directory", "choose an output directory such as build");
    }
    OutputFiles files = OutputFiles.of(options.output());
    Path output = files.output();
    Path project = OutputFiles.realPath(env.dir());
    requireOutside(files, env.dir(), project, "the project " + env.dir(), "choose an output directory outside the project");
    if (output.startsWith(project)) {
      throw new SiegeException("the output " + options.output() + " is inside the project " + env.dir()
          + "; it would be copied into the bundle's environment", "choose an output directory outside the project");
    }
    if (env.manifest().isPresent()) {
      Manifest m = env.manifest().get();
      if (!OutputFiles.realPath(m.path()).startsWith(project)) {
        throw new SiegeException("the manifest " + m.path() + " is outside the project directory, so the bundle cannot"
            + " ship it next to the project", "build the workspace root, or copy the manifest into the project",
            m.path(), 0, null);
      }
      for (ManifestEntry e : m.entries()) {
        if (e.path().isPresent()) {
          developedPackage(files, m, e);
        }
      }
    }
    requireFile(files, options.precompileScript(), BuildOption.PRECOMPILE_SCRIPT.ref());
    requireFile(files, options.precompileStatements(), BuildOption.PRECOMPILE_STATEMENTS.ref());
    StagingArea.forOutput(output).check();
  }

  /** A developed package is copied into the bundle: neither it nor the output may hold the other. */
  private static void developedPackage(OutputFiles files, Manifest m, ManifestEntry e) throws SiegeException {
    Path given = m.path().toAbsolutePath().getParent().resolve(e.path().get());
    Path source = OutputFiles.realPath(given);
    requireOutside(files, given, source, "developed package " + e.name() + " (" + e.path().get() + ")",
        "move the package out of the output, or choose another {option:OUTPUT}");
    if (files.output().startsWith(source)) {
      throw new SiegeException("the output " + files.output() + " is inside developed package " + e.name() + " ("
          + source + "), which the build copies into the bundle", "choose an output directory outside the package",
          m.path(), e.line(), null);
    }
  }

  /**
   * Refuses {@code given} when its real path {@code real} lies in a directory the build replaces
   * or deletes.
   */
  private static void requireOutside(OutputFiles files, Path given, Path real, String what, String hint)
      throws SiegeException {
    for (Path replaced : files.replacedDirectories()) {
      if (real.startsWith(replaced)) {
        boolean viaLink = !given.toAbsolutePath().normalize().equals(real);
        throw new SiegeException(what + " is inside " + (replaced.equals(files.output()) ? "the output " : "") + replaced
            + ", which the build replaces" + (viaLink ? " (its real path is " + real + ")" : ""), hint, null, 0, null);
      }
    }
  }

  private static void requireFile(OutputFiles files, Optional<Path> file, String option) throws SiegeException {
    if (file.isEmpty()) {
      return;
    }
    if (!Files.isRegularFile(file.get())) {
      boolean exists = Files.exists(file.get());
      throw new SiegeException(
          option + (exists ? ": not a regular file (a directory, a pipe or a device)" : ": no such file"),
          "give the path of an existing file", file.get(), 0, null);
    }
    requireOutside(files, file.get(), OutputFiles.realPath(file.get()), option + " " + file.get(),
        "keep it outside the output, which the build replaces");
  }
}
