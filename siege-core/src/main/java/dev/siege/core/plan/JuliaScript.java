package dev.siege.core.plan;

import java.util.Locale;

/**
 * The static Julia scripts SIEGE runs (siege-julia's {@code dev/siege/julia/scripts/}); a plan's
 * steps name them, the runner extracts and starts them (DESIGN.md, "Julia code that SIEGE runs").
 */
public enum JuliaScript {
  /** Arch, libc, CPU, BINDIR, word size, triplet (JULIA-FACTS §7). */
  PROBE("probe.jl"),
  /** Installs PackageCompiler into the tool environment outside the bundle. */
  TOOLS("tools.jl"),
  /** Instantiates the project and installs its artifacts, lazy ones too (JULIA-FACTS §5). */
  INSTANTIATE("instantiate.jl"),
  /** {@code create_sysimage} (JULIA-FACTS §1). */
  SYSIMAGE("build_sysimage.jl"),
  /** Loads every direct dependency through the launcher, offline. */
  SMOKE_TEST("smoke_test.jl");

  private final String fileName;

  JuliaScript(String fileName) {
    this.fileName = fileName;
  }

  /** The script's file name, e.g. {@code build_sysimage.jl}. */
  public String fileName() {
    return fileName;
  }

  /** Lower-case id used in events and log names, e.g. {@code smoke_test}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
