package dev.siege.core.io;

import dev.siege.core.SiegeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads input files only once they are known to be regular files of a bounded size, so that a
 * FIFO never hangs SIEGE, {@code /dev/zero} never fills its memory, and every way a path can fail
 * to be a readable file is reported as what it is ("is a FIFO", "is a dangling symbolic link to
 * X", ...) rather than as "not found".
 */
public final class RegularFiles {
  /** One mebibyte, the unit limits are given in. */
  public static final long MIB = 1L << 20;

  // st_mode file types (POSIX <sys/stat.h>), read through the JDK's "unix:mode" attribute.
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private RegularFiles() {}

  /**
   * Whether anything at all is at {@code path}, a dangling link included; also true when it cannot
   * be told because a directory on the way is not searchable (reading it then says so).
   */
  public static boolean exists(Path path) {
    try {
      Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return true;
    } catch (AccessDeniedException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What keeps {@code path} from being read as a regular file, e.g. {@code "is a FIFO"}; empty when
   * it is a regular file (through symbolic links) that may be opened. Does not check read
   * permission: {@link #read} reports that when opening fails.
   */
  public static Optional<String> problem(Path path) {
    BasicFileAttributes own;
    try {
      own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.of("does not exist");
    } catch (AccessDeniedException e) {
      return Optional.of("cannot be reached (permission denied on a directory on its path)");
    } catch (IOException e) {
      return Optional.of("cannot be examined: " + IoMessages.describe(e));
    }
    if (!own.isSymbolicLink()) {
      return kindProblem(path, own, "");
    }
    String target = linkTarget(path);
    BasicFileAttributes followed;
    try {
      followed = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Optional.of("is a dangling symbolic link to " + target);
    } catch (AccessDeniedException e) {
      return Optional.of(
          "is a symbolic link to " + target + ", which cannot be reached (permission denied)");
    } catch (FileSystemException e) {
      // ELOOP: the JDK puts strerror's text in the reason.
      if (e.getReason() != null && e.getReason().toLowerCase().contains("symbolic links")) {
        return Optional.of("is a symbolic link loop (" + target + ")");
      }
      return Optional.of("is a symbolic link to " + target + " that cannot be followed: " + IoMessages.describe(e));
    } catch (IOException e) {
      return Optional.of("is a symbolic link to " + target + " that cannot be followed: " + IoMessages.describe(e));
    }
    return kindProblem(path, followed, " (through the symbolic link to " + target + ")");
  }

  /**
   * Throws, saying what is wrong (see {@link #problem}), unless {@code path} is a regular file
   * (through symbolic links).
   */
  public static void requireRegular(Path path) throws SiegeException {
    Optional<String> problem = problem(path);
    if (problem.isPresent()) {
      throw new SiegeException(problem.get(), hintFor(problem.get()), path, 0, null);
    }
  }

  /**
   * The whole content of {@code file}, which must be a regular file of at most {@code limit}
   * bytes. The size is checked before reading, and reading stops after {@code limit} bytes, so a
   * file that grows meanwhile still cannot exhaust memory.
   *
   * @throws SiegeException naming the file and saying exactly what is wrong with it
   */
  public static byte[] read(Path file, long limit) throws SiegeException {
    if (limit < 0 || limit > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("limit must be between 0 and 2 GiB, was " + limit);
    }
    requireRegular(file);
    try (SeekableByteChannel in = Files.newByteChannel(file)) {
      long size = in.size();
      if (size > limit) {
        throw tooLarge(file, limit, size);
      }
      // One byte more than allowed, to notice a file that grew past the limit.
      int capacity = (int) Math.min(Math.max(size, 0) + 1, limit + 1);
      ByteBuffer buf = ByteBuffer.allocate(Math.max(capacity, 1));
      while (true) {
        if (!buf.hasRemaining()) {
          if (buf.capacity() > limit) {
            throw tooLarge(file, limit, buf.capacity());
          }
          int grown = (int) Math.min((long) buf.capacity() * 2, limit + 1);
          buf = ByteBuffer.allocate(grown).put(buf.flip());
        }
        if (in.read(buf) < 0) {
          break;
        }
      }
      return Arrays.copyOf(buf.array(), buf.position());
    } catch (AccessDeniedException e) {
      throw new SiegeException(
          "is not readable (permission denied)", "make it readable by this user (chmod u+r)", file, 0, null);
    } catch (IOException e) {
      throw new SiegeException("cannot be read: " + IoMessages.describe(e), null, file, 0, e);
    }
  }

  /** {@code "16 MiB"}, or bytes below one MiB. */
  public static String describeLimit(long limit) {
    return limit >= MIB && limit % MIB == 0 ? (limit / MIB) + " MiB" : limit + " bytes";
  }

  private static SiegeException tooLarge(Path file, long limit, long size) {
    return new SiegeException(
        "is larger than the " + describeLimit(limit) + " limit (" + describeSize(size) + ")",
        "this is far larger than any such file SIEGE expects; is it the right file?",
        file,
        0,
        null);
  }

  private static String describeSize(long size) {
    return size >= MIB ? String.format("%.1f MiB", size / (double) MIB) : size + " bytes";
  }

  private static Optional<String> kindProblem(Path path, BasicFileAttributes a, String via) {
    if (a.isRegularFile()) {
      return Optional.empty();
    }
    if (a.isDirectory()) {
      return Optional.of("is a directory, not a file" + via);
    }
    String kind = "is not a regular file (a FIFO, socket or device)";
    try {
      int type = ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
      kind = switch (type) {
        case S_IFIFO -> "is a FIFO (named pipe), not a regular file";
        case S_IFSOCK -> "is a socket, not a regular file";
        case S_IFCHR, S_IFBLK -> "is a device, not a regular file";
        default -> kind;
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      // a file system without "unix:mode" (jimfs): the generic wording stays
    }
    return Optional.of(kind + via);
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "an unreadable target";
    }
  }

  private static String hintFor(String problem) {
    if (problem.startsWith("is a dangling") || problem.startsWith("is a symbolic link loop")) {
      return "fix or remove the symbolic link";
    }
    if (problem.startsWith("cannot be reached")) {
      return "make the directories on its path searchable by this user (chmod u+x)";
    }
    if (problem.startsWith("does not exist")) {
      return null;
    }
    return "replace it with a regular file";
  }
}
