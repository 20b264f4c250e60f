package dev.siege.core.platform;

import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What SIEGE knows about one Julia installation: its version (from {@code julia --version},
 * JULIA-FACTS §7) and what only Julia code can tell (arch, libc, CPU, BINDIR, word size, host
 * triplet). siege-julia's probe produces it; the plan and the metadata consume it.
 *
 * @param executable the {@code julia} binary that was probed
 * @param arch {@code Sys.ARCH}, e.g. {@code x86_64}, {@code aarch64}
 * @param os {@code linux}, {@code macos}, {@code windows}, {@code freebsd}
 * @param libc {@code glibc}, {@code musl} or empty where not applicable
 * @param cpuName {@code Sys.CPU_NAME} of the probing machine, e.g. {@code skylake}
 * @param bindir {@code Sys.BINDIR}
 * @param wordSize {@code Sys.WORD_SIZE} (32 or 64)
 * @param triplet {@code triplet(HostPlatform())}
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
    String triplet) {

  public JuliaInfo {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(libc, "libc");
    Objects.requireNonNull(cpuName, "cpuName");
    Objects.requireNonNull(bindir, "bindir");
    Objects.requireNonNull(triplet, "triplet");
    if (wordSize != 32 && wordSize != 64) {
      throw new IllegalArgumentException("wordSize must be 32 or 64, was " + wordSize);
    }
  }
}
