package dev.siege.bundle.pipeline;

import dev.siege.core.io.IoMessages;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies what ships in the bundle's {@code env/}: the project file, its manifest, preferences and
 * project-level artifact bindings, and developed ({@code path}) packages: those inside the
 * project keep their relative place; those outside are copied into {@code env/dev/<Name>} with
 * {@code --vendor-dev}, and the shipped manifest is pointed at them relatively.
 */
public final class EnvironmentFiles {
  static final List<String> EXTRA_FILES =
      List.of("LocalPreferences.toml", "JuliaLocalPreferences.toml", "Artifacts.toml", "JuliaArtifacts.toml");

  private EnvironmentFiles() {}

  /**
   * Copies {@code env} into {@code target} (created). The manifest must lie inside the project
   * directory ({@link OutputChecks} makes sure before the build starts).
   *
   * @return names of the developed packages copied
   */
  public static List<String> copy(Environment env, Path target, boolean vendorDev) throws SiegeException {
    Path projectDir = env.dir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(target);
      Files.copy(env.project().path(), target.resolve(env.project().path().getFileName().toString()));
      for (String extra : EXTRA_FILES) {
        Path f = projectDir.resolve(extra);
        if (Files.isRegularFile(f)) {
          Files.copy(f, target.resolve(extra));
        }
      }
      if (env.manifest().isEmpty()) {
        return List.of();
      }
      Manifest manifest = env.manifest().get();
      Path manifestFile = manifest.path().toAbsolutePath().normalize();
      Path shippedManifest = target.resolve(projectDir.relativize(manifestFile).toString());
      List<String> lines = new ArrayList<>(Files.readAllLines(manifestFile, StandardCharsets.UTF_8));
      List<String> copied = new ArrayList<>();
      for (ManifestEntry e : manifest.entries()) {
        if (e.path().isEmpty()) {
          continue;
        }
        Path source = manifestFile.getParent().resolve(e.path().get()).normalize();
        if (source.startsWith(projectDir)) {
          TreeCopy.copy(source, target.resolve(projectDir.relativize(source).toString()));
        } else if (vendorDev) {
          String rel = "dev/" + e.name();
          TreeCopy.copy(source, target.resolve(rel));
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
