package dev.siege.julia.script;

import dev.siege.core.plan.JuliaScript;
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
 * SIEGE runs"): one per {@link JuliaScript} plus {@link #PROTOCOL}, which every script includes.
 */
public final class Scripts {

  /** The resource folder holding the scripts. */
  public static final String RESOURCE_DIR = "/dev/siege/julia/scripts/";

  /** Shared helpers every script {@code include}s: parameters and {@link ScriptProtocol} lines. */
  public static final String PROTOCOL = "siege_protocol.jl";

  /** Shared helpers of the scripts that select artifacts for a platform (instantiate, target check). */
  public static final String ARTIFACTS = "siege_artifacts.jl";

  private Scripts() {}

  /** Every script file name: the purposes' scripts and {@link #PROTOCOL}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (JuliaScript p : JuliaScript.values()) {
      if (p.fileName() != null) {
        names.add(p.fileName());
      }
    }
    names.add(PROTOCOL);
    names.add(ARTIFACTS);
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
   * Copies {@code purpose}'s script and the helpers it may include ({@link #PROTOCOL}, {@link
   * #ARTIFACTS}) into {@code dir} and returns the script's path.
   *
   * @throws IllegalArgumentException for {@link JuliaScript#VERSION}, which runs no script
   */
  public static Path extract(JuliaScript purpose, Path dir) throws IOException {
    if (purpose.fileName() == null) {
      throw new IllegalArgumentException(purpose + " runs no script");
    }
    for (String name : List.of(purpose.fileName(), PROTOCOL, ARTIFACTS)) {
      try (InputStream in = open(name)) {
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir.resolve(purpose.fileName());
  }

  private static InputStream open(String name) {
    InputStream in = Scripts.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IllegalStateException("script resource missing from the jar: " + RESOURCE_DIR + name);
    }
    return in;
  }
}
