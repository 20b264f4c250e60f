package dev.siege.julia.provision;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of Julia's versions index ({@code versions.json}: per version, {@code files} with
 * {@code triplet}, {@code url}, {@code sha256}, {@code kind}, {@code extension}, {@code os},
 * {@code arch}, {@code size} and, for signed files, {@code asc}). The shape is the one
 * JuliaLang/VersionsJSONUtil.jl writes ({@code src/VersionsJSONUtil.jl} and {@code schema.json},
 * main): {@code kind} is {@code archive} for {@code .tar.gz}, {@code .zip} and {@code .dmg},
 * {@code installer} for {@code .exe}; {@code os} is {@code linux} for musl builds too (only the
 * triplet says musl); {@code asc} holds the text of the detached OpenPGP signature itself.
 *
 * @param size bytes, or -1 when the index does not say
 * @param asc the ASCII-armored signature the index carries for this file, or empty
 */
public record JuliaDownload(
    String version,
    String triplet,
    String os,
    String arch,
    String kind,
    String extension,
    URI url,
    String sha256,
    long size,
    String asc) {

  public JuliaDownload {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(triplet, "triplet");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(asc, "asc");
  }

  /** Whether this is the portable {@code .tar.gz} archive for {@code platform}. */
  public boolean isTarballFor(HostPlatform platform) {
    return isArchive("tar.gz") && isFor(platform);
  }

  /** Whether this is the portable {@code .zip} archive for {@code platform} (Windows publishes one). */
  public boolean isZipFor(HostPlatform platform) {
    return isArchive("zip") && isFor(platform);
  }

  /** The platform of this file's triplet, when it is one (arch, OS and libc only). */
  public Optional<HostPlatform> platform() {
    try {
      return Optional.of(HostPlatform.fromTriplet(triplet));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether the index carries a signature for this file. */
  public boolean hasSignature() {
    return !asc.isBlank();
  }

  private boolean isArchive(String ext) {
    return kind.equals("archive")
        && (extension.equals(ext) || url.getPath().toLowerCase(Locale.ROOT).endsWith("." + ext));
  }

  /** Same arch, OS and libc: the index's triplets carry OS versions ({@code -apple-darwin14}). */
  private boolean isFor(HostPlatform platform) {
    return arch.equals(platform.arch()) && platform().map(platform::equals).orElse(false);
  }
}
