package dev.siege.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.siege.cli.console.ConsoleText;
import java.io.PrintWriter;

/**
 * The one JSON writer of the CLI ({@code --json} output): pretty, stable key order. Every
 * character {@link ConsoleText#safe} would escape is written as a JSON {@code \}{@code uXXXX}
 * escape, so the output holds no control character, reads back exactly, and passes the console
 * writer unchanged.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  static {
    MAPPER.getFactory().setCharacterEscapes(new TerminalEscapes());
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Writes one {@code --json} output: {@code body}'s entries and its {@code "format"}, the
   * version of that output's shape (raised when a key changes meaning or goes away).
   */
  public static void print(PrintWriter out, int format, java.util.Map<String, ?> body) {
    java.util.Map<String, Object> versioned = new java.util.LinkedHashMap<>();
    versioned.put("format", format);
    versioned.putAll(body);
    print(out, versioned);
  }

  /** Writes {@code value} (maps, lists, records, strings, numbers) as JSON and a newline. */
  public static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the JSON output", e);
    }
  }

  /**
   * Jackson escapes C0 controls by default (JSON requires it) but writes DEL, C1 controls and
   * the bidirectional overrides as they are.
   */
  private static final class TerminalEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= Character.MAX_VALUE && ConsoleText.isEscaped((char) ch)
          ? new SerializedString(String.format("\\u%04X", ch))
          : null;
    }
  }
}
