package dev.siege.core.check;

import dev.siege.core.depot.DepotPaths;
import dev.siege.core.env.Environment;
import dev.siege.core.env.ManifestEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packages that choose their artifacts on the machine they run on: a manifest package whose
 * installed source has {@code .pkg/platform_augmentation.jl}, whose {@code augment_platform!}
 * sets platform tags from that machine (CUDA_Runtime_jll sets {@code cuda} from its {@code
 * version} preference or the CUDA driver it finds, "none" without one; JuliaBinaryWrappers/
 * CUDA_Runtime_jll.jl .pkg/platform_augmentation.jl). Before Pkg has run, a package's source is
 * known only where some depot already holds it ({@code packages/<Name>/<slug>}, the slug from its
 * uuid and tree hash, JULIA-FACTS §3): the user's depots, a previous bundle's. A package found
 * nowhere is not reported here; the build warns about it at instantiate, from the real file.
 *
 * <p>Code: {@code platform-augmentation}.
 */
public final class PlatformChecks {
  /** The code of the warning. */
  public static final String CODE = "platform-augmentation";

  /** {@code platform["cuda"] = ...}: a tag {@code augment_platform!} sets. */
  private static final Pattern SETS_TAG = Pattern.compile("platform\\[\"([A-Za-z0-9_.]+)\"\\]\\s*=");

  private PlatformChecks() {}

  /**
   * Warns for each augmenting package that no tag and no preference decides.
   *
   * @param depots where package sources may already be, first match wins
   * @param tags the target platform's tags given ({@code cuda} etc.)
   * @param preferencePackages packages given a preference
   */
  public static List<Diagnostic> check(Environment env, Collection<Path> depots, Map<String, String> tags,
      Set<String> preferencePackages) {
    List<Diagnostic> out = new ArrayList<>();
    if (env.manifest().isEmpty()) {
      return out;
    }
    for (ManifestEntry e : env.entries()) {
      if (e.gitTreeSha1().isEmpty()) {
        continue;
      }
      Optional<Path> file = augmentation(e, depots);
      if (file.isEmpty()) {
        continue;
      }
      Set<String> set = tagsSet(file.get());
      boolean decided = preferencePackages.contains(e.name()) || set.stream().anyMatch(tags::containsKey);
      if (decided) {
        continue;
      }
      String which = set.isEmpty() ? "platform tags" : "the tag" + (set.size() == 1 ? " " : "s ") + String.join(", ", set);
      String choice = set.contains("cuda")
          ? "cuda from the CUDA driver the build server has (\"none\" without one), so the CUDA runtime artifact of"
              + " the secure machine's GPU is not installed and downloads there on first use, which fails offline"
          : "the tags from what the build server has, which says nothing about the secure machine";
      out.add(Diagnostic.warning(CODE, env.manifest().get().path(), e.line(),
          e.name() + " chooses its artifacts on the machine it runs on (.pkg/platform_augmentation.jl sets " + which
              + ") and neither {option:PLATFORM_TAG} nor {option:PREFERENCE} decides it: the build server would choose "
              + choice,
          set.contains("cuda")
              ? "pass {option:CUDA} X.Y with the CUDA version of the secure machine (it sets the cuda tag and"
                  + " CUDA_Runtime_jll's version preference)"
              : "pass {option:PLATFORM_TAG} KEY=VALUE for the secure machine, and the package's preference with"
                  + " {option:PREFERENCE}"));
    }
    return out;
  }

  /** The user's depots as Julia takes them from {@code JULIA_DEPOT_PATH} (an empty entry or none: ~/.julia). */
  public static List<Path> userDepots(Map<String, String> environment) {
    List<Path> depots = new ArrayList<>();
    String value = environment.get("JULIA_DEPOT_PATH");
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    if (value == null || value.isEmpty()) {
      depots.add(Path.of(home, ".julia"));
      return depots;
    }
    for (String entry : value.split(":", -1)) {
      depots.add(entry.isEmpty() ? Path.of(home, ".julia") : Path.of(entry));
    }
    return depots;
  }

  private static Optional<Path> augmentation(ManifestEntry e, Collection<Path> depots) {
    for (Path depot : depots) {
      for (int length : new int[] {DepotPaths.SLUG_LENGTH, 4}) {
        Path f;
        try {
          f = depot.resolve("packages").resolve(e.name())
              .resolve(DepotPaths.versionSlug(e.uuid(), e.gitTreeSha1().get(), length))
              .resolve(".pkg").resolve("platform_augmentation.jl");
        } catch (IllegalArgumentException ex) {
          return Optional.empty(); // a name or hash no depot can hold; other checks report it
        }
        if (Files.isRegularFile(f)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private static Set<String> tagsSet(Path file) {
    Set<String> tags = new TreeSet<>();
    try {
      if (Files.size(file) > 1 << 20) {
        return tags;
      }
      Matcher m = SETS_TAG.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        tags.add(m.group(1));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // Unreadable: the package is still named, without its tags.
    }
    return tags;
  }
}
