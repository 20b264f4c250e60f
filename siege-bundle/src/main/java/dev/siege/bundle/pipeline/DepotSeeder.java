package dev.siege.bundle.pipeline;

import dev.siege.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeds a new depot from the previous bundle's, so that a rebuild fetches nothing already
 * downloaded (DESIGN.md). Symbolic links are recreated with their targets unchanged (artifacts
 * are full of relative {@code libfoo.so -> libfoo.so.1} links).
 *
 * <p>The new depot never shares an inode with the previous bundle: Pkg, a package's build script
 * or a {@code chmod} may write into or change the mode of a seeded file in place, and the
 * previous bundle must stay exactly as it was whatever the build does, even when it is killed
 * before any check could run. So each file is a reflink (a copy-on-write clone, where the file
 * system has them: btrfs, XFS, ZFS 2.2, APFS through GNU cp) or else a plain copy; never a hard
 * link. Java has no call for a clone ({@code FICLONE}), so the clone is GNU {@code cp
 * --reflink=always}, tried on the first directory; when it fails (another file system, another
 * {@code cp}), every directory is copied by {@link TreeCopy}.
 */
final class DepotSeeder {
  /** Clones or fails: never a byte copy, never a hard link (GNU coreutils). */
  static final List<String> REFLINK = List.of("cp", "-R", "--no-dereference", "--preserve=mode,timestamps",
      "--reflink=always", "--");

  private final List<String> cloneCommand;
  private boolean cloning;

  /**
   * @param cloneCommand the command that clones a tree, given {@code SOURCE TARGET} after it, or
   *     an empty list to always copy
   */
  DepotSeeder(List<String> cloneCommand) {
    this.cloneCommand = List.copyOf(cloneCommand);
    this.cloning = !cloneCommand.isEmpty();
  }

  /** Clones with reflinks where the file system has them, copies otherwise. */
  public static DepotSeeder reflinkOrCopy() {
    return new DepotSeeder(REFLINK);
  }

  /**
   * Carries each of {@code relativeDirs} (e.g. {@code packages/CSV/AbCdE}, {@code artifacts})
   * that exists under {@code from} over to the same place under {@code to}; existing targets are
   * left alone.
   */
  public TreeCopy.Result seed(Path from, Path to, Collection<String> relativeDirs)
      throws IOException, InterruptedException {
    long cloned = 0;
    long copied = 0;
    for (String rel : relativeDirs) {
      Path src = from.resolve(rel);
      Path dest = to.resolve(rel);
      if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS) || Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.createDirectories(dest.getParent());
      if (cloning && src.getFileSystem() == FileSystems.getDefault() && clone(src, dest)) {
        cloned += countFiles(dest);
      } else {
        copied += TreeCopy.copy(src, dest).copied();
      }
    }
    return new TreeCopy.Result(cloned, copied);
  }

  /** Whether the clone command made {@code dest}; after its first failure it is not tried again. */
  private boolean clone(Path src, Path dest) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(cloneCommand);
    command.add(src.toString());
    command.add(dest.toString());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      cloning = false; // no such command here
      return false;
    }
    try {
      if (process.waitFor() == 0) {
        return true;
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      process.waitFor();
      throw e;
    }
    cloning = false;
    FileTrees.delete(dest); // whatever it cloned before it failed
    return false;
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
    }
  }
}
