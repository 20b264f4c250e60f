package dev.siege.bundle.launcher;

import dev.siege.core.version.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How Julia turns {@code JULIA_DEPOT_PATH} into {@code DEPOT_PATH}, per version, as JULIA-FACTS §3
 * describes it (julia PRs #31009, #51448, #56195). A model from the facts file for testing the
 * launcher's choice; it was not checked against a real Julia.
 */
final class DepotPathModel {
  private DepotPathModel() {}

  static List<String> expand(String env, Version julia, String home, String juliaDir) {
    List<String> bundled = List.of(juliaDir + "/local/share/julia", juliaDir + "/share/julia");
    List<String> defaults = new ArrayList<>();
    defaults.add(home + "/.julia");
    defaults.addAll(bundled);
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
}
