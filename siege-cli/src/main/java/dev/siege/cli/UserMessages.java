package dev.siege.cli;

import dev.siege.core.SiegeException;
import dev.siege.core.io.IoMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user reads of a failure: plain words, never a Java class name. Messages from the JDK
 * and from libraries often carry one ({@code java.io.IOException: ...} when an exception wraps
 * another, {@code AccessDeniedException} as a reason); the CLI's error rendering passes every
 * message through {@link #plain}.
 */
final class UserMessages {
  /** What a name means; said even when a message follows (it is then usually just a path). */
  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("AccessDeniedException", "permission denied"),
      Map.entry("NoSuchFileException", "no such file or directory"),
      Map.entry("FileAlreadyExistsException", "already exists"),
      Map.entry("DirectoryNotEmptyException", "directory not empty"),
      Map.entry("NotDirectoryException", "not a directory"),
      Map.entry("NotLinkException", "not a symbolic link"),
      Map.entry("FileSystemLoopException", "symbolic link loop"),
      Map.entry("AtomicMoveNotSupportedException", "cannot move atomically"),
      Map.entry("MalformedInputException", "text or name not valid in the expected encoding"),
      Map.entry("UnmappableCharacterException", "text or name not valid in the expected encoding"),
      Map.entry("OutOfMemoryError", "out of memory"),
      Map.entry("StackOverflowError", "too deeply nested"));

  /** What a name means when nothing follows it; left out before a message, which says more. */
  private static final Map<String, String> GENERIC = Map.of(
      "IOException", "input/output error",
      "UncheckedIOException", "input/output error",
      "FileSystemException", "input/output error",
      "EOFException", "unexpected end of file",
      "ClosedByInterruptException", "interrupted",
      "InterruptedException", "interrupted",
      "InvalidPathException", "not a usable path");

  /**
   * A class name: qualified in a package of the JDK or of a library SIEGE uses (any simple
   * name), or one of the JDK's own names above, which its file-system exceptions print bare.
   * Julia's own names ({@code LoadError}, {@code ArgumentError}) in Julia's output stay as they are.
   */
  private static final Pattern CLASS_NAME = Pattern.compile(
      "\\b(?:(?:java|javax|jdk|sun|com\\.sun|org\\.tomlj|org\\.antlr|org\\.apache|com\\.fasterxml"
          + "|picocli)(?:\\.[a-z_$][\\w$]*)*\\.([A-Z][\\w$]*(?:\\$[\\w$]+)*)"
          + "|(" + String.join("|", WORDS.keySet()) + "|" + String.join("|", GENERIC.keySet()) + "))\\b(: ?)?");

  private UserMessages() {}

  /** {@code message} with each Java class name replaced by what it means, or left out. */
  static String plain(String message) {
    Matcher m = CLASS_NAME.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      boolean followed = m.group(3) != null;
      String word = WORDS.get(name);
      String replacement = word != null ? word + (followed ? ": " : "")
          : followed ? "" : GENERIC.getOrDefault(name, "unexpected error");
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    String s = sb.toString().strip();
    return s.isEmpty() ? "unexpected error" : s;
  }

  /** A failure in plain words: I/O errors as {@link IoMessages} says them, anything else by its message. */
  static String describe(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return describe(u.getCause());
    }
    String name = t.getClass().getSimpleName();
    String word = WORDS.get(name);
    if (t instanceof FileSystemException fse && fse.getReason() == null && word != null && fse.getFile() != null) {
      // IoMessages knows the common ones; the rest would read "failed: PATH".
      return word + ": " + fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
    }
    if (t instanceof IOException io && (io.getMessage() != null || io instanceof FileSystemException)) {
      return plain(IoMessages.describe(io));
    }
    String message = t instanceof SiegeException se ? se.rawMessage() : t.getMessage();
    if (message == null || message.isBlank()) {
      return word != null ? word : GENERIC.getOrDefault(name, "unexpected error (no details)");
    }
    String plain = plain(message);
    return word != null && !plain.startsWith(word) ? word + ": " + plain : plain;
  }
}
