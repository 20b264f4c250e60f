package dev.siege.core.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bundle's launcher ({@code bin/julia}) does to the environment on the secure machine,
 * for {@code siege plan} to show (JULIA-FACTS §3, §8): the variables it sets, each with the value
 * it gives or how it computes it. siege-bundle's launcher template sets exactly these (a test
 * holds the two together).
 */
public final class LauncherEnvironment {
  private LauncherEnvironment() {}

  /**
   * The launcher's variables for a bundle with or without a sysimage built for {@code cpuTarget}.
   */
  public static Map<String, String> of(boolean sysimage, String cpuTarget) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("JULIA_PROJECT", "<bundle>/env");
    m.put("JULIA_DEPOT_PATH", "$SIEGE_USER_DEPOT (default ~/.cache/siege/<bundle id>):<bundle>/depot:"
        + "<julia>/local/share/julia:<julia>/share/julia (no empty entry: nothing of ~/.julia unless asked)");
    m.put("JULIA_LOAD_PATH", "@:@stdlib (no @v#.# environment of ~/.julia)");
    m.put("JULIA_PKG_OFFLINE", "true");
    if (sysimage) {
      m.put("JULIA_CPU_TARGET", cpuTarget + " (unless already set)");
    }
    m.put("LD_LIBRARY_PATH", "unset (kept with SIEGE_KEEP_LD_LIBRARY_PATH=1)");
    m.put("SIEGE_LAUNCHER_PIDS", "the launchers that exec'd this Julia (refuses to run itself again)");
    return m;
  }
}
