package dev.siege.julia.provision;

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
