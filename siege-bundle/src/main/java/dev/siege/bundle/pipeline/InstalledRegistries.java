package dev.siege.bundle.pipeline;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.io.RegularFiles;
import dev.siege.core.plan.RegistrySource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The registries a depot holds ({@code registries/<Name>/Registry.toml}, or a packed {@code
 * registries/<Name>.toml}; Pkg release-1.7 src/Registry/registry_instance.jl {@code
 * reachable_registries}), as the metadata records them: name, uuid, and the repository URL
 * without user information.
 */
final class InstalledRegistries {
  private InstalledRegistries() {}

  static List<BundleMetadata.Registry> of(Path depot) throws IOException {
    Path dir = depot.resolve("registries");
    List<BundleMetadata.Registry> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted().toList();
    }
    for (Path p : entries) {
      String file = p.getFileName().toString();
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        header(p.resolve("Registry.toml")).ifPresent(t -> out.add(registry(t, file)));
      } else if (file.endsWith(".toml") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        header(p).filter(t -> t.isString("path"))
            .ifPresent(t -> out.add(registry(t, file.substring(0, file.length() - ".toml".length()))));
      }
    }
    return out;
  }

  /** The registry's name from its file ({@code name}), else the directory's. */
  static Optional<String> name(Path registryDir) throws IOException {
    return header(registryDir.resolve("Registry.toml")).map(t -> t.getString("name"));
  }

  private static BundleMetadata.Registry registry(TomlParseResult t, String fallbackName) {
    String name = t.isString("name") ? t.getString("name") : fallbackName;
    String uuid = t.isString("uuid") ? t.getString("uuid") : "";
    String repo = t.isString("repo") ? RegistrySource.withoutUserInfo(t.getString("repo")) : "";
    return new BundleMetadata.Registry(name, uuid, repo);
  }

  /**
   * The top-level keys of a registry file, read up to its first table: General's Registry.toml
   * lists every package under {@code [packages]} (megabytes) and only the header is needed.
   */
  private static Optional<TomlParseResult> header(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null && !line.stripLeading().startsWith("[") && sb.length() < RegularFiles.MIB) {
        sb.append(line).append('\n');
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.empty();
    }
    TomlParseResult t = Toml.parse(sb.toString());
    return t.hasErrors() ? Optional.empty() : Optional.of(t);
  }
}
