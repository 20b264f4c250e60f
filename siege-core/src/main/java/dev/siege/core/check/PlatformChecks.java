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
  /** {@code haskey(platform, "cuda")}: a tag it tests for before setting it. */
  private static final Pattern HASKEY = Pattern.compile("haskey\\(\\s*platform\\s*,\\s*\"([A-Za-z0-9_.]+)\"\\s*\\)");

  /** The code of the error for a tag on a bundle for this machine that its own load would not select. */
  public static final String HOST_LOAD_CODE = "platform-tag-not-loaded-here";

  private PlatformChecks() {}

  /**
   * Warns for each augmenting package that no tag and no preference decides; on a bundle for the
   * build server's own platform, an error for a tag such a package would not select when SIEGE
   * loads it here.
   *
   * @param depots where package sources may already be, first match wins
   * @param tags the target platform's tags given ({@code cuda} etc.)
   * @param preferencePackages packages given a preference
   * @param hostBuild whether the bundle is for the build server's platform, which then loads the
   *     packages itself (sysimage, smoke test)
   */
  public static List<Diagnostic> check(Environment env, Collection<Path> depots, Map<String, String> tags,
      Set<String> preferencePackages, boolean hostBuild) {
    List<Diagnostic> out = new ArrayList<>();
    if (env.manifest().isEmpty()) {
      return out;
    }
    // A package with a table in the project's preferences file is decided there too, as
    // instantiate.jl's siege_augmentation_undecided says.
    Set<String> decidedByPreference = new TreeSet<>(preferencePackages);
    decidedByPreference.addAll(LocalPreferences.packages(env.dir()));
    for (ManifestEntry e : env.entries()) {
      if (e.gitTreeSha1().isEmpty()) {
        continue;
      }
      Optional<Path> file = augmentation(e, depots);
      if (file.isEmpty()) {
        continue;
      }
      String text = read(file.get());
      Set<String> set = matches(SETS_TAG, text);
      Set<String> decidable = decidableTags(text, set);
      boolean preferred = decidedByPreference.contains(e.name());
      List<String> given = decidable.stream().filter(tags::containsKey).toList();
      if (hostBuild && !given.isEmpty() && !preferred) {
        String tag = given.get(0) + "=" + tags.get(given.get(0));
        out.add(Diagnostic.error(HOST_LOAD_CODE, env.manifest().get().path(), e.line(),
            "{option:PLATFORM_TAG} " + tag + " on a bundle for this machine: SIEGE loads " + e.name() + " here itself"
                + " (sysimage, smoke test), and its augment_platform! (.pkg/platform_augmentation.jl) then chooses "
                + given.get(0) + " from this machine, not " + tag + ", so the loaded artifact would not be the one"
                + " installed",
            given.contains("cuda")
                ? "use {option:CUDA} " + tags.get("cuda") + ", which also sets CUDA_Runtime_jll's version preference that"
                    + " makes the load choose it without a driver, or give that preference with {option:PREFERENCE}"
                : "give the preference of " + e.name() + " that makes it choose " + tag + " with {option:PREFERENCE}"));
        continue;
      }
      if (preferred || (!decidable.isEmpty() && tags.keySet().containsAll(decidable))) {
        continue;
      }
      Set<String> open = new TreeSet<>(decidable);
      open.removeAll(tags.keySet());
      String which = open.isEmpty() ? "platform tags" : "the tag" + (open.size() == 1 ? " " : "s ") + String.join(", ", open);
      String choice = open.contains("cuda")
          ? "cuda from its own CUDA driver (\"none\" without one). The bundle holds every CUDA runtime variant for the"
              + " platform, so the secure machine loads the one its driver selects; but a choice made when the package is"
              + " loaded or precompiled here (a sysimage) is the build server's"
          : "these tags from what it has. The bundle holds every variant for the platform, so the secure machine loads"
              + " the one it selects; but a choice made when the package is loaded or precompiled here (a sysimage) is"
              + " the build server's";
      out.add(Diagnostic.warning(CODE, env.manifest().get().path(), e.line(),
          e.name() + " chooses its artifacts on the machine it runs on (.pkg/platform_augmentation.jl sets " + which
              + ") and neither {option:PLATFORM_TAG} nor {option:PREFERENCE} nor the project's LocalPreferences.toml"
              + " decides it: the build server would choose " + choice,
          open.contains("cuda")
              ? "pass {option:CUDA} X.Y with the CUDA version of the secure machine (it sets the cuda tag and"
                  + " CUDA_Runtime_jll's version preference)"
              : "pass {option:PLATFORM_TAG} KEY=VALUE for the secure machine, and the package's preference with"
                  + " {option:PREFERENCE}"));
    }
    return out;
  }

  /**
   * The tags a given platform tag can decide: those {@code augment_platform!} sets only when the
   * platform lacks them ({@code if !haskey(platform, "cuda")}); CUDA_Runtime_jll's {@code
   * cuda_local} and {@code cuda_platform} are set whatever the platform has. A file without such
   * a test: every tag it sets.
   */
  private static Set<String> decidableTags(String text, Set<String> set) {
    Set<String> guarded = matches(HASKEY, text);
    guarded.retainAll(set);
    return guarded.isEmpty() ? set : guarded;
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

  /** The file's text; empty when unreadable or over 1 MiB: the package is still named, without its tags. */
  private static String read(Path file) {
    try {
      return Files.size(file) > 1 << 20 ? "" : Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  private static Set<String> matches(Pattern p, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
