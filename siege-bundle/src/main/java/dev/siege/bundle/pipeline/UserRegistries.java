package dev.siege.bundle.pipeline;

import dev.siege.core.depot.DepotPaths;
import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFiles;
import java.nio.charset.StandardCharsets;
import dev.siege.core.plan.BuildOptions;
import dev.siege.core.plan.RegistrySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the local copy of each {@code --registry} that is not a URL, before anything runs: a
 * directory given (made absolute, {@code ~/} expanded) must hold {@code Registry.toml}; a name is
 * looked up in the user's depots ({@code JULIA_DEPOT_PATH}, else {@code ~/.julia}), as {@code
 * registries/<Name>/} or as a packed {@code registries/<Name>.toml} (JULIA-FACTS §3).
 */
final class UserRegistries {
  private UserRegistries() {}

  /** {@code options} with every local registry located; an unknown one is a {@link SiegeException}. */
  static BuildOptions locate(BuildOptions options, Map<String, String> environment, Path workingDir)
      throws SiegeException {
    if (options.registries().isEmpty()) {
      return options;
    }
    List<RegistrySource> located = new ArrayList<>();
    for (RegistrySource r : options.registries()) {
      located.add(switch (r.kind()) {
        case URL -> r;
        case DIRECTORY -> r.resolvedTo(directory(r, environment, workingDir));
        case NAME -> r.resolvedTo(byName(r.given(), DepotPaths.userDepots(environment, workingDir)));
      });
    }
    return options.toBuilder().registries(located).build();
  }

  private static Path directory(RegistrySource r, Map<String, String> environment, Path workingDir)
      throws SiegeException {
    String given = r.given();
    String home = environment.getOrDefault("HOME", "");
    if ((given.equals("~") || given.startsWith("~/")) && !home.isEmpty()) {
      given = home + given.substring(1);
    }
    Path dir = workingDir.resolve(given).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("Registry.toml"))) {
      throw new SiegeException("{option:REGISTRY} " + r.given() + ": " + dir
          + (Files.isDirectory(dir) ? " holds no Registry.toml, so it is not a registry" : " is not a directory"),
          "give a registry's git URL, a registry directory (holding Registry.toml), or the name of a registry in"
              + " ~/.julia/registries");
    }
    return dir;
  }

  private static Path byName(String name, List<Path> depots) throws SiegeException {
    List<String> looked = new ArrayList<>();
    for (Path depot : depots) {
      Path registries = depot.resolve("registries");
      looked.add(registries.toString());
      Path dir = registries.resolve(name);
      if (Files.isRegularFile(dir.resolve("Registry.toml"))) {
        return dir.toAbsolutePath().normalize();
      }
      Path packed = registries.resolve(name + ".toml");
      if (Files.isRegularFile(packed) && packedTarball(packed).isPresent()) {
        return packed.toAbsolutePath().normalize();
      }
    }
    throw new SiegeException("{option:REGISTRY} " + name + ": no registry of that name in "
        + (looked.isEmpty() ? "any depot (HOME is not set)" : String.join(", ", looked)),
        "give the registry's git URL or directory, or add it to your depot first (pkg> registry add URL)");
  }

  /**
   * The tarball a packed registry's {@code <Name>.toml} names with its {@code path} key, relative
   * to the file (Pkg release-1.7 src/Registry/registry_instance.jl {@code reachable_registries}
   * takes such a TOML file for a registry).
   */
  static Optional<Path> packedTarball(Path toml) {
    try {
      var parsed = org.tomlj.Toml.parse(new String(RegularFiles.read(toml, RegularFiles.MIB), StandardCharsets.UTF_8));
      String path = parsed.hasErrors() ? null : parsed.getString("path");
      if (path == null || path.contains("/") || path.startsWith(".")) {
        return Optional.empty();
      }
      Path tarball = toml.resolveSibling(path);
      return Files.isRegularFile(tarball) ? Optional.of(tarball) : Optional.empty();
    } catch (SiegeException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
