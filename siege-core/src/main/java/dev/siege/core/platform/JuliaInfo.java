package dev.siege.core.platform;

import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What SIEGE knows about one Julia installation: its version (from {@code julia --version},
 * JULIA-FACTS §7) and what only Julia code can tell (arch, libc, CPU, BINDIR, word size, host
 * triplet, the build's commit, Julia's own depots). siege-julia's probe produces it; the plan and
 * the metadata consume it.
 *
 * @param executable the {@code julia} binary every later run starts: the one probed, except that
 *     juliaup's launcher is replaced by the real binary behind it, so that {@code juliaup default}
 *     cannot change the Julia under a build
 * @param arch {@code Sys.ARCH}, e.g. {@code x86_64}, {@code aarch64}
 * @param os {@code linux}, {@code macos}, {@code windows}, {@code freebsd}
 * @param libc {@code glibc}, {@code musl} or empty where not applicable
 * @param cpuName {@code Sys.CPU_NAME} of the probing machine, e.g. {@code skylake}
 * @param bindir {@code Sys.BINDIR}
 * @param wordSize {@code Sys.WORD_SIZE} (32 or 64)
 * @param triplet {@code triplet(HostPlatform())}
 * @param commit {@code Base.GIT_VERSION_INFO.commit}: which build this is (a sysimage loads only
 *     into the build that made it, JULIA-FACTS §8); empty when the build does not know it
 * @param bundledDepots Julia's own depots, in Julia's order, as Julia computes them (base/
 *     initdefs.jl: {@code append_bundled_depot_path!} on 1.11+, the non-user entries of {@code
 *     append_default_depot_path!} before): where its stdlib caches are (JULIA-FACTS §3)
 * @param officialLayout whether the installation is laid out like an official binary ({@code
 *     <prefix>/bin/julia}, {@code lib/julia}, {@code share/julia}, {@code include/julia}) under a
 *     prefix of its own, so that copying the prefix copies Julia and nothing else
 */
public record JuliaInfo(
    Path executable,
    Version version,
    String arch,
    String os,
    String libc,
    String cpuName,
    Path bindir,
    int wordSize,
    String triplet,
    String commit,
    List<Path> bundledDepots,
    boolean officialLayout) {

  public JuliaInfo {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(libc, "libc");
    Objects.requireNonNull(cpuName, "cpuName");
    Objects.requireNonNull(bindir, "bindir");
    Objects.requireNonNull(triplet, "triplet");
    Objects.requireNonNull(commit, "commit");
    bundledDepots = List.copyOf(bundledDepots);
    if (wordSize != 32 && wordSize != 64) {
      throw new IllegalArgumentException("wordSize must be 32 or 64, was " + wordSize);
    }
  }

  /**
   * Information without what the probe has reported since the probe cache's format 2: no commit,
   * the bundled depots Julia 1.6-1.10 computes from {@code bindir} ({@link
   * #defaultBundledDepots}), and no claim of an official layout.
   */
  public JuliaInfo(Path executable, Version version, String arch, String os, String libc, String cpuName,
      Path bindir, int wordSize, String triplet) {
    this(executable, version, arch, os, libc, cpuName, bindir, wordSize, triplet, "",
        defaultBundledDepots(bindir), false);
  }

  /**
   * The bundled depots of a Julia whose {@code Sys.BINDIR} is {@code bindir}, as Julia 1.6-1.10
   * compute them ({@code abspath(Sys.BINDIR, "..", "local", "share", "julia")} and {@code
   * abspath(Sys.BINDIR, "..", "share", "julia")}, release-1.6 base/initdefs.jl {@code
   * append_default_depot_path!}). Prefer {@link #bundledDepots()}, which Julia reported itself.
   */
  public static List<Path> defaultBundledDepots(Path bindir) {
    Path prefix = bindir.getParent() == null ? bindir : bindir.getParent();
    return List.of(prefix.resolve("local").resolve("share").resolve("julia"), prefix.resolve("share").resolve("julia"));
  }

  /** This information with {@code executable} as the binary later runs start. */
  public JuliaInfo withExecutable(Path newExecutable) {
    return new JuliaInfo(newExecutable, version, arch, os, libc, cpuName, bindir, wordSize, triplet, commit,
        bundledDepots, officialLayout);
  }
}
