package dev.siege.core.plan;

import dev.siege.core.version.Version;
import java.util.Optional;

/**
 * Which PackageCompiler.jl SIEGE installs into its tool environment for a given Julia
 * (JULIA-FACTS §1, "Julia compat"): v2.2.0 through v2.4.0 need Julia 1.10; v1.7.7 through
 * v2.1.24 need Julia 1.6. Exact versions, so that a build is reproducible and the version can
 * be part of the fingerprint.
 */
public final class ToolVersions {
  /** The latest tag in JULIA-FACTS §1, for Julia 1.10 and later. */
  public static final String PACKAGE_COMPILER_CURRENT = "2.4.0";

  /** The last release that supports Julia 1.6-1.9. */
  public static final String PACKAGE_COMPILER_LEGACY = "2.1.24";

  private static final Version JULIA_1_6 = Version.of(1, 6, 0);
  private static final Version JULIA_1_10 = Version.of(1, 10, 0);

  private ToolVersions() {}

  /** The PackageCompiler version for {@code julia}, or empty if none supports it (before 1.6). */
  public static Optional<String> packageCompilerFor(Version julia) {
    Version release = julia.release();
    if (release.compareTo(JULIA_1_6) < 0) {
      return Optional.empty();
    }
    return Optional.of(release.compareTo(JULIA_1_10) < 0 ? PACKAGE_COMPILER_LEGACY : PACKAGE_COMPILER_CURRENT);
  }
}
