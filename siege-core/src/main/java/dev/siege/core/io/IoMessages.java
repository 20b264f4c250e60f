package dev.siege.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says what an {@link IOException} means in words: the JDK's file-system exceptions carry only
 * the path as their message ("cannot write x: x" tells a user nothing).
 */
public final class IoMessages {
  private IoMessages() {}

  /** e.g. {@code permission denied: /srv/build}, {@code no such file or directory: /x}. */
  public static String describe(IOException e) {
    String what = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof FileAlreadyExistsException ? "already exists"
        : e instanceof DirectoryNotEmptyException ? "directory not empty"
        : e instanceof NotDirectoryException ? "not a directory"
        : null;
    if (e instanceof FileSystemException fse) {
      String file = fse.getFile();
      String reason = what != null ? what : fse.getReason() != null ? fse.getReason() : "failed";
      return file == null ? reason : reason + ": " + file + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host" + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    if (e instanceof java.net.ConnectException) {
      // java.net.http reports an unreachable network or a refused connection with no message.
      return "could not connect" + (e.getMessage() != null ? ": " + e.getMessage() : " (no network, or the server refused)");
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
