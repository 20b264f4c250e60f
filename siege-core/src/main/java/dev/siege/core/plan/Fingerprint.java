package dev.siege.core.plan;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a bundle was built from (DESIGN.md: Project and Manifest bytes, Julia version and arch,
 * options, SIEGE and PackageCompiler versions), hashed. Equal fingerprints and intact checksums
 * mean {@code siege build} has nothing to do. The named components are kept so that a rebuild
 * can say what changed.
 *
 * @param components component name to value (file contents enter as their sha256)
 * @param hex sha256 over the sorted components
 */
public record Fingerprint(SortedMap<String, String> components, String hex) {

  public Fingerprint {
    components = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(components));
    Objects.requireNonNull(hex, "hex");
  }

  /** Hashes {@code components} (name to value) in name order, each as a length-prefixed pair. */
  public static Fingerprint of(Map<String, String> components) {
    SortedMap<String, String> sorted = new TreeMap<>(components);
    Hasher h = Hashing.sha256().newHasher();
    sorted.forEach(
        (k, v) -> {
          byte[] key = k.getBytes(StandardCharsets.UTF_8);
          byte[] value = v.getBytes(StandardCharsets.UTF_8);
          h.putInt(key.length).putBytes(key).putInt(value.length).putBytes(value);
        });
    return new Fingerprint(sorted, h.hash().toString());
  }

  /** sha256 of some bytes, for file-content components. */
  public static String sha256(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }

  /**
   * sha256 over a directory's regular files (relative names and contents, in name order; {@code
   * .git} left out): for developed packages, whose code ships as it is on disk.
   */
  public static String treeHash(Path dir) throws IOException {
    Hasher h = Hashing.sha256().newHasher();
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
      files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !dir.relativize(p).toString().startsWith(".git"))
          .sorted()
          .toList();
    }
    for (Path f : files) {
      byte[] name = dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8);
      h.putInt(name.length).putBytes(name);
      h.putBytes(MoreFiles.asByteSource(f).hash(Hashing.sha256()).asBytes());
    }
    return h.hash().toString();
  }

  /** Names of the components whose values differ from {@code previous} (added or removed too). */
  public List<String> changedSince(Map<String, String> previous) {
    Map<String, String> all = new LinkedHashMap<>(components);
    previous.forEach(all::putIfAbsent);
    return all.keySet().stream()
        .filter(k -> !Objects.equals(components.get(k), previous.get(k)))
        .sorted()
        .toList();
  }
}
