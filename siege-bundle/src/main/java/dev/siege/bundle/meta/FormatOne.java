package dev.siege.bundle.meta;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code [options]} table of metadata format 1, where every option was a string (Java
 * enum names included) and the fingerprint's components were mixed in as {@code input.*} keys.
 */
final class FormatOne {
  private static final String INPUT_PREFIX = "input.";

  private FormatOne() {}

  static BundleMetadata.Options options(Map<String, String> old) {
    String packages = old.getOrDefault("packages", "DIRECT_DEPS");
    int colon = packages.indexOf(':');
    String selection = (colon < 0 ? packages : packages.substring(0, colon)).toLowerCase(Locale.ROOT);
    return new BundleMetadata.Options(
        old.getOrDefault("cpu_target", "portable"),
        selection,
        fileName(old.get("precompile_script")),
        fileName(old.get("precompile_statements")),
        Boolean.parseBoolean(old.get("include_julia")),
        Boolean.parseBoolean(old.get("vendor_dev")),
        nonEmpty(old.get("group")));
  }

  static Map<String, String> inputs(Map<String, String> old) {
    Map<String, String> inputs = new LinkedHashMap<>();
    old.forEach((k, v) -> {
      if (k.startsWith(INPUT_PREFIX)) {
        inputs.put(k.substring(INPUT_PREFIX.length()), v);
      }
    });
    return inputs;
  }

  private static Optional<String> fileName(String path) {
    return nonEmpty(path).map(p -> p.substring(p.lastIndexOf('/') + 1));
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
