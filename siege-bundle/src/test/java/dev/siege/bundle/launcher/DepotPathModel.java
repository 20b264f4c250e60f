package dev.siege.bundle.launcher;

import dev.siege.core.version.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How Julia turns {@code JULIA_DEPOT_PATH} into {@code DEPOT_PATH} and {@code JULIA_LOAD_PATH}
 * into {@code LOAD_PATH}, per version, as JULIA-FACTS §3 and §8 ("LOAD_PATH and ~/.julia")
 * describe it (julia PRs #31009, #51448, #56195). A model from the facts file for testing the
 * launcher's choice; it was not checked against a real Julia.
 */
final class DepotPathModel {
  private DepotPathModel() {}

  static List<String> expand(String env, Version julia, String home, String juliaDir) {
    List<String> bundled = List.of(juliaDir + "/local/share/julia", juliaDir + "/share/julia");
    List<String> defaults = new ArrayList<>();
    defaults.add(home + "/.julia");
    defaults.addAll(bundled);
    if (env == null) {
      return defaults; // unset: the defaults (§3)
    }
    if (env.isEmpty()) {
      return List.of();
    }
    String[] entries = env.split(":", -1);
    Version v = julia.release();
    boolean emptyMeansDefaults = v.compareTo(Version.of(1, 11, 0)) < 0;
    boolean regression = v.equals(Version.of(1, 11, 0)) || v.equals(Version.of(1, 11, 1));
    if (!emptyMeansDefaults && !regression && Arrays.stream(entries).allMatch(String::isEmpty)) {
      return defaults; // ":" alone gives the defaults after #56195
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      if (!entries[i].isEmpty()) {
        out.add(entries[i]);
      } else if (emptyMeansDefaults) {
        out.addAll(defaults); // 1.2-1.10: every empty entry is the full default
      } else if (regression || i > 0) {
        out.addAll(bundled); // 1.11.0/1.11.1, and non-leading entries from 1.11.2 on
      } else {
        out.addAll(defaults); // 1.11.2+: a leading empty entry also brings ~/.julia
      }
    }
    return out;
  }

  /**
   * {@code LOAD_PATH} for {@code JULIA_LOAD_PATH} ({@code null} when unset), §3: unset gives the
   * default {@code @, @v#.#, @stdlib}, an empty entry expands to the same, {@code ""} to nothing.
   */
  static List<String> loadPath(String env) {
    List<String> defaults = List.of("@", "@v#.#", "@stdlib");
    if (env == null) {
      return defaults;
    }
    if (env.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String entry : env.split(":", -1)) {
      if (entry.isEmpty()) {
        out.addAll(defaults);
      } else {
        out.add(entry);
      }
    }
    return out;
  }

  /**
   * The environment {@code @v#.#} on {@code loadPath} resolves to: {@code environments/v1.X} of the
   * first depot that has it (§3, §8 "LOAD_PATH and ~/.julia (real)"); empty when {@code @v#.#}
   * is not on the load path or no depot has the directory.
   */
  static Optional<String> namedEnvironment(
      List<String> loadPath, List<String> depots, Version julia, Predicate<String> isDirectory) {
    if (!loadPath.contains("@v#.#")) {
      return Optional.empty();
    }
    String name = "environments/v" + julia.major() + "." + julia.minor();
    return depots.stream().map(d -> d + "/" + name).filter(isDirectory).findFirst();
  }
}
