package dev.siege.core.layout;

import java.nio.file.Path;
import java.util.List;

/**
 * Every file and directory a build creates beside its output, named in this one place: the
 * staging directory, the moved copy and scratch space of the smoke test, the previous bundle
 * during the swap, the lock, the stamps and the build log.
 *
 * <p>The names are fixed (derived from the output's name) so that a plan shows the exact paths
 * Julia will see, and so that the leftovers of a killed build are found and cleaned by the next
 * one. Hidden names ({@code .<name>.siege-*}) keep them out of the user's way; all sit on the
 * output's file system, so the swap is a rename.
 *
 * @param output the bundle directory, absolute and normalized
 */
public record OutputFiles(Path output) {

  public OutputFiles {
    output = output.toAbsolutePath().normalize();
    if (output.getFileName() == null) {
      throw new IllegalArgumentException("the output cannot be the root directory");
    }
  }

  public static OutputFiles of(Path output) {
    return new OutputFiles(output);
  }

  /** The directory the bundle is built in before it is swapped into place. */
  public Path staging() {
    return hidden("siege-staging");
  }

  /** Where the staged bundle is moved for the smoke test, proving it works from another path. */
  public Path moved() {
    return hidden("siege-moved");
  }

  /** The smoke test's empty user depot and HOME live here. */
  public Path smokeScratch() {
    return hidden("siege-smoke");
  }

  /** Where the previous bundle waits during the swap. */
  public Path previous() {
    return hidden("siege-previous");
  }

  /** The OS lock that keeps two builds off one output. */
  public Path lock() {
    return hidden("siege-lock");
  }

  /** Digests remembered with file stamps, so an up-to-date check reads only changed files. */
  public Path stamps() {
    return hidden("siege-stamps");
  }

  /** The build log a user reads: {@code <name>.log} beside the output. */
  public Path log() {
    return output.resolveSibling(output.getFileName() + ".log");
  }

  /** Directories a killed build may leave behind, removed before the next build starts. */
  public List<Path> scratchDirectories() {
    return List.of(staging(), moved(), smokeScratch());
  }

  private Path hidden(String suffix) {
    return output.resolveSibling("." + output.getFileName() + "." + suffix);
  }
}
