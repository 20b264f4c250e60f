package dev.siege.bundle.pipeline;

import dev.siege.core.io.FileTrees;
import dev.siege.core.io.IoMessages;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.layout.OutputFiles;
import dev.siege.bundle.meta.BundleMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /** What the top level of a bundle may hold. */
  static final Set<String> BUNDLE_TOP_LEVEL = BundleLayout.TOP_LEVEL_NAMES;

  /** The second line of every launcher SIEGE writes (launcher/julia.sh). */
  static final String LAUNCHER_MARKER = "# siege-launcher:";

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
   * Recovers from a build that was killed: a bundle a killed swap left aside is put back where it
   * was (the swap had not put the new one in place yet), the rest of a previous bundle whose
   * deletion was cut short is removed, and so are the scratch directories. Every build runs this
   * first, an up-to-date one included; call under {@link OutputLock}.
   *
   * @return what was done, one line each (empty when there was nothing left over)
   */
  public List<String> recover() throws SiegeException {
    List<String> done = new ArrayList<>();
    try {
      if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(previous, output, StandardCopyOption.ATOMIC_MOVE);
        done.add("put back the bundle an interrupted build had moved aside to " + previous);
      }
      if (Files.exists(previous, LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.delete(previous);
        done.add("removed what an interrupted build left of the previous bundle (" + previous + ")");
      }
      for (Path leftover : files.scratchDirectories()) {
        if (Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) {
          FileTrees.delete(leftover);
          done.add("removed the leftover " + leftover + " of an interrupted build");
        }
      }
      return done;
    } catch (IOException e) {
      throw new SiegeException(
          "cannot clean up after an interrupted build beside " + output + ": " + IoMessages.describe(e),
          "check that " + output.getParent() + " is writable",
          e);
    }
  }

  /**
   * Recovers leftovers ({@link #recover}), checks the output can be replaced and creates an empty
   * staging directory.
   *
   * @throws SiegeException if the output exists but is not a SIEGE bundle (never overwritten)
   */
  public Path prepare() throws SiegeException {
    recover();
    check();
    try {
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
   * parent is a writable directory, and it is absent, empty or recognisably a SIEGE bundle (never
   * anything else, which would be lost in the swap).
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
      Optional<String> why = notABundle();
      if (why.isPresent()) {
        throw new SiegeException(
            "the output " + output + " exists and is not a SIEGE bundle (" + why.get() + "); refusing to replace it",
            "choose another {option:OUTPUT}, or remove it yourself",
            output,
            0,
            null);
      }
    } catch (IOException e) {
      throw new SiegeException("cannot read the output " + output + ": " + IoMessages.describe(e),
          "choose another {option:OUTPUT}, or remove it yourself", output, 0, e);
    }
  }

  /**
   * Why the existing output may not be replaced, or empty when it may: it is absent, an empty
   * directory, or a bundle SIEGE built (readable metadata, SIEGE's launcher, and at its top level
   * nothing a bundle never has).
   */
  private Optional<String> notABundle() throws IOException {
    if (Files.isSymbolicLink(output)) {
      // The output was resolved through links (OutputFiles): only a dangling one is left here.
      return Optional.of("a symbolic link to " + Files.readSymbolicLink(output) + ", which does not exist");
    }
    if (!Files.exists(output)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(output)) {
      return Optional.of("not a directory");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(output)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    names.sort(null);
    List<String> foreign = names.stream().filter(n -> !BUNDLE_TOP_LEVEL.contains(n)).toList();
    if (!foreign.isEmpty()) {
      return Optional.of("it holds " + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "") + ", which a bundle never has");
    }
    BundleLayout layout = BundleLayout.at(output);
    if (!Files.isRegularFile(layout.metadata(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("no " + BundleLayout.METADATA);
    }
    try {
      BundleMetadata.read(layout.metadata());
    } catch (SiegeException e) {
      return Optional.of("its " + BundleLayout.METADATA + " is unreadable: " + e.getMessage());
    }
    if (!isSiegeLauncher(layout.launcher())) {
      return Optional.of("no SIEGE launcher at " + BundleLayout.LAUNCHER);
    }
    return Optional.empty();
  }

  /** The launcher's first two lines: a shebang, then the marker every SIEGE launcher has. */
  private static boolean isSiegeLauncher(Path launcher) throws IOException {
    if (!Files.isRegularFile(launcher, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(launcher)) {
      head = in.readNBytes(512);
    }
    String[] lines = new String(head, StandardCharsets.UTF_8).split("\n", 3);
    return lines.length >= 2 && lines[0].startsWith("#!") && lines[1].startsWith(LAUNCHER_MARKER);
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
