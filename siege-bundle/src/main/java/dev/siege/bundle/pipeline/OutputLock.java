package dev.siege.bundle.pipeline;

import dev.siege.core.layout.OutputFiles;
import dev.siege.core.io.IoMessages;
import dev.siege.core.SiegeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two builds off one output: an OS file lock on {@code .<name>.siege-lock} beside the
 * output. The OS drops the lock when the process dies, so a killed build never leaves a stale
 * lock behind; the file holds the owner's pid for the error message.
 */
final class OutputLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file used for {@code output}. */
  public static Path lockFile(Path output) {
    return OutputFiles.of(output).lock();
  }

  /**
   * Takes the lock for {@code output} without waiting.
   *
   * @throws SiegeException if another build holds it
   */
  public static OutputLock acquire(Path output) throws SiegeException {
    Path file = lockFile(output);
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = readOwner(channel);
        channel.close();
        throw new SiegeException(
            "another siege build is writing " + output + (owner.isEmpty() ? "" : " (pid " + owner + ")"),
            "wait for it to finish, or build into another {option:OUTPUT} directory",
            file,
            0,
            null);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      return new OutputLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SiegeException(
          "cannot create the lock file for " + output + ": " + IoMessages.describe(e),
          "check that the output's parent directory is writable",
          file,
          0,
          e);
    }
  }

  private static String readOwner(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing; the original error is what matters.
      }
    }
  }

  /** Releases the lock and removes the lock file. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
