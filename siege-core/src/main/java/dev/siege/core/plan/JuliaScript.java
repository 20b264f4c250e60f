package dev.siege.core.plan;

import java.util.Locale;

/**
 * What SIEGE starts Julia for: {@code julia --version}, or one of the static scripts in
 * siege-julia's {@code dev/siege/julia/scripts/}. A plan's steps name them; the runner extracts
 * and starts them (DESIGN.md, "Julia code that SIEGE runs"). The one list of Julia calls: events,
 * logs, errors and fakes all use it.
 */
public enum JuliaScript {
  /** {@code julia --version}: no script, no sysimage load (JULIA-FACTS §7). */
  VERSION(null),
  /** Arch, libc, CPU, BINDIR, word size, triplet (JULIA-FACTS §7). */
  PROBE("probe.jl"),
  /** Installs PackageCompiler into the tool environment outside the bundle. */
  TOOLS("tools.jl"),
  /**
   * Installs the registries given by URL and the default ones into the bundle depot, then
   * re-resolves the manifest when asked (JULIA-FACTS §8 "Registries", "A different Julia minor").
   */
  REGISTRIES("registries.jl"),
  /** Instantiates the project and installs its artifacts, lazy ones too (JULIA-FACTS §5). */
  INSTANTIATE("instantiate.jl"),
  /** {@code create_sysimage} (JULIA-FACTS §1). */
  SYSIMAGE("build_sysimage.jl"),
  /** Loads every direct dependency through the launcher, offline. */
  SMOKE_TEST("smoke_test.jl"),
  /**
   * For a bundle for another platform: checks, with the build's Julia and without loading any
   * package, that every artifact the target selects and every manifest package is in the depot.
   */
  TARGET_CHECK("target_check.jl");

  private final String fileName;

  JuliaScript(String fileName) {
    this.fileName = fileName;
  }

  /** The script's file name, e.g. {@code build_sysimage.jl}; null for {@link #VERSION}. */
  public String fileName() {
    return fileName;
  }

  /** Whether a script runs ({@link #VERSION} runs none). */
  public boolean hasScript() {
    return fileName != null;
  }

  /** Lower-case id used in events and log names, e.g. {@code smoke_test}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
