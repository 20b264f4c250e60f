package dev.siege.cli;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** The options of commands that read a Julia environment: {@code [DIR] [--julia-version V]}. */
public final class EnvironmentOptions {
  /** The word that asks for the Julia version the manifest was resolved with. */
  static final String FROM_MANIFEST = "manifest";

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "env",
      paramLabel = "DIR",
      description = "The project directory (default: ${DEFAULT-VALUE}, relative to the current directory).")
  Path dir;

  @Option(
      names = "--julia-version",
      paramLabel = "X.Y.Z|manifest",
      converter = JuliaVersionConverter.class,
      description =
          "The Julia that will build the bundle ('manifest': the manifest's julia_version). It picks the"
              + " versioned manifest (Manifest-vX.Y.toml) and is compared with julia_version and [compat] julia;"
              + " build downloads it when it is not in SIEGE's cache.")
  JuliaVersion juliaVersion;

  /** A {@code --julia-version} value: a version, or (null) the manifest's. */
  record JuliaVersion(Version version) {}

  /** The version given explicitly, or null (none given, or {@code manifest}). */
  Version julia() {
    return juliaVersion == null ? null : juliaVersion.version();
  }

  boolean juliaFromManifest() {
    return juliaVersion != null && juliaVersion.version() == null;
  }

  Environment load() throws SiegeException {
    return Environment.load(dir, julia());
  }

  /** The version to check against: the one given, the manifest's for {@code manifest}, or null. */
  Version juliaFor(Environment env) {
    return juliaFromManifest() ? env.manifest().flatMap(Manifest::juliaVersion).orElse(null) : julia();
  }

  /** Parses {@code 1.10.4} or {@code manifest}; anything else is a usage error. */
  static final class JuliaVersionConverter implements ITypeConverter<JuliaVersion> {
    @Override
    public JuliaVersion convert(String value) {
      if (value.equals(FROM_MANIFEST)) {
        return new JuliaVersion(null);
      }
      try {
        return new JuliaVersion(Version.parse(value));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a Julia version (e.g. 1.10.4) or 'manifest'");
      }
    }
  }
}
