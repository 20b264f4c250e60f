package dev.siege.core.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * <p>The output is taken by its real path ({@link #realPath}), resolved once here: an output
 * given through a symbolic link is the directory the link points to, so the link keeps working
 * and leads to the new bundle; the files beside it sit beside that directory.
 *
 * @param output the bundle directory: absolute, normalized, and with every existing part resolved
 *     through symbolic links
 */
public record OutputFiles(Path output) {

  public OutputFiles {
    output = realPath(output);
    if (output.getFileName() == null) {
      throw new IllegalArgumentException("the output cannot be the root directory");
    }
  }

  public static OutputFiles of(Path output) {
    return new OutputFiles(output);
  }

  /**
   * {@code path} absolute, with its deepest existing ancestor replaced by that ancestor's real
   * path (every symbolic link resolved) and the rest appended and normalized. Two paths name the
   * same place when their real paths are equal; one lies inside another when its real path starts
   * with the other's. A dangling link stays as it is.
   */
  public static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath();
    Deque<String> missing = new ArrayDeque<>();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      if (existing.getFileName() != null) {
        missing.push(existing.getFileName().toString());
      }
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute.normalize();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      return absolute.normalize(); // unreadable: as given
    }
    for (String name : missing) {
      real = real.resolve(name);
    }
    return real.normalize();
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

  /**
   * The build log a user reads: {@code <name>.log} beside the output. Only a log SIEGE wrote is
   * ever replaced there (the CLI recognises its header line).
   */
  public Path log() {
    return output.resolveSibling(output.getFileName() + ".log");
  }

  /**
   * The log of the build under way, written line by line and renamed to {@link #log()} when the
   * build ends; after a kill it holds what was logged until then, and the next build recovers it.
   */
  public Path partialLog() {
    return hidden("siege-log");
  }

  /** Directories a killed build may leave behind, removed before the next build starts. */
  public List<Path> scratchDirectories() {
    return List.of(staging(), moved(), smokeScratch());
  }

  /**
   * Every directory a build replaces or deletes: the output, the previous bundle during the swap,
   * and the scratch directories. Nothing a build reads may lie inside one of them.
   */
  public List<Path> replacedDirectories() {
    return List.of(output, previous(), staging(), moved(), smokeScratch());
  }

  private Path hidden(String suffix) {
    return output.resolveSibling("." + output.getFileName() + "." + suffix);
  }
}
