package dev.siege.testkit;

import dev.siege.testkit.FakeEnvironment.Manifest;
import dev.siege.testkit.FakeEnvironment.Project;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * registries.jl as Julia runs it, and the registry look-ups of Pkg the other fakes need.
 *
 * <p>REGISTRIES ({@code project}, {@code registry_urls}, {@code resolve}; DEPOT_PATH[1] = the
 * bundle depot): clones each URL into {@code registries/<name>} as {@code Pkg.Registry.add(
 * RegistrySpec(url=...))} does (Pkg release-1.6 src/Types.jl {@code clone_or_cp_registries}: the
 * directory is named by the cloned {@code Registry.toml}'s {@code name}, one already there with
 * the same uuid is left alone, and the clone keeps a {@code .git} whose config records the URL as
 * given, credentials included); then installs General unless a registry with its uuid is
 * reachable ({@code Pkg.Registry.add()}); then, with {@code resolve}, checks that every package
 * is registered (as {@code Pkg.resolve} does, release-1.10 src/Operations.jl {@code up}) and
 * rewrites the manifest's {@code julia_version} with this Julia's version (the resolver keeps
 * the versions: {@code UPLEVEL_FIXED}).
 *
 * <p>The fake's network: nothing is downloaded. A URL whose path (after scheme, user
 * information and host) names a local directory holding {@code Registry.toml} serves that
 * directory as the repository; any other URL fails as Pkg's clone does ({@code failed to clone
 * from <url>}).
 */
final class FakeRegistries {
  static final String GENERAL_UUID = "23338594-aafe-5451-b93e-139f81909106";
  private static final Pattern JULIA_VERSION = Pattern.compile("(?m)^julia_version\\s*=.*$");

  private FakeRegistries() {}

  static void run(FakeJuliaSettings settings, FakeJulia.Context c) throws IOException {
    Path projectDir = c.abspath(c.params().string("project"));
    List<String> urls = c.params().strings("registry_urls");
    boolean resolve = c.params().bool("resolve", false);
    Project project = FakeEnvironment.readProject(projectDir, settings.version())
        .orElseThrow(() -> FakeJuliaError.siegeFail("no Project.toml in " + FakeJulia.repr(projectDir.toString())));
    List<Path> depots = c.installDepots();
    Path registries = depots.get(0).resolve("registries");
    FakeOutput out = c.out();
    for (String url : urls) {
      // What Pkg prints (src/GitTools.jl clone: "Cloning registry from <repr(url)>"), token and all.
      out.err("     Cloning registry from " + FakeJulia.repr(url));
      Path source = served(url).orElseThrow(() -> FakeJuliaError.uncaught(c.script(),
          "failed to clone from " + url + ", error: GitError(Code:ERROR, Class:Net, failed to resolve address)"));
      TomlParseResult reg = FakeEnvironment.parse(source.resolve("Registry.toml"));
      String name = reg.getString("name");
      Path target = registries.resolve(name);
      if (Files.isRegularFile(target.resolve("Registry.toml"))) {
        out.err("registry `" + name + "` already exist in `" + target + "`.");
        continue;
      }
      copy(source, target);
      Files.createDirectories(target.resolve(".git"));
      Files.writeString(target.resolve(".git/config"),
          "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = " + url + "\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
      Files.writeString(target.resolve(".git/HEAD"), "ref: refs/heads/master\n");
      out.err("       Added registry `" + name + "` to `" + target + "`");
    }
    Manifest manifest = Files.isRegularFile(project.manifestFile())
        ? FakeEnvironment.readManifest(project.manifestFile()) : null;
    FakeInstaller installer = new FakeInstaller(settings, depots, out);
    if (reachable(depots).stream().noneMatch(r -> GENERAL_UUID.equals(r.getString("uuid")))) {
      out.err("  Installing known registries into `" + depots.get(0) + "`");
      installer.installGeneral(project.manifestFile(), manifest);
      out.err("       Added `General` registry to " + registries);
    }
    if (resolve) {
      out.progress(2, 3, "re-resolving the manifest with Julia " + settings.version());
      out.err("  Resolving package versions...");
      if (manifest == null) {
        manifest = FakeEnvironment.resolve(project, settings.version());
        Files.writeString(project.manifestFile(), FakeEnvironment.render(manifest, FakeEnvironment.sha1(project.file())),
            StandardCharsets.UTF_8);
      } else {
        installer.checkRegistered(manifest, c.script());
        String text = Files.readString(project.manifestFile(), StandardCharsets.UTF_8);
        Matcher m = JULIA_VERSION.matcher(text);
        String updated = m.find()
            ? m.replaceFirst(Matcher.quoteReplacement("julia_version = \"" + settings.version() + "\""))
            : FakeEnvironment.render(new Manifest(settings.version(), manifest.entries()),
                FakeEnvironment.sha1(project.file()));
        Files.writeString(project.manifestFile(), updated, StandardCharsets.UTF_8);
      }
      out.err("    Updating `" + project.manifestFile() + "`");
    }
    out.result("registries", reachable(List.of(depots.get(0))).size());
    out.result("resolved", resolve);
  }

  /** The fake network: the local registry directory a URL's path names, if any. */
  static java.util.Optional<Path> served(String url) {
    String path;
    try {
      path = new URI(url).getPath();
    } catch (URISyntaxException e) {
      int colon = url.indexOf(':');
      path = colon >= 0 ? url.substring(colon + 1) : null; // scp-like git@host:path
    }
    if (path == null || path.isEmpty()) {
      return java.util.Optional.empty();
    }
    Path dir = Path.of(path);
    return Files.isRegularFile(dir.resolve("Registry.toml")) ? java.util.Optional.of(dir) : java.util.Optional.empty();
  }

  /** The {@code Registry.toml} of every registry directory in {@code depots} (packed ones are not read). */
  static List<TomlParseResult> reachable(List<Path> depots) throws IOException {
    List<TomlParseResult> out = new ArrayList<>();
    for (Path depot : depots) {
      Path dir = depot.resolve("registries");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> entries;
      try (Stream<Path> s = Files.list(dir)) {
        entries = s.sorted().toList();
      }
      for (Path p : entries) {
        if (Files.isRegularFile(p.resolve("Registry.toml"))) {
          out.add(FakeEnvironment.parse(p.resolve("Registry.toml")));
        }
      }
    }
    return out;
  }

  /** The uuids under {@code [packages]} of every reachable registry. */
  static Set<UUID> registeredUuids(List<Path> depots) throws IOException {
    Set<UUID> out = new HashSet<>();
    for (TomlParseResult r : reachable(depots)) {
      TomlTable packages = r.getTableOrEmpty(List.of("packages"));
      for (String key : packages.keySet()) {
        try {
          out.add(UUID.fromString(key));
        } catch (IllegalArgumentException e) {
          // not a package entry
        }
      }
    }
    return out;
  }

  /**
   * The uuids of manifest entries whose {@code registries} key (format 2.1, Pkg master
   * src/manifest.jl) names registries other than General: the fake General does not list them.
   */
  static Set<UUID> elsewhere(Path manifestFile) throws IOException {
    TomlParseResult toml = Toml.parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
    Set<UUID> out = new LinkedHashSet<>();
    TomlTable deps = toml.getTableOrEmpty(List.of("deps"));
    for (String name : deps.keySet()) {
      if (!(deps.get(List.of(name)) instanceof TomlArray a)) {
        continue;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!(a.get(i) instanceof TomlTable t) || !t.isString(List.of("uuid"))) {
          continue;
        }
        Object regs = t.get(List.of("registries"));
        List<String> names = new ArrayList<>();
        if (regs instanceof String s) {
          names.add(s);
        } else if (regs instanceof TomlArray ra) {
          for (int j = 0; j < ra.size(); j++) {
            names.add(String.valueOf(ra.get(j)));
          }
        }
        if (!names.isEmpty() && !names.contains("General")) {
          out.add(UUID.fromString(t.getString(List.of("uuid"))));
        }
      }
    }
    return out;
  }

  private static void copy(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(target.resolve(source.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
              LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
