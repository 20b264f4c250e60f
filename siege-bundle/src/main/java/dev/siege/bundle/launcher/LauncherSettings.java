package dev.siege.bundle.launcher;

import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the launcher records at build time; everything else it finds at run time.
 *
 * @param arch the build's {@code Sys.ARCH} (e.g. {@code x86_64}); the launcher refuses to run on
 *     another {@code uname -m} (aliases such as {@code arm64}/{@code aarch64} are equal)
 * @param juliaVersion the Julia that built the bundle; with a sysimage the launcher requires
 *     exactly this version (JULIA-FACTS §2)
 * @param recordedJulia the build's julia binary as a path on the build machine, tried after the
 *     bundled copy and {@code SIEGE_JULIA}; empty to record none
 * @param sysimage whether the bundle has {@code sysimage/sys.so} to pass with {@code -J} (a
 *     depot-only bundle has none)
 * @param bundleId names the default user depot {@code ~/.cache/siege/<bundleId>}: one path
 *     component of letters, digits, {@code . _ -} (e.g. the project name and fingerprint prefix)
 */
public record LauncherSettings(
    String arch, Version juliaVersion, Optional<String> recordedJulia, boolean sysimage, String bundleId) {
  private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,32}");

  public LauncherSettings {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(juliaVersion, "juliaVersion");
    Objects.requireNonNull(recordedJulia, "recordedJulia");
    Objects.requireNonNull(bundleId, "bundleId");
    if (!ARCH.matcher(arch).matches()) {
      throw new IllegalArgumentException("arch must be a Sys.ARCH name such as x86_64, was \"" + arch + "\"");
    }
    if (!BUNDLE_ID.matcher(bundleId).matches()) {
      throw new IllegalArgumentException(
          "bundleId must be 1-100 letters, digits, '.', '_' or '-' (not starting with '.', '_' or '-'), was \""
              + bundleId + "\"");
    }
    if (recordedJulia.filter(p -> p.isEmpty() || p.indexOf('\0') >= 0).isPresent()) {
      throw new IllegalArgumentException("recordedJulia must be a non-empty path without NUL");
    }
  }

  /** Settings for a bundle built with {@code julia}, recording its binary's path. */
  public static LauncherSettings of(JuliaInfo julia, boolean sysimage, String bundleId) {
    return new LauncherSettings(
        julia.arch(), julia.version(), Optional.of(julia.executable().toString()), sysimage, bundleId);
  }
}
