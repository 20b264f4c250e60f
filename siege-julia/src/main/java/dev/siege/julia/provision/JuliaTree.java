package dev.siege.julia.provision;

import dev.siege.core.version.Version;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An official Julia for a platform, unpacked in SIEGE's cache and never run: the tree to ship in
 * a bundle for that platform. {@link #root} holds {@code bin/}, {@code lib/}, {@code share/}
 * (the inside of the archive's single top directory). It belongs to the cache: copy it, keeping
 * symbolic links and modes, never change or move it, never hard-link it into something that is
 * changed later.
 *
 * @param platform what it was asked for (arch, OS, libc)
 * @param version the Julia version
 * @param root the installation: {@code root/bin/julia} ({@code root/bin/julia.exe} on Windows)
 * @param url where the archive was downloaded from, without user information
 * @param sha256 the archive's sha256 (lower-case hex), as the versions index lists and as checked
 * @param signature how its origin was checked beyond the sha256
 */
public record JuliaTree(HostPlatform platform, Version version, Path root, URI url, String sha256, Signature signature) {

  public JuliaTree {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(root, "root");
    url = URI.create(DownloadUrls.shown(Objects.requireNonNull(url, "url"))); // never a password: it is recorded
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(signature, "signature");
  }

  /** What proves the archive came from Julia's release pipeline. */
  public enum Signature {
    /** A good OpenPGP signature by a trusted release key ({@link ReleaseKeys}). */
    VERIFIED,
    /**
     * Julia publishes no signature for this kind of file (a Windows {@code .zip}): only the sha256
     * of the versions index was checked.
     */
    NOT_PUBLISHED,
    /** The signature was missing or bad and the provisioner was insecure: used anyway. */
    UNVERIFIED
  }
}
