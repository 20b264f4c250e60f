package dev.siege.core.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The project's preferences file as Base reads it for the active project: {@code
 * JuliaLocalPreferences.toml} beside the project file, else {@code LocalPreferences.toml} (julia
 * base/loading.jl {@code collect_preferences}, which stops at the first of {@code
 * preferences_names} that exists). Julia parses it when a package asks for its preferences, so
 * an invalid file fails on the secure machine, or late in the build: {@code siege check} and the
 * build's checks report it first ({@code preferences-invalid}).
 */
public final class LocalPreferences {
  /** The code of the error for a file that is not valid TOML. */
  public static final String INVALID = "preferences-invalid";

  private static final long MAX_BYTES = 1 << 20;

  private LocalPreferences() {}

  /** The file Base reads in {@code projectDir}, if there is one. */
  public static Optional<Path> file(Path projectDir) {
    for (String name : List.of("JuliaLocalPreferences.toml", "LocalPreferences.toml")) {
      Path f = projectDir.resolve(name);
      if (Files.exists(f)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The packages the file has a table of preferences for; none when it is missing or unreadable. */
  public static Set<String> packages(Path projectDir) {
    Set<String> out = new TreeSet<>();
    parse(projectDir).ifPresent(toml -> {
      if (!toml.hasErrors()) {
        toml.keySet().stream().filter(k -> toml.get(List.of(k)) instanceof TomlTable).forEach(out::add);
      }
    });
    return out;
  }

  /** An error when the file is not valid TOML (or not a readable regular file), at its line. */
  static Optional<Diagnostic> check(Path projectDir) {
    Optional<Path> file = file(projectDir);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Path f = file.get();
    String hint = "fix it: Julia reads it whenever a package asks for its preferences";
    if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
      return Optional.of(Diagnostic.error(INVALID, f, 0, f.getFileName() + " is not a readable file", hint));
    }
    Optional<TomlParseResult> toml = parse(projectDir);
    if (toml.isEmpty()) {
      return Optional.of(Diagnostic.error(INVALID, f, 0, f.getFileName() + " cannot be read as UTF-8 text of at most 1 MiB",
          hint));
    }
    if (toml.get().hasErrors()) {
      var e = toml.get().errors().get(0);
      return Optional.of(Diagnostic.error(INVALID, f, Math.max(e.position() == null ? 0 : e.position().line(), 0),
          f.getFileName() + " is not valid TOML: " + e.getMessage(), hint));
    }
    return Optional.empty();
  }

  private static Optional<TomlParseResult> parse(Path projectDir) {
    Optional<Path> file = file(projectDir);
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try {
      if (Files.size(file.get()) > MAX_BYTES) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(file.get());
      String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return Optional.of(Toml.parse(text));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
