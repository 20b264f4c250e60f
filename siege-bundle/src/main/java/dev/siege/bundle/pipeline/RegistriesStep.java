package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.env.PackageFiles;
import dev.siege.core.io.FileTrees;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.RegistrySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs the registries of {@code --registry} into the bundle depot before instantiate: SIEGE
 * copies the local ones (a directory, or a registry found by name in the user's depots) into
 * {@code <depot>/registries/<Name>} as Pkg would name them, leaving out {@code .git} and anything
 * else {@link PackageFiles#leftOut} names; then {@code registries.jl} adds those given by URL and
 * the default ones, and re-resolves the manifest when asked. Afterwards no registry keeps a
 * {@code .git}: a clone records its URL, with any token in it, in {@code .git/config} and its
 * logs, and a registry without {@code .git} still serves Pkg (release-1.10
 * src/Registry/Registry.jl {@code update} skips it; the bundle never updates offline anyway).
 */
final class RegistriesStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    // Copied first: Pkg.resolve rewrites the staged manifest, and that one ships.
    EnvironmentFiles.copy(state.plan.environment(), state.bundle.env(), state.plan.options().vendorDev(),
        state.listener);
    Path registries = state.bundle.depot().resolve("registries");
    try {
      for (RegistrySource r : state.plan.options().registries()) {
        if (r.directory().isPresent()) {
          copyLocal(r, r.directory().get(), registries, state);
        }
      }
    } catch (IOException e) {
      throw BuildState.io("copy the registries into the bundle depot", e);
    }
    JuliaRuns.run(step.requireJulia(), state);
    try {
      removeGitData(registries);
      for (var installed : InstalledRegistries.of(state.bundle.depot())) {
        state.info("registry " + installed.name() + (installed.repo().isEmpty() ? "" : " (" + installed.repo() + ")")
            + " is in the bundle depot");
      }
    } catch (IOException e) {
      throw BuildState.io("clean the registries of the bundle depot", e);
    }
    if (state.plan.options().resolve()) {
      state.info("re-resolved the manifest with Julia " + state.plan.julia().version()
          + ": the bundle ships the resolved manifest, not the project's");
    }
  }

  private static void copyLocal(RegistrySource r, Path source, Path registries, BuildState state)
      throws IOException, SiegeException {
    Files.createDirectories(registries);
    if (Files.isRegularFile(source)) {
      // A packed registry: <Name>.toml and the tarball it names (Julia 1.7+).
      Path tarball = UserRegistries.packedTarball(source).orElseThrow(() -> new SiegeException(
          "{option:REGISTRY} " + r.given() + ": " + source + " names no registry tarball beside it", null));
      Files.copy(source, registries.resolve(source.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
      Files.copy(tarball, registries.resolve(tarball.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
      state.info("copied registry " + r.recorded() + " into the bundle depot (packed)");
      return;
    }
    // Pkg installs a registry under the name its Registry.toml gives (release-1.6 src/Types.jl
    // clone_or_cp_registries: joinpath(depot, "registries", registry["name"])).
    Optional<String> name = InstalledRegistries.name(source).filter(n -> n != null && isPlainName(n));
    if (name.isEmpty()) {
      throw new SiegeException("{option:REGISTRY} " + r.given() + ": " + source.resolve("Registry.toml")
          + " has no usable name", "a registry's Registry.toml names it, e.g. name = \"MyRegistry\"");
    }
    Path target = registries.resolve(name.get());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new SiegeException("{option:REGISTRY} " + r.given() + ": a registry named " + name.get()
          + " is given twice", "give each registry once");
    }
    EnvironmentFiles.copyTree(source, target);
    state.info("copied registry " + name.get() + " (" + r.recorded() + ") into the bundle depot");
  }

  private static boolean isPlainName(String n) {
    return !n.isEmpty() && !n.equals(".") && !n.equals("..") && n.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20);
  }

  /** Deletes {@code <registry>/.git} of every registry directory (it may hold credentials). */
  static void removeGitData(Path registries) throws IOException {
    if (!Files.isDirectory(registries, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(registries)) {
      dirs = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    for (Path d : dirs) {
      FileTrees.delete(d.resolve(".git"));
    }
  }
}
