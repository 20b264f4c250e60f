package dev.siege.bundle.checksum;

import dev.siege.core.SiegeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads the small files verify and bundle parse (checksums, the tree record, metadata, an
 * archive's {@code .sha256}) only when they are regular files, and never more than a limit: a
 * fifo would block the read forever and {@code /dev/zero} or a huge file would fill the memory.
 * (A stand-in for {@code dev.siege.core.io.RegularFiles}; the two can be swapped.)
 */
public final class RegularFiles {
  private RegularFiles() {}

  /**
   * What {@code file} is when it is not a regular file (following links): {@code "a fifo"},
   * {@code "a symbolic link loop"}, ... or empty when it is one.
   */
  public static Optional<String> notRegular(Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Optional.of(Files.isSymbolicLink(file) ? "a dangling symbolic link" : "missing");
    } catch (FileSystemException e) {
      String reason = String.valueOf(e.getReason());
      return Optional.of(reason.toLowerCase(java.util.Locale.ROOT).contains("symbolic links") ? "a symbolic link loop" : "unreadable (" + reason + ")");
    } catch (IOException e) {
      return Optional.of("unreadable (" + e.getMessage() + ")");
    }
    if (attrs.isRegularFile()) {
      return Optional.empty();
    }
    if (attrs.isDirectory()) {
      return Optional.of("a directory");
    }
    return Optional.of(specialKind(file));
  }

  /**
   * The content of {@code file}, refused with an error naming it when it is not a regular file or
   * holds more than {@code limit} bytes (read no further than the limit, whatever the size says).
   */
  public static byte[] read(Path file, int limit) throws SiegeException {
    Optional<String> not = notRegular(file);
    if (not.isPresent()) {
      throw new SiegeException("is " + not.get() + ", not a regular file", null, file, 0, null);
    }
    try (InputStream in = Files.newInputStream(file)) {
      if (Files.size(file) > limit) {
        throw tooLarge(file, limit); // before reading: a 3 GB file is refused at once
      }
      byte[] content = in.readNBytes(limit + 1);
      if (content.length > limit) {
        throw tooLarge(file, limit);
      }
      return content;
    } catch (IOException e) {
      throw new SiegeException("cannot read: " + e.getMessage(), null, file, 0, e);
    }
  }

  /** The error for a file over its size limit. */
  public static SiegeException tooLarge(Path file, long limit) {
    return new SiegeException(
        "is larger than " + limit + " bytes, the limit for this file (real ones are far smaller)",
        "this is not a file SIEGE wrote: rebuild the bundle",
        file,
        0,
        null);
  }

  private static String specialKind(Path file) {
    try {
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      switch (type) {
        case 0010000:
          return "a fifo";
        case 0140000:
          return "a socket";
        case 0020000:
        case 0060000:
          return "a device";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // fall through to the generic description
    }
    return Files.isSymbolicLink(file) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        ? "a dangling symbolic link"
        : "a special file (fifo, socket or device)";
  }
}
