package dev.siege.julia.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Julia binary SIEGE will use, and where it was found. {@link #find} looks, in order, at: an
 * explicit path ({@code --julia}); {@code SIEGE_JULIA}; {@code julia-*}{@code /bin/julia} in the
 * working directory (where users of the original SIEGE keep it); {@code julia} on {@code PATH};
 * juliaup's default channel, then {@code ~/.juliaup/bin/julia}.
 *
 * @param executable the {@code julia} binary
 * @param source where it was found, for messages (e.g. {@code "SIEGE_JULIA"}, {@code "PATH"})
 */
public record JuliaInstallation(Path executable, String source) {

  /** The variable naming a Julia binary, also honoured by the bundle's launcher. */
  public static final String SIEGE_JULIA = "SIEGE_JULIA";

  private static final String HINT =
      "pass {option:JULIA} PATH to use a Julia binary, or {option:JULIA_VERSION} X.Y.Z to download an official one";

  public JuliaInstallation {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Uses exactly {@code executable}: a clear error when it is missing, a directory or not
   * executable.
   */
  public static JuliaInstallation at(Path executable, String source) throws SiegeException {
    Optional<ExecutableCheck.Problem> problem = ExecutableCheck.check(executable);
    if (problem.isPresent()) {
      throw new SiegeException(problem.get().message(), problem.get().hint());
    }
    return new JuliaInstallation(executable.toAbsolutePath().normalize(), source);
  }

  /**
   * Finds Julia.
   *
   * @param explicit the {@code --julia} path, or null; when given it is the only place looked at
   * @param env the environment to read ({@code SIEGE_JULIA}, {@code PATH}, {@code HOME}, {@code
   *     JULIAUP_DEPOT_PATH})
   * @param workDir the directory searched for {@code julia-*}{@code /bin/julia}
   * @throws SiegeException when nothing is found (listing every place tried), or when {@code
   *     explicit} or {@code SIEGE_JULIA} names something unusable
   */
  public static JuliaInstallation find(Path explicit, Map<String, String> env, Path workDir)
      throws SiegeException {
    if (explicit != null) {
      return at(explicit, "{option:JULIA}");
    }
    String fromEnv = env.get(SIEGE_JULIA);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      try {
        return at(Path.of(fromEnv), SIEGE_JULIA);
      } catch (SiegeException e) {
        throw new SiegeException(SIEGE_JULIA + ": " + e.getMessage(),
            "fix or unset " + SIEGE_JULIA + ", or " + HINT);
      }
    }
    List<String> tried = new ArrayList<>();
    tried.add(SIEGE_JULIA + " (not set)");

    Optional<Path> local = inWorkDir(workDir);
    if (local.isPresent()) {
      return new JuliaInstallation(local.get().toAbsolutePath().normalize(), "working directory");
    }
    tried.add(workDir.toAbsolutePath().normalize().resolve("julia-*").resolve("bin").resolve("julia").toString());

    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Optional<Path> candidate = usable(dir, "julia");
      if (candidate.isPresent()) {
        return new JuliaInstallation(candidate.get().toAbsolutePath().normalize(), "PATH");
      }
    }
    tried.add("julia on PATH" + (path.isEmpty() ? " (PATH is empty)" : " (" + path + ")"));

    Optional<Path> juliaupHome = juliaupHome(env);
    if (juliaupHome.isPresent()) {
      Path config = juliaupHome.get().resolve("juliaup.json");
      Optional<Path> channel = juliaupDefault(config);
      if (channel.isPresent()) {
        return new JuliaInstallation(channel.get().toAbsolutePath().normalize(), "juliaup default channel");
      }
      tried.add("juliaup's default channel (" + config + ")");
    }
    String home = env.get("HOME");
    if (home != null && !home.isEmpty()) {
      Optional<Path> launcher = usable(Path.of(home, ".juliaup", "bin").toString(), "julia");
      if (launcher.isPresent()) {
        return new JuliaInstallation(launcher.get().toAbsolutePath().normalize(), "juliaup");
      }
      tried.add(Path.of(home, ".juliaup", "bin", "julia").toString());
    }
    throw new NotFoundException("no Julia found; looked at: " + String.join(", ", tried), HINT);
  }

  private static Optional<Path> usable(String dir, String name) {
    try {
      Path p = Path.of(dir, name);
      return ExecutableCheck.check(p).isEmpty() ? Optional.of(p) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** The newest {@code julia-<version>/bin/julia} in {@code workDir}. */
  private static Optional<Path> inWorkDir(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(workDir)) {
      return entries
          .filter(d -> d.getFileName().toString().startsWith("julia-"))
          .map(d -> d.resolve("bin").resolve("julia"))
          .filter(p -> ExecutableCheck.check(p).isEmpty())
          .max(Comparator.comparing(JuliaInstallation::dirVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(Path::toString));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Version dirVersion(Path binJulia) {
    String name = binJulia.getParent().getParent().getFileName().toString().substring("julia-".length());
    return Version.isValid(name) ? Version.parse(name) : null;
  }

  /** juliaup keeps its config in {@code $JULIAUP_DEPOT_PATH/juliaup} or {@code ~/.julia/juliaup}. */
  private static Optional<Path> juliaupHome(Map<String, String> env) {
    String depot = env.get("JULIAUP_DEPOT_PATH");
    if (depot != null && !depot.strip().isEmpty() && Path.of(depot.strip()).isAbsolute()) {
      return Optional.of(Path.of(depot.strip(), "juliaup"));
    }
    String home = env.get("HOME");
    return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, ".julia", "juliaup"));
  }

  /**
   * The binary of juliaup's default channel: {@code Default} names a channel in {@code
   * InstalledChannels} whose {@code Version} is a key of {@code InstalledVersions}, whose {@code
   * Path} is relative to juliaup's home.
   */
  private static Optional<Path> juliaupDefault(Path config) {
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    try (var in = Files.newInputStream(config)) {
      JsonNode root = new ObjectMapper().readTree(in);
      String channel = root.path("Default").asText("");
      String version = root.path("InstalledChannels").path(channel).path("Version").asText("");
      String dir = root.path("InstalledVersions").path(version).path("Path").asText("");
      if (channel.isEmpty() || version.isEmpty() || dir.isEmpty()) {
        return Optional.empty();
      }
      Path binary = config.getParent().resolve(dir).normalize().resolve("bin").resolve("julia");
      return ExecutableCheck.check(binary).isEmpty() ? Optional.of(binary) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable juliaup config is just one place without Julia
    }
  }

  /** Nothing was found in any of the usual places (as opposed to a place that names a bad binary). */
  public static final class NotFoundException extends SiegeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message, String hint) {
      super(message, hint);
    }
  }
}
