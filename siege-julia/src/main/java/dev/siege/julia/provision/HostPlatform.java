package dev.siege.julia.provision;

import dev.siege.core.platform.TargetPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The platform a Julia download must be for, in the words of Julia's versions index: {@code
 * os} as the index spells it ({@code linux}, {@code mac}, {@code winnt}, {@code freebsd}), Julia's
 * {@code arch} ({@code x86_64}, {@code aarch64}, {@code i686}, {@code powerpc64le}, {@code
 * armv7l}) and the libc on Linux ({@code glibc} or {@code musl}, empty elsewhere).
 *
 * <p>Despite its name (kept because callers outside this module use it), it names any platform
 * an official release is published for: {@link #current()} is this machine, {@link
 * #fromTriplet(String)} the target of a bundle for another machine.
 */
public record HostPlatform(String os, String arch, String libc) {

  public HostPlatform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(libc, "libc");
  }

  /** The machine this JVM runs on. */
  public static HostPlatform current() {
    String os = osName(System.getProperty("os.name", ""));
    String libc = os.equals("linux") ? (isMusl() ? "musl" : "glibc") : "";
    return new HostPlatform(os, archName(System.getProperty("os.arch", "")), libc);
  }

  /**
   * The platform of a Julia triplet such as {@code aarch64-linux-gnu}, {@code x86_64-linux-musl},
   * {@code x86_64-w64-mingw32}, {@code aarch64-apple-darwin} or {@code x86_64-unknown-freebsd}.
   * The triplet is read by {@link TargetPlatform#parse}, SIEGE's one reader of triplets (as
   * {@code Base.BinaryPlatforms} reads them: {@code amd64}, {@code arm64}, {@code
   * -apple-darwin23}, {@code -linux-gnueabihf} and so on), then only the arch, the OS and (on
   * Linux) the libc are kept. The rest is ignored for the Julia download: the call ABI ({@code eabihf}), compiler ABI tags
   * ({@code -libgfortran5}, {@code -cxx11}, {@code -libstdcxx30}) and extended tags ({@code
   * -cuda+12.6}, {@code -julia_version+1.10.5}) choose artifacts, not Julia: there is one official
   * Julia per arch, OS and libc.
   *
   * @throws IllegalArgumentException with a sentence for the user when it is not such a triplet
   */
  public static HostPlatform fromTriplet(String triplet) {
    return of(TargetPlatform.parse(triplet));
  }

  /** The versions index's platform of {@code target}: its arch, OS and libc, nothing else. */
  public static HostPlatform of(TargetPlatform target) {
    String os = switch (target.os()) {
      case "macos" -> "mac";
      case "windows" -> "winnt";
      default -> target.os();
    };
    return new HostPlatform(os, target.arch(), target.libc());
  }

  /**
   * The start of the triplet of an official build for this platform, e.g. {@code
   * x86_64-linux-gnu}, {@code aarch64-apple-darwin}, {@code x86_64-linux-musl}.
   */
  public String tripletPrefix() {
    return switch (os) {
      case "linux" -> arch + "-linux-" + (libc.equals("musl") ? "musl" : "gnu");
      case "mac" -> arch + "-apple-darwin";
      case "winnt" -> arch + "-w64-mingw32";
      case "freebsd" -> arch + "-unknown-freebsd";
      default -> arch + "-" + os;
    };
  }

  @Override
  public String toString() {
    return tripletPrefix();
  }

  static String osName(String javaOsName) {
    String n = javaOsName.toLowerCase(Locale.ROOT);
    if (n.startsWith("linux")) return "linux";
    if (n.startsWith("mac") || n.startsWith("darwin")) return "mac";
    if (n.startsWith("windows")) return "winnt";
    if (n.startsWith("freebsd")) return "freebsd";
    return n.replace(' ', '_');
  }

  static String archName(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      case "x86", "i386", "i486", "i586", "i686" -> "i686";
      case "ppc64le" -> "powerpc64le";
      case "arm" -> "armv7l";
      default -> javaArch;
    };
  }

  /** musl systems have a {@code /lib/ld-musl-<arch>.so.1} loader and no glibc one. */
  private static boolean isMusl() {
    try (Stream<Path> lib = Files.list(Path.of("/lib"))) {
      return lib.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
