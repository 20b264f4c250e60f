package dev.siege.bundle.depot;

import java.util.Objects;

/**
 * A depot subdirectory the pruner removed.
 *
 * @param name the entry's name in the depot, e.g. {@code compiled}
 * @param bytes size of the regular files it held
 * @param files regular files it held
 */
public record RemovedDir(String name, long bytes, long files) {
  public RemovedDir {
    Objects.requireNonNull(name, "name");
  }
}
