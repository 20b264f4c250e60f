package dev.siege.cli.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The log file of one build: every line stamped with the date and time (ISO-8601 with offset),
 * after a header line {@code # siege build log <date> siege <version>: <command>}.
 *
 * <p>Nothing is written before {@link #start()}, which the console calls once the build's input
 * and output checks have passed (its first step starts): a refused build writes no file. Lines
 * logged earlier wait in memory. Then the log is written to a partial file and flushed line by
 * line, so a build killed with SIGKILL leaves what it had logged; {@link #keep()} renames it to
 * the log, {@link #discard()} deletes it (a build that had nothing to do keeps the log of the
 * build that made the bundle).
 *
 * <p>Only a log SIEGE wrote is ever replaced: a file at the log's place that does not start with
 * the header (a user's own {@code results.log}), a link or anything but a regular file is left
 * alone, and the log goes to a new file in the fallback directory (SIEGE's cache) instead. A
 * partial log a killed build left behind becomes the log when the next build starts.
 */
public final class BuildLog {
  /** How every log SIEGE writes starts; a file without it is never replaced. */
  public static final String HEADER = "# siege build log";

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final Path target;
  private final Path partial;
  private final Path fallbackDir;
  private final String header;
  private final List<String> pending = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private BufferedWriter out;
  private Path file;
  private Path writing;
  private boolean ended;

  /**
   * @param target the log a user reads, e.g. {@code build.log} beside the output
   * @param partial where the log is written while the build runs (on the target's file system)
   * @param fallbackDir where the log goes when {@code target} is not a log SIEGE wrote
   * @param version SIEGE's version, for the header
   * @param command the command line, for the header
   */
  public BuildLog(Path target, Path partial, Path fallbackDir, String version, String command) {
    this.target = target.toAbsolutePath();
    this.partial = partial.toAbsolutePath();
    this.fallbackDir = fallbackDir.toAbsolutePath();
    this.header = HEADER + " " + now() + " siege " + version + ": " + ConsoleText.safe(command);
  }

  /** Where the log is (or will be once kept); null before {@link #start()} and when it failed. */
  public synchronized Path file() {
    return file;
  }

  /** Whether {@link #start()} has opened the file. */
  public synchronized boolean started() {
    return out != null;
  }

  /** Logs {@code text} (one line, already escaped) with the current date and time. */
  public synchronized void line(String text) {
    if (ended) {
      return;
    }
    String stamped = now() + " " + text;
    if (out == null) {
      pending.add(stamped);
      return;
    }
    try {
      out.write(stamped);
      out.newLine();
      out.flush(); // to the OS: a SIGKILL of this process loses nothing logged
    } catch (IOException e) {
      // A log that cannot be written must not fail the build; the console shows it all.
    }
  }

  /**
   * Opens the log file and writes the header and the lines logged so far.
   *
   * @return what the user should be told (the log went elsewhere, an interrupted build's log was
   *     kept), one line each
   * @throws IOException when no log file can be created at all
   */
  public synchronized List<String> start() throws IOException {
    if (out != null || ended) {
      return List.of();
    }
    if (isSiegeLogOrAbsent(target)) {
      file = target;
      writing = partial;
      if (Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) && startsWithHeader(partial)) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        notices.add("the log of an interrupted build was kept as " + target);
      }
    } else {
      Files.createDirectories(fallbackDir);
      String name = target.getFileName().toString().replaceFirst("\\.log$", "");
      String time = OffsetDateTime.now().format(FILE_TIME);
      file = fallbackDir.resolve(name + "-" + time + ".log");
      writing = file;
      notices.add(target + " is not a log SIEGE wrote, so it is left alone; this build's log is " + file);
      if (Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) && startsWithHeader(partial)) {
        Path kept = fallbackDir.resolve(name + "-" + time + "-interrupted.log");
        Files.move(partial, kept);
        notices.add("the log of an interrupted build was kept as " + kept);
      }
    }
    Files.createDirectories(writing.getParent());
    Files.deleteIfExists(writing); // a link planted there is removed, never followed
    out = Files.newBufferedWriter(writing, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    out.write(header);
    out.newLine();
    for (String l : pending) {
      out.write(l);
      out.newLine();
    }
    pending.clear();
    out.flush();
    return List.copyOf(notices);
  }

  /** Puts this run's log in place (of the previous one). */
  public synchronized void keep() throws IOException {
    end(true);
  }

  /** Drops this run's log, leaving the previous one as it was. */
  public synchronized void discard() throws IOException {
    end(false);
  }

  private void end(boolean keep) throws IOException {
    if (ended) {
      return;
    }
    ended = true;
    pending.clear();
    if (out == null) {
      return; // never started: nothing was written
    }
    out.close();
    if (!keep) {
      Files.deleteIfExists(writing);
      file = null;
    } else if (!writing.equals(file)) {
      if (!isSiegeLogOrAbsent(file)) { // replaced by someone else's file while the build ran
        throw new IOException(file + " is no longer a log SIEGE wrote; this build's log stays in " + writing);
      }
      Files.move(writing, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Whether {@code file} may be replaced: absent, or a regular file that starts with the header. */
  static boolean isSiegeLogOrAbsent(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && startsWithHeader(file);
  }

  private static boolean startsWithHeader(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] head = in.readNBytes(HEADER.length() + 1);
      String s = new String(head, StandardCharsets.UTF_8);
      return s.equals(HEADER + " ");
    } catch (IOException e) {
      return false;
    }
  }

  private static String now() {
    return OffsetDateTime.now().format(TIME);
  }
}
