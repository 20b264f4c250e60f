package dev.siege.core.check;

import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a manifest says of its registries, against the registries given to the build. */
final class RegistryChecks {
  /** General's uuid: installed into every build depot (JULIA-FACTS §8 "Registries"). */
  static final java.util.UUID GENERAL = EnvironmentChecks.GENERAL;

  private RegistryChecks() {}

  /**
   * Entries of a manifest that names their registries (format 2.1, written by Pkg after 1.12:
   * a per-entry {@code registries} key and a {@code [registries]} table, Pkg master
   * src/manifest.jl) whose registries are neither General (installed by default) nor given to the
   * build. Older manifests record no registry: nothing can be told from them before Pkg runs.
   */
  static void check(Manifest manifest, Collection<String> given, List<Diagnostic> out) {
    Map<String, Manifest.Registry> byId = new HashMap<>();
    manifest.registries().forEach(r -> byId.put(r.name(), r));
    Set<String> known = new HashSet<>();
    for (String g : given) {
      known.add(normalizedRegistry(g));
    }
    Map<String, List<String>> missing = new java.util.TreeMap<>();
    for (ManifestEntry e : manifest.entries()) {
      if (e.registries().isEmpty() || e.isStdlib() || e.isDeveloped() || e.isTracked()) {
        continue;
      }
      boolean installed = e.registries().stream().anyMatch(id -> {
        Manifest.Registry r = byId.get(id);
        if (r != null && r.uuid().equals(GENERAL)) {
          return true;
        }
        return known.contains(normalizedRegistry(id))
            || (r != null && r.url().map(u -> known.contains(normalizedRegistry(u))).orElse(false));
      });
      if (!installed) {
        missing.computeIfAbsent(String.join(" or ", e.registries()), k -> new ArrayList<>()).add(e.name());
      }
    }
    missing.forEach((registry, names) -> {
      Optional<String> url = Optional.ofNullable(byId.get(registry)).flatMap(Manifest.Registry::url);
      out.add(
          Diagnostic.warning(
              "registry-not-installed",
              manifest.path(),
              manifest.lineOf("registries"),
              String.join(", ", names) + (names.size() == 1 ? " is" : " are") + " registered in " + registry
                  + ", which the build depot does not get by default: instantiate would fail with"
                  + " \"expected package ... to be registered\"",
              "pass {option:REGISTRY} " + url.map(dev.siege.core.plan.RegistrySource::withoutUserInfo)
                  .orElse("URL|PATH|NAME") + " (the registry's git URL, a local copy, or its name in ~/.julia/registries)"));
    });
  }

  /** A registry name or URL compared without case, user information, {@code .git} or a final slash. */
  private static String normalizedRegistry(String s) {
    String t = dev.siege.core.plan.RegistrySource.withoutUserInfo(s.strip()).toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("path:")) {
      t = t.substring("path:".length());
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t.endsWith(".git") ? t.substring(0, t.length() - 4) : t;
  }
}
