package dev.siege.bundle.pipeline;

import dev.siege.core.io.IoMessages;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.env.PackageFiles;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies what ships in the bundle's {@code env/}: the project file, its manifest, preferences and
 * project-level artifact bindings; the project's own package code when the project is a package
 * ({@link PackageFiles#PROJECT_DIRS}); and developed ({@code path}) packages: those inside the
 * project keep their relative place; those outside are copied into {@code env/dev/<Name>} with
 * {@code --vendor-dev}, and the shipped manifest is pointed at them relatively. A developed
 * package is copied only when its directory is that package, and package trees never bring what
 * {@link PackageFiles#leftOut} names (version control, keys, editor and OS files): what was left
 * out is reported.
 */
final class EnvironmentFiles {
  static final List<String> EXTRA_FILES =
      List.of("LocalPreferences.toml", "JuliaLocalPreferences.toml", "Artifacts.toml", "JuliaArtifacts.toml");

  private EnvironmentFiles() {}

  /** As {@link #copy(Environment, Path, boolean, SiegeListener)}, reporting nothing. */
  public static List<String> copy(Environment env, Path target, boolean vendorDev) throws SiegeException {
    return copy(env, target, vendorDev, SiegeListener.NONE);
  }

  /**
   * Copies {@code env} into {@code target} (created), unless {@code target} holds the project
   * file already: the registries step copies the environment first when it re-resolves it, and
   * the resolved manifest is the one that ships. The manifest must lie inside the project
   * directory ({@link OutputChecks} makes sure before the build starts).
   *
   * @return names of the developed packages copied
   */
  public static List<String> copy(Environment env, Path target, boolean vendorDev, SiegeListener listener)
      throws SiegeException {
    Path projectDir = realDir(env.dir());
    Path projectTarget = target.resolve(env.project().path().getFileName().toString());
    if (Files.exists(projectTarget, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try {
      Files.createDirectories(target);
      Files.copy(env.project().path(), projectTarget);
      for (String extra : EXTRA_FILES) {
        Path f = projectDir.resolve(extra);
        if (Files.isRegularFile(f)) {
          Files.copy(f, target.resolve(extra));
        }
      }
      copyProjectPackage(env, projectDir, target, listener);
      if (env.manifest().isEmpty()) {
        return List.of();
      }
      Manifest manifest = env.manifest().get();
      Path manifestFile = manifest.path().toAbsolutePath().normalize();
      Path shippedManifest = target.resolve(env.dir().toAbsolutePath().normalize().relativize(manifestFile).toString());
      List<String> lines = new ArrayList<>(Files.readAllLines(manifestFile, StandardCharsets.UTF_8));
      List<String> copied = new ArrayList<>();
      for (ManifestEntry e : manifest.entries()) {
        if (e.path().isEmpty()) {
          continue;
        }
        Path source = manifestFile.getParent().resolve(e.path().get()).normalize();
        // Real paths: a link inside the project to a folder outside it is outside (issue 9 item 8).
        Path real = realDir(source);
        Optional<String> notPackage = PackageFiles.notThePackage(real, e.name(), e.uuid());
        if (notPackage.isPresent()) {
          throw new SiegeException("developed package " + e.name() + " is at " + source + ", but " + notPackage.get()
              + ", so SIEGE does not copy that directory into the bundle",
              "point the manifest at the package's own directory (Pkg.develop(path=...)), or Pkg.free(\"" + e.name()
                  + "\")", manifest.path(), e.line(), null);
        }
        if (real.startsWith(projectDir)) {
          if (!real.equals(projectDir)) {
            copyPackage(e.name(), real, target.resolve(projectDir.relativize(real).toString()), listener);
          }
        } else if (vendorDev) {
          String rel = "dev/" + e.name();
          copyPackage(e.name(), real, target.resolve(rel), listener);
          repointPath(lines, e, rel, manifest.path());
        } else {
          throw new SiegeException(
              "developed package " + e.name() + " lives outside the project (" + source + "), so the bundle cannot include it",
              "pass {option:VENDOR_DEV} to copy it into the bundle", manifest.path(), e.line(), null);
        }
        copied.add(e.name());
      }
      Files.createDirectories(shippedManifest.getParent());
      Files.write(shippedManifest, lines, StandardCharsets.UTF_8);
      return copied;
    } catch (IOException e) {
      throw new SiegeException("cannot copy the environment into the bundle: " + IoMessages.describe(e),
          "check free space and permissions of the output directory", e);
    }
  }

  /**
   * The project's own package, when it is one: {@code src/}, {@code ext/} and {@code deps/}, so
   * that it loads from {@code env/src/<Name>.jl} offline and PackageCompiler can put it in the
   * sysimage (JULIA-FACTS §8 "The project as a package"). {@code test/}, {@code docs/} and the
   * rest of the project folder stay behind.
   */
  private static void copyProjectPackage(Environment env, Path projectDir, Path target, SiegeListener listener)
      throws IOException {
    if (PackageFiles.notAPackage(env.project(), projectDir).isPresent()) {
      return;
    }
    List<String> leftOut = new ArrayList<>();
    for (String dir : PackageFiles.PROJECT_DIRS) {
      Path source = projectDir.resolve(dir);
      if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        copyTree(source, target.resolve(dir));
        PackageFiles.leftOutUnder(source).forEach(p -> leftOut.add(dir + "/" + p));
      }
    }
    reportLeftOut("the project's package " + env.project().name().orElse(""), leftOut, listener);
  }

  private static void copyPackage(String name, Path source, Path target, SiegeListener listener) throws IOException {
    copyTree(source, target);
    reportLeftOut("developed package " + name + " (" + source + ")", PackageFiles.leftOutUnder(source), listener);
  }

  private static void reportLeftOut(String what, List<String> leftOut, SiegeListener listener) {
    if (!leftOut.isEmpty()) {
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO,
          "left out of " + what + ": " + String.join(", ", leftOut)
              + " (version control, keys and editor files never ship)"));
    }
  }

  /**
   * Copies a package tree: links stay links (targets unchanged), modes are kept, and nothing
   * {@link PackageFiles#leftOut} names is copied.
   */
  static void copyTree(Path source, Path target) throws IOException {
    TreeCopy.copy(source, target, PackageFiles::leftOut);
  }

  /** The directory's real path when it exists (links resolved), else its normalized absolute path. */
  private static Path realDir(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }

  /** Rewrites the {@code path = "..."} line of {@code entry} (found after its header line). */
  static void repointPath(List<String> lines, ManifestEntry entry, String newPath, Path file) throws SiegeException {
    for (int i = Math.max(entry.line(), 1); i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("[")) {
        break;
      }
      if (line.matches("path\\s*=.*")) {
        lines.set(i, "path = \"" + newPath + "\"");
        return;
      }
    }
    throw new SiegeException("cannot find the path line of " + entry.name() + " to point it into the bundle",
        "report this manifest layout as a bug", file, entry.line(), null);
  }
}
