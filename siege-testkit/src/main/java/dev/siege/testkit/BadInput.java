package dev.siege.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Random;

/**
 * The catalogue of bad inputs: each {@link #apply}s one fault to {@link TestProjects#CSV_JLL}
 * and knows the file, line and words of the error that must name it. Every command and the
 * library must stop on each before a Julia process starts.
 */
public enum BadInput {
  MISSING_DIRECTORY(0, "no such directory"),
  NO_PROJECT_TOML(0, "no Project.toml"),
  PROJECT_TOML_IS_A_DIRECTORY(0, "is a directory"),
  INVALID_UTF8(1, "not valid UTF-8"),
  RANDOM_BYTES(1, "not valid UTF-8"),
  TOML_SYNTAX_ERROR(2, "invalid TOML"),
  DEPS_OF_THE_WRONG_TYPE(1, "must be a table"),
  INVALID_UUID(2, "invalid UUID"),
  INVALID_VERSION(14, "invalid version"),
  UNPARSEABLE_COMPAT(9, "unparseable [compat] entry for julia"),
  DEEPLY_NESTED_ARRAY(1, "nested more than"),
  DUPLICATE_KEYS(10, "duplicate key"),
  MERGE_CONFLICT(1, "merge conflict"),
  STALE_MANIFEST(6, "DataFrames is in [deps] but not in Manifest.toml (the manifest is stale)"),
  UUID_MISMATCH(2, "CSV has uuid " + TestProjects.CSV + " in [deps] but 00000000-0bac-5ca0-87d4-7b16caf5d00b in Manifest.toml");

  private final int line;
  private final String message;

  BadInput(int line, String message) {
    this.line = line;
    this.message = message;
  }

  /** The line the error names (0: it names the file only). */
  public int line() {
    return line;
  }

  /** Words the error's message holds. */
  public String message() {
    return message;
  }

  /** {@code file}, with {@code :line} when the error names a line: how a message starts. */
  public String location(Path file) {
    return line == 0 ? file.toString() : file + ":" + line;
  }

  /**
   * Writes {@link TestProjects#CSV_JLL} into {@code project}, which must not exist yet (nothing
   * at all for {@link #MISSING_DIRECTORY}), breaks it, and returns the file (or directory) the error must name.
   */
  public Path apply(Path project) throws IOException {
    if (Files.exists(project, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(project + " exists: a bad input is made in a new directory");
    }
    if (this == MISSING_DIRECTORY) {
      return project;
    }
    TestProjects.CSV_JLL.write(project);
    Path toml = project.resolve("Project.toml");
    Path manifest = project.resolve("Manifest.toml");
    String deps = "CSV = \"" + TestProjects.CSV + "\"";
    return switch (this) {
      case MISSING_DIRECTORY -> project;
      case NO_PROJECT_TOML -> {
        Files.delete(toml);
        yield project;
      }
      case PROJECT_TOML_IS_A_DIRECTORY -> {
        Files.delete(toml);
        Files.createDirectory(toml);
        yield toml;
      }
      case INVALID_UTF8 -> {
        Files.write(toml, new byte[] {'a', '=', '"', (byte) 0xFF, '"', '\n'});
        yield toml;
      }
      case RANDOM_BYTES -> {
        byte[] bytes = new byte[2048];
        new Random(7).nextBytes(bytes);
        Files.write(toml, bytes);
        yield toml;
      }
      case TOML_SYNTAX_ERROR -> replace(toml, deps, "CSV = \"" + TestProjects.CSV);
      case DEPS_OF_THE_WRONG_TYPE -> write(toml, "deps = \"CSV\"\n");
      case INVALID_UUID -> replace(toml, deps, "CSV = \"336ed68f\"");
      case INVALID_VERSION -> replace(manifest, "\"0.10.14\"", "\"0.10.14.1\"");
      case UNPARSEABLE_COMPAT -> replace(toml, "julia = \"1.10\"", "julia = \"1.10 || 1.11\"");
      case DEEPLY_NESTED_ARRAY -> write(toml, "x = " + "[".repeat(5000) + "]".repeat(5000) + "\n");
      case DUPLICATE_KEYS -> write(toml, TestProjects.PROJECT + "julia = \"1.11\"\n");
      case MERGE_CONFLICT -> write(manifest, "<<<<<<< HEAD\n" + Files.readString(manifest) + "=======\n>>>>>>> theirs\n");
      case STALE_MANIFEST -> replace(toml, "\n[compat]", "DataFrames = \"" + TestProjects.DATA_FRAMES + "\"\n\n[compat]");
      case UUID_MISMATCH -> {
        replace(manifest, TestProjects.CSV, "00000000-0bac-5ca0-87d4-7b16caf5d00b");
        yield toml;
      }
    };
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static Path replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new IllegalStateException(file + " does not hold " + from);
    }
    return write(file, text.replace(from, to));
  }
}
