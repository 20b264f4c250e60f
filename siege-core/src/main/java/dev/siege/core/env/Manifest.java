package dev.siege.core.env;

import com.google.common.collect.ImmutableMap;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@code Manifest.toml} in format 1.0 (top-level {@code [[Name]]}), 2.0 or 2.1 ({@code
 * [[deps.Name]]}, 2.1 adding {@code [registries]}); JULIA-FACTS §4. An unknown format is read as
 * Pkg reads it (like 2.x) and reported by the checks.
 *
 * @param format the {@code manifest_format} value, {@code "1.0"} when the key is absent
 * @param formatDeclared whether the file has a {@code manifest_format} key
 * @param lines 1-based lines of top-level keys ({@code julia_version}, ...)
 */
public record Manifest(
    Path path,
    String format,
    boolean formatDeclared,
    Optional<Version> juliaVersion,
    Optional<String> projectHash,
    List<ManifestEntry> entries,
    List<Registry> registries,
    Map<String, Integer> lines) {

  public Manifest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(juliaVersion, "juliaVersion");
    Objects.requireNonNull(projectHash, "projectHash");
    entries = List.copyOf(entries);
    registries = List.copyOf(registries);
    lines = ImmutableMap.copyOf(lines);
  }

  /** A format 2.1 {@code [registries.Name]} table. */
  public record Registry(String name, UUID uuid, Optional<String> url) {
    public Registry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(url, "url");
    }
  }

  /** Reads a manifest; unreadable or ill-typed content is a {@link SiegeException}. */
  public static Manifest read(Path file) throws SiegeException {
    return ManifestParser.parse(file, TomlReader.read(file));
  }

  /** The format as a version ({@code 1.0.0}, {@code 2.1.0}, ...). */
  public Version formatVersion() {
    return Version.parse(format);
  }

  /** Whether Pkg knows this format's major version (1 or 2). */
  public boolean isKnownFormat() {
    int major = formatVersion().major();
    return major == 1 || major == 2;
  }

  public List<ManifestEntry> entriesNamed(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).toList();
  }

  public Optional<ManifestEntry> entry(UUID uuid) {
    return entries.stream().filter(e -> e.uuid().equals(uuid)).findFirst();
  }

  /** 1-based line of a top-level key, or 0. */
  public int lineOf(String key) {
    return lines.getOrDefault(key, 0);
  }
}
