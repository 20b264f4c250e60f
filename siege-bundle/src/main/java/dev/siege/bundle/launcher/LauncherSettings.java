package dev.siege.bundle.launcher;

import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.core.version.Version;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the launcher records at build time; everything else, the Julia binary included, it finds
 * at run time. Nothing here is a path of the build machine.
 *
 * @param arch the build's {@code Sys.ARCH} (e.g. {@code x86_64}); the launcher refuses to run on
 *     another {@code uname -m} (aliases such as {@code arm64}/{@code aarch64} are equal)
 * @param os the build's OS as SIEGE's probe names it ({@code linux}, {@code macos}, ...); the
 *     launcher refuses another {@code uname -s}; empty when unknown (not checked)
 * @param libc the build's C library ({@code glibc}, {@code musl}); on Linux the launcher refuses
 *     another; empty where it does not apply
 * @param juliaVersion the Julia that built the bundle; with a sysimage the launcher requires
 *     exactly this version (JULIA-FACTS §2)
 * @param juliaCommit {@code Base.GIT_VERSION_INFO.commit} of that Julia; with a sysimage the
 *     launcher refuses a Julia built from another commit (JULIA-FACTS §8 "Distribution Julias");
 *     empty when unknown (not checked)
 * @param sysimage whether the bundle has {@code sysimage/sys.so} to pass with {@code -J} (a
 *     depot-only bundle has none)
 * @param cpuTarget the {@code cpu_target} the sysimage was built for, exported as
 *     {@code JULIA_CPU_TARGET} unless the user set one; empty to export nothing
 * @param bundleId names the default user depot {@code ~/.cache/siege/<bundleId>}: one path
 *     component of letters, digits, {@code . _ -} (e.g. the project name and fingerprint prefix)
 */
public record LauncherSettings(
    String arch,
    String os,
    String libc,
    Version juliaVersion,
    String juliaCommit,
    boolean sysimage,
    String cpuTarget,
    String bundleId) {
  private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,32}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{0,32}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{0,64}");
  private static final Pattern CPU_TARGET = Pattern.compile("[^\\p{Cntrl}]{0,1000}");

  public LauncherSettings {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(libc, "libc");
    Objects.requireNonNull(juliaVersion, "juliaVersion");
    Objects.requireNonNull(juliaCommit, "juliaCommit");
    Objects.requireNonNull(cpuTarget, "cpuTarget");
    Objects.requireNonNull(bundleId, "bundleId");
    if (!ARCH.matcher(arch).matches()) {
      throw new IllegalArgumentException("arch must be a Sys.ARCH name such as x86_64, was \"" + arch + "\"");
    }
    if (!NAME.matcher(os).matches()) {
      throw new IllegalArgumentException("os must be a lowercase OS name such as linux, was \"" + os + "\"");
    }
    if (!NAME.matcher(libc).matches()) {
      throw new IllegalArgumentException("libc must be glibc, musl or empty, was \"" + libc + "\"");
    }
    if (!COMMIT.matcher(juliaCommit).matches()) {
      throw new IllegalArgumentException(
          "juliaCommit must be a lowercase hex git commit or empty, was \"" + juliaCommit + "\"");
    }
    if (!CPU_TARGET.matcher(cpuTarget).matches()) {
      throw new IllegalArgumentException("cpuTarget must be at most 1000 characters without control characters");
    }
    if (!BUNDLE_ID.matcher(bundleId).matches()) {
      throw new IllegalArgumentException(
          "bundleId must be 1-100 letters, digits, '.', '_' or '-' (not starting with '.', '_' or '-'), was \""
              + bundleId + "\"");
    }
  }

  /**
   * Settings for a bundle for {@code target} built with {@code julia}: the launcher checks the
   * target's arch, OS and libc (the machine it will run on), and the build Julia's version (the
   * manifest was resolved for it; with a sysimage, only that Julia loads it).
   *
   * @param juliaCommit {@code Base.GIT_VERSION_INFO.commit} of {@code julia}, empty when unknown
   * @param cpuTarget the sysimage's {@code cpu_target}, empty without a sysimage
   */
  public static LauncherSettings forTarget(TargetPlatform target, JuliaInfo julia, String juliaCommit,
      boolean sysimage, String cpuTarget, String bundleId) {
    return new LauncherSettings(target.arch(), target.os(), target.os().equals("linux") ? target.libc() : "",
        julia.version(), juliaCommit, sysimage, cpuTarget, bundleId);
  }
}
