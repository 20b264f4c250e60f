package dev.siege.julia.script;

import dev.siege.julia.Purpose;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The static Julia scripts in {@code dev/siege/julia/scripts/} (DESIGN.md, "Julia code that
 * SIEGE runs"): one per {@link Purpose} plus {@link #PROTOCOL}, which every script includes.
 */
public final class Scripts {

  /** The resource folder holding the scripts. */
  public static final String RESOURCE_DIR = "/dev/siege/julia/scripts/";

  /** Shared helpers every script {@code include}s: parameters and {@link ScriptProtocol} lines. */
  public static final String PROTOCOL = "siege_protocol.jl";

  private Scripts() {}

  /** Every script file name: the purposes' scripts and {@link #PROTOCOL}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      if (p.script() != null) {
        names.add(p.script());
      }
    }
    names.add(PROTOCOL);
    return List.copyOf(names);
  }

  /** The text of script {@code name}. */
  public static String text(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies {@code purpose}'s script and {@link #PROTOCOL} into {@code dir} and returns the
   * script's path.
   *
   * @throws IllegalArgumentException for {@link Purpose#VERSION}, which runs no script
   */
  public static Path extract(Purpose purpose, Path dir) throws IOException {
    if (purpose.script() == null) {
      throw new IllegalArgumentException(purpose + " runs no script");
    }
    for (String name : List.of(purpose.script(), PROTOCOL)) {
      try (InputStream in = open(name)) {
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir.resolve(purpose.script());
  }

  private static InputStream open(String name) {
    InputStream in = Scripts.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IllegalStateException("script resource missing from the jar: " + RESOURCE_DIR + name);
    }
    return in;
  }
}
