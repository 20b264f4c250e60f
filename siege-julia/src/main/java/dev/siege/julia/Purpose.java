package dev.siege.julia;

/**
 * Why SIEGE starts Julia. Each purpose but {@link #VERSION} runs one static script from
 * {@code dev/siege/julia/scripts/} (DESIGN.md, "Julia code that SIEGE runs").
 */
public enum Purpose {
  /** {@code julia --version}: no script, no sysimage load (JULIA-FACTS §7). */
  VERSION(null),
  /** Arch, libc, CPU, BINDIR, word size, triplet. */
  PROBE("probe.jl"),
  /** Install PackageCompiler into the tool environment outside the bundle. */
  TOOLS("tools.jl"),
  /** Instantiate and precompile the project and install lazy artifacts (JULIA-FACTS §5). */
  INSTANTIATE("instantiate.jl"),
  /** {@code create_sysimage} (JULIA-FACTS §1). */
  SYSIMAGE("build_sysimage.jl"),
  /** Load every direct dependency through the launcher, offline. */
  SMOKE_TEST("smoke_test.jl");

  private final String script;

  Purpose(String script) {
    this.script = script;
  }

  /** The script's file name, or null for {@link #VERSION}. */
  public String script() {
    return script;
  }

  /** Lower-case id used in events and log names, e.g. {@code smoke_test}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
