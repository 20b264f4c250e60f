package dev.siege.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One artifact {@link FakeDepot} installed under {@code artifacts/<treeSha1>/}.
 *
 * @param name the artifact's name in its owner's {@code Artifacts.toml}
 * @param owner the JLL package whose {@code Artifacts.toml} names it
 * @param libraries real library files, relative to the artifact dir (e.g. {@code lib/libfoo.so.1.2.3})
 * @param symlinks relative symbolic links, relative to the artifact dir (e.g. {@code lib/libfoo.so})
 * @param files regular files in the artifact directory
 */
public record FakeArtifact(
    String name, String owner, String treeSha1, List<String> libraries, List<String> symlinks, int files) {

  public FakeArtifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(treeSha1, "treeSha1");
    libraries = List.copyOf(libraries);
    symlinks = List.copyOf(symlinks);
  }

  /** The artifact directory relative to the depot: {@code artifacts/<treeSha1>}. */
  public String dir() {
    return "artifacts/" + treeSha1;
  }
}
