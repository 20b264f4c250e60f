package dev.siege.julia.probe;

import dev.siege.core.version.Version;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what {@code julia --version} prints: exactly {@code julia version X} (JULIA-FACTS §7). */
public final class VersionOutput {

  private static final Pattern LINE = Pattern.compile("julia version (\\S+)\\s*");

  private VersionOutput() {}

  /** The version in the first line of the form {@code julia version X}, if any. */
  public static Optional<Version> parse(List<String> lines) {
    for (String line : lines) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches() && Version.isValid(m.group(1))) {
        return Optional.of(Version.parse(m.group(1)));
      }
    }
    return Optional.empty();
  }
}
