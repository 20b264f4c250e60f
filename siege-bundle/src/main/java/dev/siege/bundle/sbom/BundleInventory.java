package dev.siege.bundle.sbom;

import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.env.ArtifactsFile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a bundle holds, as a reviewer asks it: every package of its manifest, every artifact of
 * its depot, the files SIEGE made, with hashes, sizes and licenses. Read from the bundle alone
 * ({@link InventoryReader}), so the SBOM and the report say the same thing wherever they are made.
 *
 * @param name the project's name, or the bundle directory's when the project has none
 * @param direct the project's direct dependencies, sorted
 * @param packages sorted by name, then uuid
 * @param artifacts sorted by name, then tree hash
 * @param files the sysimage, the launcher and the bundled Julia binary, sorted by path
 * @param notes what could not be found out, said once (a packed registry, a missing directory)
 */
public record BundleInventory(
    BundleMetadata metadata, String name, List<UUID> direct, List<PackageItem> packages, List<ArtifactItem> artifacts, List<FileItem> files,
    List<String> notes) {

  public BundleInventory {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(name, "name");
    direct = List.copyOf(direct);
    packages = List.copyOf(packages);
    artifacts = List.copyOf(artifacts);
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }

  /** How a manifest entry's code came (JULIA-FACTS §4). */
  public enum Origin { STDLIB, REGISTERED, TRACKED, DEVELOPED }

  /**
   * A manifest entry.
   *
   * @param repository the package's repository URL: the registry's {@code repo} for a registered
   *     package, the manifest's {@code repo-url} for a tracked one
   * @param registry the registry that lists it, with its {@code repo} URL
   * @param dir its directory in the bundle, relative to the root; empty for a stdlib or when absent
   * @param bytes the size of {@code dir}'s regular files
   * @param deps the uuids of its {@code deps}, sorted
   * @param weakdeps the uuids of the weak deps that are in the manifest, so that an extension
   *     loads with them, sorted
   */
  public record PackageItem(
      String name, UUID uuid, Optional<String> version, Optional<String> treeSha1, Origin origin,
      Optional<String> repository, Optional<Registry> registry, Optional<String> dir, long bytes,
      boolean inSysimage, List<LicenseFile> licenses, List<UUID> deps, List<UUID> weakdeps) {
    public PackageItem {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uuid, "uuid");
      licenses = List.copyOf(licenses);
      deps = List.copyOf(deps);
      weakdeps = List.copyOf(weakdeps);
    }
  }

  /** A registry of the bundle depot: its name, uuid and {@code repo} URL. */
  public record Registry(String name, String uuid, Optional<String> url) {}

  /**
   * An artifact directory of the depot.
   *
   * @param name its name in the owner's Artifacts.toml; empty when no Artifacts.toml of the bundle
   *     names it
   * @param owner the package whose Artifacts.toml names it; empty for the project's own or none
   * @param downloads the sources and sha256 of the tarball, from the Artifacts.toml
   */
  public record ArtifactItem(
      String name, String treeSha1, Optional<String> owner, Optional<UUID> ownerUuid,
      List<ArtifactsFile.Download> downloads, String dir, long bytes, List<LicenseFile> licenses) {
    public ArtifactItem {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(treeSha1, "treeSha1");
      downloads = List.copyOf(downloads);
      licenses = List.copyOf(licenses);
    }
  }

  /** A file SIEGE made or copied: the sysimage, the launcher, the Julia binary. */
  public record FileItem(String role, String path, String sha256, long bytes) {}

  /** Package and artifact license files that no SPDX id matched. */
  public List<LicenseFile> unidentifiedLicenses() {
    return java.util.stream.Stream.concat(
            packages.stream().flatMap(p -> p.licenses().stream()),
            artifacts.stream().flatMap(a -> a.licenses().stream()))
        .filter(l -> !l.identified())
        .toList();
  }

  /** Packages with code in the bundle (not stdlibs) that ship no license file. */
  public List<PackageItem> packagesWithoutLicense() {
    return packages.stream()
        .filter(p -> p.origin() != Origin.STDLIB && p.dir().isPresent() && p.licenses().isEmpty())
        .toList();
  }
}
