package dev.siege.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One package {@link FakeDepot} installed, as a Manifest entry would describe it.
 *
 * @param slug the 5-character directory name under {@code packages/<name>/}
 * @param artifact the tree hash of the artifact a JLL package owns, empty for other packages
 * @param files regular files in the package directory
 */
public record FakePackage(
    String name,
    UUID uuid,
    String version,
    String treeSha1,
    String slug,
    Optional<String> artifact,
    int files) {

  public FakePackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(treeSha1, "treeSha1");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(artifact, "artifact");
  }

  /** The package directory relative to the depot: {@code packages/<name>/<slug>} (JULIA-FACTS §3). */
  public String dir() {
    return "packages/" + name + "/" + slug;
  }
}
