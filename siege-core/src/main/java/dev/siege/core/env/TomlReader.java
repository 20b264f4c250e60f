package dev.siege.core.env;

import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFiles;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

/**
 * Reads one TOML file into a tomlj table, turning every way a file can be unreadable into a
 * {@link SiegeException} naming the file and line: not a regular file, over {@link #MAX_BYTES},
 * I/O errors, invalid UTF-8, nesting deep
 * enough to overflow tomlj's recursive ANTLR parser, syntax errors, duplicate keys and
 * committed git merge conflicts.
 */
final class TomlReader {
  /**
   * The largest environment file read. tomlj's ANTLR grammar makes every character of a string
   * its own token, with a parse-tree node and an ArrayList of children for each, and builds the
   * whole tree before any value is made: the live heap during a parse is ~230 times the file's
   * size (bench/inspect.sh --memory: a 1 MiB manifest peaks at ~420 MB RSS, 4 MiB at ~1.6 GB).
   * The largest real manifest seen is ~150 KB (about 400 entries); 2 MiB is 13 times that,
   * several thousand entries, and parses within the smallest default heap of a build server.
   */
  public static final long MAX_BYTES = 2 * RegularFiles.MIB;

  /** Julia's environment files nest two or three levels; tomlj overflows near 1000 (1 MB stack). */
  static final int MAX_NESTING = 64;

  private static final Pattern CONFLICT_MARKER =
      Pattern.compile("^(<{7}|={7}|>{7})(?:[ \\t].*)?$", Pattern.MULTILINE);

  private TomlReader() {}

  static TomlParseResult read(Path file) throws SiegeException {
    return parse(file, decode(file, readBytes(file)));
  }

  static byte[] readBytes(Path file) throws SiegeException {
    return RegularFiles.read(file, MAX_BYTES);
  }

  /** Strict UTF-8 (TOML requires it), reporting the line of the first bad byte. */
  static String decode(Path file, byte[] bytes) throws SiegeException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new SiegeException(
          "not valid UTF-8 (bad byte at offset " + in.position() + ")",
          "TOML files must be UTF-8 text; is this the right file?",
          file,
          lineAt(bytes, in.position()),
          null);
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  static TomlParseResult parse(Path file, String text) throws SiegeException {
    checkNesting(file, text);
    TomlParseResult result;
    try {
      result = Toml.parse(text, TomlVersion.V1_0_0);
    } catch (StackOverflowError e) {
      // checkNesting should make this unreachable; never let the Error escape.
      throw new SiegeException(
          "too deeply nested for the TOML parser", "this is not a Julia environment file", file, 0, null);
    } catch (OutOfMemoryError e) {
      // Within MAX_BYTES only a small heap gets here; the parse tree is garbage once unwound.
      throw new SiegeException(
          "too large for the TOML parser in this Java heap (" + text.length() + " characters)",
          "give Java more memory (SIEGE_JAVA_OPTS=-Xmx2g), or check that this is the right file",
          file, 0, null);
    }
    if (result.hasErrors()) {
      Matcher marker = CONFLICT_MARKER.matcher(text);
      if (marker.find()) {
        throw new SiegeException(
            "unresolved git merge conflict (marker " + marker.group(1) + ")",
            "resolve the conflict (keep one side, or re-resolve the environment with Pkg) and commit",
            file,
            lineAt(text, marker.start()),
            null);
      }
      TomlParseError first = result.errors().get(0);
      int more = result.errors().size() - 1;
      boolean duplicate = first.getMessage().contains("previously defined");
      throw new SiegeException(
          (duplicate ? "duplicate key: " : "invalid TOML: ")
              + first.getMessage()
              + (more > 0 ? " (and " + more + " more error" + (more > 1 ? "s" : "") + ")" : ""),
          duplicate
              ? "a key or table may appear only once in a TOML file; remove one of them"
              : "fix the TOML syntax (https://toml.io/en/v1.0.0)",
          file,
          Math.max(0, first.position().line()),
          null);
    }
    return result;
  }

  /**
   * Rejects array/inline-table nesting deeper than {@link #MAX_NESTING} before tomlj sees it: a
   * light scan that skips strings and comments and counts {@code [}/{@code {}.
   */
  private static void checkNesting(Path file, String text) throws SiegeException {
    int depth = 0;
    int line = 1;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> line++;
        case '#' -> {
          while (i + 1 < n && text.charAt(i + 1) != '\n') i++;
        }
        case '"', '\'' -> {
          boolean multi = text.startsWith(String.valueOf(c).repeat(3), i);
          String close = multi ? String.valueOf(c).repeat(3) : String.valueOf(c);
          i += close.length();
          while (i < n && !text.startsWith(close, i)) {
            char d = text.charAt(i);
            if (d == '\n') {
              line++;
              if (!multi) break; // unterminated; the parser reports it
            }
            if (d == '\\' && c == '"') i++;
            i++;
          }
          i += close.length() - 1;
        }
        case '[', '{' -> {
          if (++depth > MAX_NESTING) {
            throw new SiegeException(
                "arrays or inline tables nested more than " + MAX_NESTING + " levels deep",
                "this is not a Julia environment file; check that it is the right file",
                file,
                line,
                null);
          }
        }
        case ']', '}' -> depth = Math.max(0, depth - 1);
        default -> {}
      }
    }
  }

  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') line++;
    }
    return line;
  }

  private static int lineAt(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }
}
