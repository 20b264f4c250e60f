package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.version.Version;
import dev.siege.core.version.VersionSpec;
import dev.siege.julia.JuliaRunner;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.install.UserCache;
import dev.siege.julia.process.ProcessJuliaRunner;
import dev.siege.julia.provision.JuliaProvisioner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How and where a build runs, apart from what it builds ({@link SiegeBuilder}), as jib's {@code
 * Containerizer}: which Julia, SIEGE's cache, the environment variables Julia and the C compiler
 * are looked up in, the working directory, the longest a Julia process may run, and who hears
 * the events.
 *
 * <pre>{@code
 * BuildContext context = BuildContext.create()
 *     .julia(JuliaSource.version(Version.parse("1.10.5")))
 *     .addListener(event -> ...);
 * BuildResult result = SiegeBuilder.forProject(Path.of("env")).output(Path.of("build")).build(context);
 * }</pre>
 */
public final class BuildContext {
  private JuliaSource julia = JuliaSource.search();
  private URI juliaDownloadBase;
  private Function<Path, JuliaRunner> runnerFactory;
  private Path cacheDirectory;
  private Map<String, String> environmentVariables = System.getenv();
  private Path workingDirectory;
  private Duration juliaTimeout;
  private boolean download = true;
  private final List<SiegeListener> listeners = new ArrayList<>();
  private final Map<List<Object>, JuliaProvisioner> provisioners = new HashMap<>();

  private BuildContext() {}

  /** A context with the defaults: search for Julia, this process's variables, the user's cache. */
  public static BuildContext create() {
    return new BuildContext();
  }

  /** Which Julia builds the bundle (default {@link JuliaSource#search()}). */
  public BuildContext julia(JuliaSource source) {
    this.julia = Objects.requireNonNull(source, "source");
    return this;
  }

  /**
   * Where official Julia binaries are downloaded from (a mirror of Julia's versions index).
   *
   * @throws IllegalArgumentException when {@code base} is not an {@code http(s)} URL with a host,
   *     or holds credentials (never sent, and never to be recorded): see {@link
   *     dev.siege.julia.provision.DownloadUrls#checkBase}
   */
  public BuildContext juliaDownloadBase(URI base) {
    dev.siege.julia.provision.DownloadUrls.checkBase(Objects.requireNonNull(base, "base"));
    this.juliaDownloadBase = base;
    return this;
  }

  /**
   * Runs every Julia process through {@code runner} (the testkit's fake, or an embedder's own),
   * including the smoke test that normally starts the bundle's launcher.
   */
  public BuildContext juliaRunner(JuliaRunner runner) {
    Objects.requireNonNull(runner, "runner");
    return juliaRunners(executable -> runner);
  }

  /**
   * Runs each Julia process through the runner made for the program the plan names (a Julia
   * binary, or the bundle's launcher for the smoke test) instead of starting it.
   */
  public BuildContext juliaRunners(Function<Path, JuliaRunner> factory) {
    this.runnerFactory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  /** SIEGE's cache: tool environments, probe results, downloaded Julias, logs. */
  public BuildContext cacheDirectory(Path dir) {
    this.cacheDirectory = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** The variables used to find Julia and a C compiler and given to Julia (default: this process's). */
  public BuildContext environmentVariables(Map<String, String> variables) {
    this.environmentVariables = Map.copyOf(variables);
    return this;
  }

  /** The directory searched for {@code julia-*}{@code /bin/julia} (default: the current one). */
  public BuildContext workingDirectory(Path dir) {
    this.workingDirectory = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** The longest any single Julia process may run (default 4 hours). */
  public BuildContext juliaTimeout(Duration timeout) {
    this.juliaTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Whether a build may download the official Julia when a {@link JuliaSource#search() search}
   * finds none (default true): the manifest's {@code julia_version}, or for a project without a
   * manifest the newest stable release its {@code [compat] julia} allows.
   */
  public BuildContext downloadWhenNoJuliaIsFound(boolean allowed) {
    this.download = allowed;
    return this;
  }

  public BuildContext addListener(SiegeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  // ---- used by the pipeline ------------------------------------------------------------------

  SiegeListener listener() {
    return SiegeListener.of(listeners);
  }

  Optional<Duration> juliaTimeout() {
    return Optional.ofNullable(juliaTimeout);
  }

  Map<String, String> environmentVariables() {
    return environmentVariables;
  }

  /** The cache directory given, else {@link UserCache#root}. */
  Path cache() {
    return cacheDirectory != null ? cacheDirectory : UserCache.root(environmentVariables);
  }

  Path workingDirectoryFor(Path projectDir) {
    return workingDirectory != null ? workingDirectory : projectDir.getFileSystem().getPath("").toAbsolutePath();
  }

  /** Starts (or, with a runner given, answers) the Julia processes of a build. */
  Function<Path, JuliaRunner> runners() {
    if (runnerFactory != null) {
      return runnerFactory;
    }
    Path tmp = ensureDir(cache().resolve("tmp"));
    return exe -> new ProcessJuliaRunner(exe, tmp, environmentVariables);
  }

  private static Path ensureDir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      return null; // ProcessJuliaRunner falls back to the system temporary directory
    }
  }

  /**
   * The Julia binary this context chooses for {@code env}.
   *
   * @param download whether a missing official Julia may be downloaded (not for a plan)
   * @param insecureDownload whether a download without a good release signature may be used
   */
  Path juliaExecutable(Environment env, Path projectDir, boolean download, boolean insecureDownload,
      SiegeListener listener) throws SiegeException, InterruptedException {
    Version wanted;
    if (julia instanceof JuliaSource.OfficialVersion v) {
      wanted = v.version();
    } else if (julia instanceof JuliaSource.ManifestVersion) {
      wanted = env.manifest().flatMap(m -> m.juliaVersion()).orElseThrow(() -> new SiegeException(
          env.manifest().isEmpty() ? "{option:JULIA_VERSION} manifest: the project has no manifest to take the version from"
              : "{option:JULIA_VERSION} manifest: the manifest records no julia_version",
          "pass {option:JULIA_VERSION} X.Y.Z or {option:JULIA} PATH"));
    } else {
      wanted = null;
    }
    if (wanted != null) {
      JuliaProvisioner provisioner = provisioner(insecureDownload);
      Optional<JuliaInstallation> cached = provisioner.cached(wanted);
      if (cached.isPresent()) {
        return cached.get().executable();
      }
      if (!download) {
        throw new SiegeException("Julia " + wanted + " is not downloaded yet, and a plan downloads nothing",
            "build with {option:JULIA_VERSION} " + wanted + " (a build downloads it), or pass {option:JULIA} PATH");
      }
      return provisioner.provision(wanted, listener).executable();
    }
    Path explicit = julia instanceof JuliaSource.Executable e ? e.path() : null;
    if (runnerFactory != null && explicit == null) {
      return workingDirectoryFor(projectDir).resolve("julia"); // never started: the runner answers every call
    }
    try {
      return JuliaInstallation.find(explicit, environmentVariables, workingDirectoryFor(projectDir)).executable();
    } catch (JuliaInstallation.NotFoundException e) {
      if (!this.download) {
        throw e;
      }
      return officialInstead(env, e, download, insecureDownload, listener);
    }
  }

  /**
   * No Julia anywhere: the official one the project asks for (issue: one command on a fresh build
   * server), said in one line with its size before it is downloaded.
   */
  private Path officialInstead(Environment env, JuliaInstallation.NotFoundException notFound, boolean download,
      boolean insecureDownload, SiegeListener listener) throws SiegeException, InterruptedException {
    JuliaProvisioner provisioner = provisioner(insecureDownload);
    Optional<Version> fromManifest = env.manifest().flatMap(m -> m.juliaVersion());
    JuliaProvisioner.Offer offer;
    String why;
    if (fromManifest.isPresent()) {
      Optional<JuliaInstallation> cached = provisioner.cached(fromManifest.get());
      if (cached.isPresent()) {
        return cached.get().executable();
      }
      offer = provisioner.offer(fromManifest.get());
      why = "the manifest's julia_version";
    } else {
      Optional<VersionSpec> compat = env.project().juliaCompat();
      offer = provisioner.newestStable(v -> compat.map(c -> c.contains(v)).orElse(true)).orElseThrow(() ->
          new SiegeException("no Julia found, and no official Julia release satisfies the project's [compat] julia = \""
              + compat.map(VersionSpec::text).orElse("") + "\"", notFound.rawHint().orElse(null)));
      Optional<JuliaInstallation> cached = provisioner.cached(offer.version());
      if (cached.isPresent()) {
        return cached.get().executable();
      }
      why = compat.isPresent() ? "the newest release the project's [compat] julia allows" : "the newest stable release";
    }
    if (!download) {
      throw new SiegeException("no Julia found, and a plan downloads nothing (a build would download the official Julia "
          + offer.version() + ", " + why + ")", "build once, or pass {option:JULIA} PATH");
    }
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "no Julia found: downloading the official Julia "
        + offer.version() + " (" + why + (offer.bytes() >= 0 ? ", " + megabytes(offer.bytes()) : "")
        + ") into " + cache().resolve("julia") + "; {option:NO_DOWNLOAD} refuses instead"));
    return provisioner.provision(offer.version(), listener).executable();
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  /** Whether a Julia may be downloaded at all ({@link #downloadWhenNoJuliaIsFound}). */
  boolean downloadAllowed() {
    return download;
  }

  /** The provisioner of official Julias, for this machine or another platform: the cache and the mirror of this context. */
  /**
   * The provisioner for this context's cache and mirror: the same one while they stay the same, so
   * that a plan and the build that follows read the versions index once.
   */
  synchronized JuliaProvisioner provisioner(boolean insecureDownload) {
    List<Object> key = Arrays.asList(cache().resolve("julia"), juliaDownloadBase, insecureDownload);
    JuliaProvisioner known = provisioners.get(key);
    if (known != null) {
      return known;
    }
    JuliaProvisioner.Builder b = JuliaProvisioner.builder(cache().resolve("julia")).insecureDownload(insecureDownload);
    if (juliaDownloadBase != null) {
      b.baseUrl(juliaDownloadBase);
    }
    JuliaProvisioner made = b.build();
    provisioners.put(key, made);
    return made;
  }
}
