package dev.siege.bundle.sbom;

import dev.siege.bundle.sbom.BundleInventory.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The repository URLs the registries of a depot give for packages: {@code repo} of {@code
 * <L>/<Name>/Package.toml}, found through {@code Registry.toml}'s {@code [packages]} table.
 * Registries are read unpacked ({@code registries/<Name>/}) or packed, as Pkg keeps them when a
 * package server sent them ({@code registries/<Name>.toml} naming {@code <Name>.tar.gz} by its
 * {@code path} key; Pkg src/Registry/registry_instance.jl, master).
 */
final class RegistryIndex {
  /** A package's registry and the {@code repo} that registry gives. */
  record Listing(Registry registry, Optional<String> repo) {}

  private final Map<UUID, Listing> listings;
  private final List<String> notes;

  private RegistryIndex(Map<UUID, Listing> listings, List<String> notes) {
    this.listings = listings;
    this.notes = notes;
  }

  Optional<Listing> find(UUID uuid) {
    return Optional.ofNullable(listings.get(uuid));
  }

  List<String> notes() {
    return notes;
  }

  /** Reads the registries of {@code depot}, keeping the listings of {@code wanted} only. */
  static RegistryIndex read(Path depot, Collection<UUID> wanted) throws IOException {
    Path dir = depot.resolve("registries");
    Map<UUID, Listing> found = new HashMap<>();
    List<String> notes = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      notes.add("the bundle depot has no registries/: no repository URL is given for its packages");
      return new RegistryIndex(found, notes);
    }
    TreeMap<String, Path> entries = new TreeMap<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(p -> entries.put(p.getFileName().toString(), p));
    }
    Set<UUID> want = Set.copyOf(wanted);
    for (Path p : entries.values()) {
      String name = p.getFileName().toString();
      Map<String, String> files = new HashMap<>();
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        readUnpacked(p, files, want);
      } else if (name.endsWith(".toml") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        TomlParseResult pointer = Toml.parse(Files.readString(p));
        String tarball = pointer.getString("path");
        Path packed = tarball == null ? null : dir.resolve(tarball).normalize();
        if (packed == null || !packed.startsWith(dir) || !Files.isRegularFile(packed, LinkOption.NOFOLLOW_LINKS)) {
          notes.add("registry " + name + " names no packed registry beside it: its packages have no repository URL");
          continue;
        }
        readPacked(packed, files);
      } else {
        continue;
      }
      index(files, want, found);
    }
    return new RegistryIndex(found, notes);
  }

  private static void readUnpacked(Path root, Map<String, String> files, Set<UUID> want) throws IOException {
    Path registryToml = root.resolve("Registry.toml");
    if (!Files.isRegularFile(registryToml, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String text = Files.readString(registryToml);
    files.put("Registry.toml", text);
    TomlTable packages = Toml.parse(text).getTable("packages");
    if (packages == null) {
      return;
    }
    for (String key : packages.keySet()) {
      TomlTable entry = packages.getTable(List.of(key));
      String path = entry == null ? null : entry.getString("path");
      if (path == null || !want.contains(uuidOrNull(key))) {
        continue;
      }
      Path pkg = root.resolve(path).resolve("Package.toml").normalize();
      if (pkg.startsWith(root) && Files.isRegularFile(pkg, LinkOption.NOFOLLOW_LINKS)) {
        files.put(path + "/Package.toml", Files.readString(pkg));
      }
    }
  }

  private static void readPacked(Path tarball, Map<String, String> files) throws IOException {
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
        if (e.isFile() && (name.equals("Registry.toml") || name.endsWith("/Package.toml")) && e.getSize() < (1 << 24)) {
          files.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static void index(Map<String, String> files, Set<UUID> want, Map<UUID, Listing> found) {
    String registryText = files.get("Registry.toml");
    if (registryText == null) {
      return;
    }
    TomlParseResult registry = Toml.parse(registryText);
    Registry reg = new Registry(String.valueOf(registry.getString("name")), String.valueOf(registry.getString("uuid")),
        Optional.ofNullable(registry.getString("repo")));
    TomlTable packages = registry.getTable("packages");
    if (packages == null) {
      return;
    }
    for (String key : packages.keySet()) {
      UUID uuid = uuidOrNull(key);
      TomlTable entry = packages.getTable(List.of(key));
      if (uuid == null || !want.contains(uuid) || found.containsKey(uuid) || entry == null) {
        continue;
      }
      String path = entry.getString("path");
      String pkgText = path == null ? null : files.get(path + "/Package.toml");
      Optional<String> repo = pkgText == null ? Optional.empty() : Optional.ofNullable(Toml.parse(pkgText).getString("repo"));
      found.put(uuid, new Listing(reg, repo));
    }
  }

  private static UUID uuidOrNull(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
