package dev.siege.julia.provision;

import java.net.URI;
import java.util.Objects;

/**
 * One file of Julia's versions index ({@code versions.json}: per version, {@code files} with
 * {@code triplet}, {@code url}, {@code sha256}, {@code kind}, {@code extension}, {@code os},
 * {@code arch}, {@code size}).
 *
 * @param size bytes, or -1 when the index does not say
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
    long size) {

  public JuliaDownload {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(triplet, "triplet");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** Whether this is the portable {@code .tar.gz} archive for {@code platform}. */
  public boolean isTarballFor(HostPlatform platform) {
    return kind.equals("archive")
        && (extension.equals("tar.gz") || url.getPath().endsWith(".tar.gz"))
        && arch.equals(platform.arch())
        && triplet.startsWith(platform.tripletPrefix());
  }
}
