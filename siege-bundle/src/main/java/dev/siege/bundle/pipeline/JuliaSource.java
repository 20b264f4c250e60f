package dev.siege.bundle.pipeline;

import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which Julia builds the bundle: one choice, never several settled by precedence.
 *
 * <ul>
 *   <li>{@link #search()}: the first of {@code SIEGE_JULIA}, {@code ./julia-*}{@code /bin/julia},
 *       {@code julia} on PATH and juliaup's default (the default);
 *   <li>{@link #executable(Path)}: exactly this binary;
 *   <li>{@link #version(Version)}: the official binary of that version, downloaded into the cache
 *       when missing;
 *   <li>{@link #manifestVersion()}: the official binary of the manifest's {@code julia_version}.
 * </ul>
 */
public sealed interface JuliaSource {

  /** Search the usual places. */
  static JuliaSource search() {
    return new Search();
  }

  /** Exactly this {@code julia} binary. */
  static JuliaSource executable(Path path) {
    return new Executable(path);
  }

  /** The official Julia of this version, downloaded into the cache when missing. */
  static JuliaSource version(Version version) {
    return new OfficialVersion(version);
  }

  /** The official Julia of the version the manifest records ({@code julia_version}). */
  static JuliaSource manifestVersion() {
    return new ManifestVersion();
  }

  /** See {@link #search()}. */
  record Search() implements JuliaSource {}

  /** See {@link #executable(Path)}. */
  record Executable(Path path) implements JuliaSource {
    public Executable {
      Objects.requireNonNull(path, "path");
    }
  }

  /** See {@link #version(Version)}. */
  record OfficialVersion(Version version) implements JuliaSource {
    public OfficialVersion {
      Objects.requireNonNull(version, "version");
    }
  }

  /** See {@link #manifestVersion()}. */
  record ManifestVersion() implements JuliaSource {}
}
