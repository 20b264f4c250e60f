package dev.siege.core.plan;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code cpu_target} passed to {@code create_sysimage}. PackageCompiler's default for
 * sysimages is {@code "native"} (JULIA-FACTS §1), which only runs on CPUs like the build
 * server's and fails elsewhere with "Unable to find compatible target in system image"; SIEGE
 * defaults to {@link #portable()}, the multi-target string PackageCompiler uses for apps
 * ({@code default_app_cpu_target()}, §1), so the image runs on the secure system's CPU.
 */
public record CpuTarget(String spec) {

  /** {@code default_app_cpu_target()} of PackageCompiler v2.4.0 per {@code Sys.ARCH} (§1). */
  private static final Map<String, String> PORTABLE =
      Map.of(
          "x86_64", "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)",
          "i686", "pentium4;sandybridge,-xsaveopt,clone_all",
          "armv7l", "armv7-a;armv7-a,neon;armv7-a,neon,vfp4",
          "aarch64", "generic",
          "powerpc64le", "pwr8");

  /** Marker spec resolved per architecture by {@link #resolve(String)}. */
  public static final String PORTABLE_SPEC = "portable";

  public CpuTarget {
    Objects.requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("cpu target must not be blank");
    }
  }

  /** The portable multi-target string for whatever architecture Julia reports. */
  public static CpuTarget portable() {
    return new CpuTarget(PORTABLE_SPEC);
  }

  /** Only the build server's CPU (and newer CPUs with the same features). */
  public static CpuTarget nativeCpu() {
    return new CpuTarget("native");
  }

  /** A target given by the user: {@code portable}, {@code native} or a Julia target string. */
  public static CpuTarget of(String spec) {
    return new CpuTarget(spec.strip());
  }

  public boolean isPortable() {
    return spec.equals(PORTABLE_SPEC);
  }

  public boolean isNative() {
    return spec.equals("native");
  }

  /**
   * The string to pass as {@code cpu_target} on {@code arch} ({@code Sys.ARCH}).
   *
   * @throws IllegalArgumentException if the target is portable and SIEGE knows no portable
   *     string for {@code arch}
   */
  public String resolve(String arch) {
    if (!isPortable()) {
      return spec;
    }
    String s = PORTABLE.get(arch);
    if (s == null) {
      throw new IllegalArgumentException(
          "no portable CPU target is known for architecture " + arch + "; pass --cpu-target");
    }
    return s;
  }

  @Override
  public String toString() {
    return spec;
  }
}
