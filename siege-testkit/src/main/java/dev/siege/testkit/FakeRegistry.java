package dev.siege.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A package registry on disk, as a registry repository's checkout holds it: {@code Registry.toml}
 * ({@code name}, {@code uuid}, {@code repo}, {@code [packages]}) and a {@code Package.toml} per
 * package. For tests of {@code --registry}: give its directory, or a URL whose path is that
 * directory (the fake Julia's network serves it, see {@link FakeJuliaRunner}).
 */
public final class FakeRegistry {
  private FakeRegistry() {}

  /** Writes a registry named {@code name} listing {@code packages} (name to uuid) into {@code dir}. */
  public static Path write(Path dir, String name, UUID uuid, Map<String, UUID> packages) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("name = \"").append(name).append("\"\n");
    sb.append("uuid = \"").append(uuid).append("\"\n");
    sb.append("repo = \"https://git.example.com/").append(name).append(".git\"\n\n");
    sb.append("description = \"\"\"\nFake registry (SIEGE testkit).\n\"\"\"\n\n[packages]\n");
    for (Map.Entry<String, UUID> p : new TreeMap<>(packages).entrySet()) {
      String path = p.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + "/" + p.getKey();
      sb.append(p.getValue()).append(" = { name = \"").append(p.getKey()).append("\", path = \"").append(path)
          .append("\" }\n");
      Path pkg = Files.createDirectories(dir.resolve(path));
      Files.writeString(pkg.resolve("Package.toml"), "name = \"" + p.getKey() + "\"\nuuid = \"" + p.getValue()
          + "\"\nrepo = \"https://git.example.com/" + p.getKey() + ".jl.git\"\n");
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Registry.toml"), sb.toString());
    return dir;
  }
}
