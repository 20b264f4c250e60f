package dev.siege.julia.probe;

import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.script.ParameterFile;
import dev.siege.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * Remembers probe results per Julia binary, keyed by its real path, size and modification time,
 * in one small TOML file per binary. A damaged or stale entry, or one of an older format (which
 * lacks what the probe reports now), is simply probed again.
 *
 * <p>Format 2 added {@code commit}, {@code bundled_depots} and {@code official_layout}.
 */
final class ProbeCache {

  static final int FORMAT = 2;

  private final Path dir;

  ProbeCache(Path dir) {
    this.dir = dir;
  }

  /** What identifies one binary's state: replace or touch it and the cache entry is stale. */
  record Key(String path, long size, long mtimeMillis) {
    static Key of(Path executable) throws IOException {
      Path real = executable.toRealPath();
      return new Key(real.toString(), Files.size(real), Files.getLastModifiedTime(real).toMillis());
    }
  }

  Optional<JuliaInfo> get(Key key, Path executable) {
    Path file = fileFor(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      TomlParseResult t = Toml.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (t.hasErrors()
          || !Long.valueOf(FORMAT).equals(t.getLong("format"))
          || !key.path().equals(t.getString("path"))
          || !Long.valueOf(key.size()).equals(t.getLong("size"))
          || !Long.valueOf(key.mtimeMillis()).equals(t.getLong("mtime_ms"))) {
        return Optional.empty();
      }
      return Optional.of(
          new JuliaInfo(
              executable,
              Version.parse(t.getString("version")),
              t.getString("arch"),
              t.getString("os"),
              t.getString("libc"),
              t.getString("cpu_name"),
              Path.of(t.getString("bindir")),
              Math.toIntExact(t.getLong("word_size")),
              t.getString("triplet"),
              t.getString("commit"),
              paths(t.getArrayOrEmpty("bundled_depots")),
              t.getBoolean("official_layout")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or from another format: probe again
    }
  }

  void put(Key key, JuliaInfo info) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("format", (long) FORMAT);
    values.put("path", key.path());
    values.put("size", key.size());
    values.put("mtime_ms", key.mtimeMillis());
    values.put("version", info.version().toString());
    values.put("arch", info.arch());
    values.put("os", info.os());
    values.put("libc", info.libc());
    values.put("cpu_name", info.cpuName());
    values.put("bindir", info.bindir().toString());
    values.put("word_size", (long) info.wordSize());
    values.put("triplet", info.triplet());
    values.put("commit", info.commit());
    values.put("bundled_depots", info.bundledDepots().stream().map(Path::toString).toList());
    values.put("official_layout", info.officialLayout());
    Path file = fileFor(key);
    AtomicFiles.writeString(file, ParameterFile.render(values));
  }

  private static List<Path> paths(TomlArray array) {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      paths.add(Path.of(array.getString(i)));
    }
    return paths;
  }

  private Path fileFor(Key key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.path().getBytes(StandardCharsets.UTF_8));
      return dir.resolve("probe-" + HexFormat.of().formatHex(digest, 0, 16) + ".toml");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
