package dev.siege.bundle.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the C compiler PackageCompiler will use, before any Julia work (JULIA-FACTS §1:
 * {@code JULIA_CC} wins; otherwise {@code g++}, {@code clang++}, then {@code gcc}, {@code clang}
 * on PATH; nothing is downloaded on Linux or macOS).
 */
final class CompilerCheck {
  static final List<String> SEARCHED = List.of("g++", "clang++", "gcc", "clang");

  private CompilerCheck() {}

  /** The compiler command PackageCompiler would pick, or empty when it would fail. */
  public static Optional<String> find(Map<String, String> env) {
    String cc = env.get("JULIA_CC");
    if (cc != null && !cc.isBlank()) {
      return Optional.of(cc.strip());
    }
    String path = env.getOrDefault("PATH", "");
    for (String name : SEARCHED) {
      for (String dir : path.split(":", -1)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }

  /** What was searched, for the error message. */
  public static String searched() {
    return "JULIA_CC, then " + String.join(", ", SEARCHED) + " on PATH";
  }
}
