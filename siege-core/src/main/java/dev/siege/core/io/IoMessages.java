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
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
