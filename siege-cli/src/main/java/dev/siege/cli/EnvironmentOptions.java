package dev.siege.cli;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of commands that read a Julia environment: {@code [DIR] [--julia-version V]}. */
public final class EnvironmentOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "env",
      paramLabel = "DIR",
      description = "The project directory (default: ${DEFAULT-VALUE}, relative to the current directory).")
  Path dir;

  @Option(
      names = "--julia-version",
      paramLabel = "VERSION",
      converter = VersionConverter.class,
      description =
          "The Julia that will build the bundle: picks its versioned manifest (Manifest-vX.Y.toml)"
              + " and compares julia_version and [compat] julia with it.")
  Version julia;

  Environment load() throws SiegeException {
    return Environment.load(dir, julia);
  }
}
