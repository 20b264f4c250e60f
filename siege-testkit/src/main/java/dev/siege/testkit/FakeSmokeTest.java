package dev.siege.testkit;

import static dev.siege.testkit.FakeJulia.repr;

import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import dev.siege.testkit.FakeEnvironment.Entry;
import dev.siege.testkit.FakeEnvironment.Manifest;
import dev.siege.testkit.FakeEnvironment.Project;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The fake's smoke_test.jl: loads each package offline, failing as the script reports failures.
 *
 * <p>Packages named in {@code SIEGE_FAKE_NETWORK_INIT} (comma-separated) fetch {@code
 * SIEGE_FAKE_NETWORK_URL} in their {@code __init__}, as a package using Downloads.jl, DataDeps or
 * plain HTTP there does, ignoring {@code JULIA_PKG_OFFLINE} (JULIA-FACTS §8, "Offline is not
 * network-free"): through {@link FakeNetwork}, which honours the proxy variables and makes a
 * real connection. When the request fails, loading fails with Julia's {@code InitError}; when it
 * succeeds, the data lands in a Scratch.jl space, {@code DEPOT_PATH[1]/scratchspaces/<uuid>/}
 * (JULIA-FACTS §3), and loading succeeds.
 */
final class FakeSmokeTest {

  /** Values {@code Base.get_bool_env} reads as true (JULIA_PKG_OFFLINE, JULIA-FACTS §3). */
  private static final Set<String> TRUE = Set.of("t", "T", "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "1");

  /** Close enough to {@code Base.isidentifier} for package names. */
  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_!]*");

  private FakeSmokeTest() {}

  static void run(FakeJuliaSettings settings, FakeJulia.Context c) throws IOException {
    List<String> packages = c.params().strings("packages");
    for (String name : packages) {
      if (!IDENTIFIER.matcher(name).matches()) {
        throw FakeJuliaError.siegeFail("not a package name: " + repr(name));
      }
    }
    Loader loader = settings.smokeTestChecksEnvironment() ? new Loader(settings, c) : null;
    FakeOutput out = c.out();
    Set<String> network = FakeJuliaSettings.names(c.env().getOrDefault("SIEGE_FAKE_NETWORK_INIT", ""));
    Set<String> initialized = new LinkedHashSet<>();
    for (int i = 0; i < packages.size(); i++) {
      String name = packages.get(i);
      out.progress(i, packages.size(), "loading " + name);
      // Loading a package runs the __init__ of everything it loads, dependencies first.
      Map<String, UUID> loaded = loader != null ? loader.load(name) : Map.of(name, fallbackUuid(name));
      List<String> order = new ArrayList<>(loaded.keySet());
      Collections.reverse(order);
      for (String pkg : order) {
        if (network.contains(pkg) && initialized.add(pkg)) {
          initFetches(settings, c, name, pkg, loaded.get(pkg));
        }
      }
      failIfTold(settings, name, out);
    }
    if (packages.isEmpty()) {
      failIfTold(settings, "the project", out);
    }
    out.progress(packages.size(), packages.size(), "done");
    out.result("loaded", packages.size());
    out.result("depots", String.join(":", depotPath(settings, c)));
  }

  /** The {@code __init__} of a package that fetches {@code SIEGE_FAKE_NETWORK_URL}. */
  private static void initFetches(FakeJuliaSettings settings, FakeJulia.Context c, String loading, String pkg, UUID uuid)
      throws IOException {
    String url = c.env().get("SIEGE_FAKE_NETWORK_URL");
    if (url == null || url.isBlank()) {
      throw new FakeJuliaError(List.of("ERROR: fake julia: SIEGE_FAKE_NETWORK_INIT names " + pkg
          + ", but SIEGE_FAKE_NETWORK_URL (what its __init__ fetches) is unset"), 1);
    }
    Optional<String> error = FakeNetwork.request(URI.create(url.strip()), c.env(), c.inNetworkNamespace());
    if (error.isPresent()) {
      // sprint(showerror, err) of an InitError around Downloads.jl's RequestError, on one line
      // (JuliaLang/Downloads.jl src/Downloads.jl: "RequestError: $msg while requesting $url").
      throw FakeJuliaError.siegeFail("loading " + loading + " failed offline: InitError: RequestError: " + error.get()
          + " while requesting " + url.strip() + " during initialization of module " + pkg);
    }
    List<String> depots = depotPath(settings, c);
    if (!depots.isEmpty()) {
      Path space = c.abspath(depots.get(0)).resolve("scratchspaces").resolve(uuid.toString()).resolve("downloads");
      Files.createDirectories(space);
      Files.writeString(space.resolve("data"), "fetched from " + url.strip() + "\n");
    }
  }

  /** A package's uuid where no manifest is read (the in-process runner, no launcher). */
  private static UUID fallbackUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void failIfTold(FakeJuliaSettings settings, String name, FakeOutput out) {
    switch (settings.smokeTest()) {
      case PASS -> { }
      case FAIL -> throw FakeJuliaError.siegeFail("loading " + name + " failed offline: InitError: "
          + "fake failure (FakeJuliaSettings.SmokeTest.FAIL)");
      case DOWNLOAD -> {
        // JULIA-FACTS §5, §6: what a missing lazy artifact prints on first load.
        out.err("  Downloading artifact: MKL");
        throw FakeJuliaError.siegeFail("loading " + name + " tried to download something (see the output above)");
      }
      default -> throw new IllegalStateException(settings.smokeTest().toString());
    }
  }

  /** What {@code import Name} depends on in the environment the bundle launcher sets up. */
  private static final class Loader {
    private final FakeJulia.Context c;
    private final Project project;
    private final Optional<Manifest> manifest;
    private final FakeInstaller depots;

    Loader(FakeJuliaSettings settings, FakeJulia.Context c) throws IOException {
      this.c = c;
      String offline = c.env().get("JULIA_PKG_OFFLINE");
      if (offline == null || !TRUE.contains(offline)) {
        throw new FakeJuliaError(List.of("ERROR: fake julia: JULIA_PKG_OFFLINE is " + (offline == null ? "unset" : repr(offline))
            + ", so Pkg would use the network on the air-gapped machine (JULIA-FACTS §3, §6)"), 1);
      }
      String projectVar = c.env().get("JULIA_PROJECT");
      if (projectVar == null || projectVar.isEmpty()) {
        throw new FakeJuliaError(List.of("ERROR: fake julia: JULIA_PROJECT is unset, so the bundle's environment is not active"), 1);
      }
      Path dir = c.abspath(projectVar);
      this.project = FakeEnvironment.readProject(dir, settings.version())
          .orElse(new Project(dir, dir.resolve("Project.toml"), null, null, java.util.Map.of(), dir.resolve("Manifest.toml")));
      this.manifest = Files.isRegularFile(project.manifestFile())
          ? Optional.of(FakeEnvironment.readManifest(project.manifestFile())) : Optional.empty();
      this.depots = new FakeInstaller(settings, c.explicitDepots(), c.out())
          .withVersionPreferences(FakeInstaller.versionPreferences(dir));
      Path parent = dir.getParent();
      if (parent != null && Files.isRegularFile(parent.resolve(BundleLayout.SYSIMAGE)) && c.sysimageOption().isEmpty()) {
        throw new FakeJuliaError(List.of("ERROR: fake julia: the bundle has " + BundleLayout.SYSIMAGE
            + " but Julia was started without -J, so every package would load from source"), 1);
      }
    }

    /** Loads {@code name}; returns what it loaded (itself and its closure), name to uuid. */
    Map<String, UUID> load(String name) throws IOException {
      if (!project.deps().containsKey(name)) {
        throw failed(name, "ArgumentError: Package " + name + " not found in current path.");
      }
      if (manifest.isEmpty() || manifest.get().entry(name).isEmpty()) {
        throw notInstalled(name, name, project.deps().get(name).toString());
      }
      Map<String, UUID> loaded = new LinkedHashMap<>();
      for (Entry e : FakeJulia.closure(manifest.get(), List.of(name), c.script())) {
        loaded.put(e.name(), e.uuid());
        Optional<Path> dir;
        if (e.installable()) {
          dir = depots.findPackage(e);
          if (dir.isEmpty()) {
            throw notInstalled(name, e.name(), e.uuid().toString());
          }
        } else if (e.path() != null) {
          dir = Optional.of(project.dir().resolve(e.path()).normalize()).filter(Files::isDirectory);
          if (dir.isEmpty()) {
            throw notInstalled(name, e.name(), e.uuid().toString());
          }
        } else {
          continue; // a stdlib ships with Julia
        }
        for (List<FakeInstaller.Artifact> file : depots.selectArtifacts(dir.get())) {
          for (FakeInstaller.Artifact a : file) {
            if (depots.findArtifact(a.treeSha1()).isPresent()) {
              continue;
            }
            if (a.lazy()) {
              // JULIA-FACTS §5: a lazy artifact downloads on first use, offline or not.
              c.out().err("  Downloading artifact: " + a.name());
              throw FakeJuliaError.siegeFail("loading " + name + " tried to download something (see the output above)");
            }
            throw failed(name, "InitError(mod=:" + e.name() + ", error=ErrorException(\"Artifact \\\"" + a.name()
                + "\\\" was not found by looking in the paths:\\n" + String.join("\\n", artifactPaths(a)) + "\"))");
          }
        }
      }
      return loaded;
    }

    private List<String> artifactPaths(FakeInstaller.Artifact a) {
      return c.explicitDepots().stream().map(d -> "  " + d.resolve("artifacts").resolve(a.treeSha1())).toList();
    }

    private static FakeJuliaError notInstalled(String loading, String name, String uuid) {
      return failed(loading, "ArgumentError: Package " + name + " [" + uuid
          + "] is required but does not seem to be installed:\n - Run `Pkg.instantiate()` to install all recorded dependencies.");
    }

    private static FakeJuliaError failed(String name, String error) {
      return FakeJuliaError.siegeFail("loading " + name + " failed offline: " + error);
    }
  }

  /** DEPOT_PATH for this version and {@code JULIA_DEPOT_PATH} (JULIA-FACTS §3). */
  static List<String> depotPath(FakeJuliaSettings settings, FakeJulia.Context c) {
    String home = c.env().getOrDefault("HOME", "~");
    String user = home + "/.julia";
    Path bindir = Path.of(settings.bindir());
    List<String> bundled = List.of(bindir.resolve("../local/share/julia").normalize().toString(),
        bindir.resolve("../share/julia").normalize().toString());
    String value = c.env().get("JULIA_DEPOT_PATH");
    Set<String> depots = new LinkedHashSet<>();
    if (value == null) {
      depots.add(user);
      depots.addAll(bundled);
      return List.copyOf(depots);
    }
    if (value.isEmpty()) {
      return List.of();
    }
    Version v = Version.parse(settings.version());
    boolean old = v.compareTo(Version.of(1, 11, 0)) < 0;
    boolean regression = !old && v.compareTo(Version.of(1, 11, 2)) < 0;
    String[] entries = value.split(":", -1);
    if (!old && !regression && entries[0].isEmpty()) {
      depots.add(user); // after julia PR #56195: a leading empty entry also brings ~/.julia
    }
    for (String entry : entries) {
      if (!entry.isEmpty()) {
        depots.add(c.abspath(entry).toString());
      } else {
        if (old) {
          depots.add(user); // 1.2-1.10: an empty entry is the full default
        }
        depots.addAll(bundled);
      }
    }
    return new ArrayList<>(depots);
  }
}
