package dev.siege.bundle.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A launcher template in the jar ({@code julia.sh}, {@code julia.cmd}) filled with build-time
 * values. Placeholders are {@code @NAME@}; the template is read in one pass, so a value that
 * happens to look like a placeholder stays as it is, and every value must have its placeholder
 * and every placeholder its value.
 */
public final class LauncherTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

  private LauncherTemplate() {}

  /**
   * The text of resource {@code name} beside {@code owner}, each placeholder replaced by {@code
   * quote.apply(placeholder, value)}: the quoting of the template's language, which may refuse a
   * value with an {@link IllegalArgumentException}.
   */
  public static String fill(Class<?> owner, String name, Charset charset, Map<String, String> values,
      BiFunction<String, String, String> quote) {
    Matcher m = PLACEHOLDER.matcher(read(owner, name, charset));
    StringBuilder out = new StringBuilder();
    Set<String> used = new HashSet<>();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("launcher template " + name + " has an unknown placeholder " + m.group());
      }
      used.add(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(quote.apply(m.group(1), value)));
    }
    m.appendTail(out);
    if (!used.equals(values.keySet())) {
      throw new IllegalStateException("launcher template " + name + " lacks placeholders for " + values.keySet());
    }
    return out.toString();
  }

  private static String read(Class<?> owner, String name, Charset charset) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the siege-bundle jar");
      }
      return new String(in.readAllBytes(), charset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
