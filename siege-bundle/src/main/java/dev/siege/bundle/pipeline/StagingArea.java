package dev.siege.bundle.pipeline;

import dev.siege.core.io.FileTrees;
import dev.siege.core.io.IoMessages;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.layout.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The temporary directory beside the output in which a bundle is built, and the swap that puts
 * it in place only after every step succeeded (DESIGN.md). Call under {@link OutputLock}.
 *
 * <p>Names come from {@link OutputFiles}, so leftovers of a killed build are found and cleaned by
 * the next one. The previous bundle is only moved aside for the instant of the swap
 * and moved back if the swap fails.
 */
final class StagingArea {
  private final OutputFiles files;
  private final Path output;
  private final Path staging;
  private final Path previous;

  private StagingArea(Path output) {
    this.files = OutputFiles.of(output);
    this.output = files.output();
    this.staging = files.staging();
    this.previous = files.previous();
  }

  /** The staging area for {@code output}; nothing is created until {@link #prepare()}. */
  public static StagingArea forOutput(Path output) {
    return new StagingArea(output);
  }

  public Path output() {
    return output;
  }

  public Path staging() {
    return staging;
  }

  /**
   * Checks the output can be replaced, restores a bundle a killed swap left aside, removes old
   * leftovers and creates an empty staging directory.
   *
   * @throws SiegeException if the output exists but is not a SIEGE bundle (never overwritten)
   */
  public Path prepare() throws SiegeException {
    try {
      if (!Files.exists(output) && Files.isDirectory(previous)) {
        Files.move(previous, output, StandardCopyOption.ATOMIC_MOVE);
      }
      checkReplaceable();
      for (Path leftover : files.scratchDirectories()) {
        FileTrees.delete(leftover);
      }
      FileTrees.delete(previous);
      Files.createDirectories(staging);
      return staging;
    } catch (IOException e) {
      throw new SiegeException(
          "cannot prepare the build directory " + staging + ": " + IoMessages.describe(e),
          "check that " + output.getParent() + " is writable and has free space",
          e);
    }
  }

  /**
   * Checks, before any work, that a bundle can be built for this output: it has a name, its
   * parent is a writable directory, and it is absent, empty or a SIEGE bundle (never anything
   * else, which would be lost in the swap).
   */
  public void check() throws SiegeException {
    if (output.getFileName() == null) {
      throw new SiegeException("the output cannot be the root directory", "choose an output directory such as build");
    }
    Path parent = output.getParent();
    if (!Files.isDirectory(parent)) {
      throw new SiegeException("the output's parent directory does not exist: " + parent,
          "create it first, or choose another {option:OUTPUT}", parent, 0, null);
    }
    if (!Files.isWritable(parent)) {
      throw new SiegeException("the output's parent directory is not writable: " + parent,
          "the bundle is built beside the output and moved into place; choose a writable location", parent, 0, null);
    }
    try {
      checkReplaceable();
    } catch (IOException e) {
      throw new SiegeException("cannot read the output " + output + ": " + e.getMessage(), null, output, 0, e);
    }
  }

  private void checkReplaceable() throws IOException, SiegeException {
    if (!Files.exists(output)) {
      return;
    }
    if (!Files.isDirectory(output)) {
      throw new SiegeException(
          "the output " + output + " exists and is not a directory",
          "choose another {option:OUTPUT} or remove it",
          output,
          0,
          null);
    }
    boolean empty;
    try (Stream<Path> s = Files.list(output)) {
      empty = s.findAny().isEmpty();
    }
    if (!empty && !Files.isRegularFile(BundleLayout.at(output).metadata())) {
      throw new SiegeException(
          "the output " + output + " exists and is not a SIEGE bundle (no " + BundleLayout.METADATA + "); refusing to replace it",
          "choose another {option:OUTPUT}, or remove the directory yourself",
          output,
          0,
          null);
    }
  }

  /** Replaces the output with the staging directory; the old bundle is deleted only afterwards. */
  public void swapIn() throws SiegeException {
    try {
      boolean hadOutput = Files.exists(output);
      if (hadOutput) {
        Files.move(output, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (hadOutput) {
          Files.move(previous, output, StandardCopyOption.ATOMIC_MOVE);
        }
        throw e;
      }
      FileTrees.delete(previous);
    } catch (IOException e) {
      throw new SiegeException(
          "cannot move the new bundle into place at " + output + ": " + IoMessages.describe(e),
          "the previous bundle, if any, is unchanged; check permissions on " + output.getParent(),
          e);
    }
  }

  /** Deletes the staging directory (after a failure); the output is untouched. */
  public void discard() throws IOException {
    FileTrees.delete(staging);
  }
}
