package dev.siege.bundle.checksum;

import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bundle's tree as the build left it: every directory, regular file and symbolic link with
 * its mode, and each link's target. {@code SHA256SUMS} sees only file contents; this record,
 * written beside it as {@value #FILE_NAME} and listed in it, lets {@code siege verify} see a
 * removed, added or retargeted link and a changed mode too.
 *
 * <p>Format (UTF-8, one entry per line, sorted by path, after a first line naming the format):
 *
 * <pre>
 * # siege tree record 1
 * d 0755 .
 * f 0755 bin/julia
 * l 0777 depot/artifacts/0123/lib/libfoo.so&lt;TAB&gt;libfoo.so.1
 * </pre>
 *
 * The type ({@code d} directory, {@code f} regular file, {@code l} symbolic link), the mode in
 * four octal digits (setuid, setgid and sticky bits included; a link's is always {@code 0777}),
 * the path relative to the bundle ({@code .} for the bundle itself), and for a link a TAB and its
 * target as stored. As in {@code sha256sum}'s format, a line whose path or target holds a
 * backslash, newline, carriage return or TAB starts with {@code \} and writes them as {@code \\},
 * {@code \n}, {@code \r}, {@code \t}. {@code SHA256SUMS} and the record itself are not listed.
 *
 * @param entries path to entry, sorted
 */
public record TreeRecord(SortedMap<String, Entry> entries) {
  /** The record's name at the bundle's top, beside {@code SHA256SUMS}. */
  public static final String FILE_NAME = BundleLayout.TREE_RECORD;

  /** The first line of the file; a later format would change the number. */
  public static final String HEADER = "# siege tree record 1";

  /** The largest record read: a real one is a few MB (one short line per entry). */
  public static final int MAX_BYTES = 64 << 20;

  /** What an entry is; {@link #letter} is how the file writes it. */
  public enum Type {
    DIRECTORY('d'),
    FILE('f'),
    LINK('l');

    private final char letter;

    Type(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }

    /** "a directory", "a regular file", "a symbolic link". */
    public String describe() {
      return this == DIRECTORY ? "a directory" : this == FILE ? "a regular file" : "a symbolic link";
    }
  }

  /**
   * One entry.
   *
   * @param mode permission bits with setuid/setgid/sticky ({@code 07777} at most)
   * @param target a link's target as stored, null for the other types
   */
  public record Entry(Type type, int mode, String target) {
    public Entry {
      Objects.requireNonNull(type, "type");
      if ((type == Type.LINK) != (target != null)) {
        throw new IllegalArgumentException("a target goes with links only");
      }
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException("not a mode: " + Integer.toOctalString(mode));
      }
    }

    /** {@code 0755}. */
    public String octalMode() {
      return String.format(Locale.ROOT, "%04o", mode);
    }
  }

  public TreeRecord {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /**
   * Records every entry below {@code root} (links are not followed), leaving out {@code
   * SHA256SUMS} and the record.
   *
   * @throws IOException if the tree cannot be read, holds a special file (fifo, socket, device),
   *     or a name SIEGE cannot handle (see {@link FileNames})
   */
  public static TreeRecord compute(Path root) throws IOException {
    SortedMap<String, Entry> entries = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            Sha256Sums.requireRepresentable(dir);
            entries.put(name(root, dir), new Entry(Type.DIRECTORY, mode(dir, attrs), null));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Sha256Sums.requireRepresentable(file);
            String name = name(root, file);
            if (attrs.isSymbolicLink()) {
              entries.put(name, new Entry(Type.LINK, 0777, linkTarget(file)));
            } else if (attrs.isRegularFile()) {
              if (!name.equals(BundleLayout.CHECKSUMS) && !name.equals(FILE_NAME)) {
                entries.put(name, new Entry(Type.FILE, mode(file, attrs), null));
              }
            } else if (attrs.isDirectory()) {
              entries.put(name, new Entry(Type.DIRECTORY, mode(file, attrs), null)); // past the depth limit: none
            } else {
              throw new java.nio.file.FileSystemException(
                  file.toString(), null, "a special file (fifo, socket or device) has no place in a bundle");
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new TreeRecord(entries);
  }

  /**
   * Writes the record of {@code root} (whose modes are final) beside its {@code SHA256SUMS},
   * which {@code sums} holds, and lists the record there too. The record takes the mode and group
   * of {@code SHA256SUMS} and is written aside then renamed, so a file it replaces (a hard link
   * into another bundle, say) is never written through. Returns the sums with the record.
   */
  public static Sha256Sums writeBeside(Path root, Sha256Sums sums) throws IOException {
    Path sumsFile = root.resolve(BundleLayout.CHECKSUMS);
    Path file = root.resolve(FILE_NAME);
    Path temp = root.resolve("." + FILE_NAME + ".part");
    Files.deleteIfExists(temp);
    try {
      Files.writeString(temp, compute(root).format(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      if (view != null && Files.isRegularFile(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
        PosixFileAttributes like = Files.readAttributes(sumsFile, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!like.group().equals(view.readAttributes().group())) {
          view.setGroup(like.group());
        }
        view.setPermissions(like.permissions());
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    Map<String, String> withRecord = new TreeMap<>(sums.entries());
    withRecord.put(FILE_NAME, Sha256Sums.hash(file));
    Sha256Sums updated = new Sha256Sums(new TreeMap<>(withRecord));
    // In place: SHA256SUMS keeps the mode and group it was given.
    Files.writeString(sumsFile, updated.format(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    return updated;
  }

  /** Reads a record of at most {@link #MAX_BYTES}, refused (naming it) when it is not a regular file. */
  public static TreeRecord read(Path file) throws SiegeException {
    return parse(RegularFiles.read(file, MAX_BYTES), file);
  }

  /** Parses a record's bytes (e.g. an archive entry); {@code file} names them in errors. */
  public static TreeRecord parse(byte[] content, Path file) throws SiegeException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new SiegeException("tree record is not valid UTF-8", "rebuild the bundle", file, 0, e);
    }
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new SiegeException(
          "not a tree record of a known format (first line \"" + abbreviate(lines[0]) + "\")",
          "expected \"" + HEADER + "\": verify it with the SIEGE version that built it",
          file,
          1,
          null);
    }
    SortedMap<String, Entry> entries = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1) {
        break;
      }
      Map.Entry<String, Entry> parsed = parseLine(line);
      if (parsed == null) {
        throw new SiegeException(
            "not a tree record line: \"" + abbreviate(line) + "\"",
            "each line is: type (d, f or l), four octal digits, a space, the path [TAB link target]",
            file,
            i + 1,
            null);
      }
      if (entries.put(parsed.getKey(), parsed.getValue()) != null) {
        throw new SiegeException("entry listed twice: " + parsed.getKey(), null, file, i + 1, null);
      }
    }
    return new TreeRecord(entries);
  }

  /** The file's content. */
  public String format() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    entries.forEach(
        (name, e) -> {
          boolean escape = needsEscape(name) || (e.target() != null && needsEscape(e.target()));
          if (escape) {
            sb.append('\\');
          }
          sb.append(e.type().letter()).append(' ').append(e.octalMode()).append(' ');
          sb.append(escape ? escape(name) : name);
          if (e.target() != null) {
            sb.append('\t').append(escape ? escape(e.target()) : e.target());
          }
          sb.append('\n');
        });
    return sb.toString();
  }

  private static Map.Entry<String, Entry> parseLine(String line) {
    boolean escaped = line.startsWith("\\");
    String s = escaped ? line.substring(1) : line;
    if (s.length() < 8 || s.charAt(1) != ' ' || s.charAt(6) != ' ') {
      return null;
    }
    Type type = null;
    for (Type t : Type.values()) {
      if (t.letter() == s.charAt(0)) {
        type = t;
      }
    }
    String octal = s.substring(2, 6);
    if (type == null || !octal.chars().allMatch(c -> c >= '0' && c <= '7')) {
      return null;
    }
    String rest = s.substring(7);
    int tab = rest.indexOf('\t');
    if ((type == Type.LINK) != (tab >= 0)) {
      return null;
    }
    String name = tab >= 0 ? rest.substring(0, tab) : rest;
    String target = tab >= 0 ? rest.substring(tab + 1) : null;
    if (escaped) {
      name = unescape(name);
      target = target == null ? null : unescape(target);
    }
    if (name.isEmpty() || (target != null && target.isEmpty())) {
      return null;
    }
    return Map.entry(name, new Entry(type, Integer.parseInt(octal, 8), target));
  }

  private static boolean needsEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        return true;
      }
    }
    return false;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String name(Path root, Path p) {
    return p.equals(root) ? "." : Sha256Sums.relativeName(root, p);
  }

  /** The mode of a file or directory with its setuid/setgid/sticky bits where the system has them. */
  public static int mode(Path p, BasicFileAttributes attrs) throws IOException {
    try {
      return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Set<PosixFilePermission> perms =
          attrs instanceof PosixFileAttributes posix
              ? posix.permissions()
              : Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
      int mode = 0;
      for (PosixFilePermission perm : perms) {
        mode |= 1 << (8 - perm.ordinal()); // declared OWNER_READ ... OTHERS_EXECUTE: bit 8 down to 0
      }
      return mode;
    }
  }

  /** A link's target with {@code /} separators. */
  public static String linkTarget(Path link) throws IOException {
    Path target = Files.readSymbolicLink(link);
    if (!FileNames.representable(target)) {
      throw new java.nio.file.FileSystemException(FileNames.bytes(link), null, "link target: " + FileNames.problem());
    }
    String sep = target.getFileSystem().getSeparator();
    return sep.equals("/") ? target.toString() : target.toString().replace(sep, "/");
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
