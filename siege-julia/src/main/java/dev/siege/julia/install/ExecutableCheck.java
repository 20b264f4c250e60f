package dev.siege.julia.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Why a path cannot be run as Julia (missing, a directory, not executable), if it cannot. */
public final class ExecutableCheck {

  /** What is wrong with a candidate executable, and how to fix it. */
  public record Problem(String message, String hint) {}

  private ExecutableCheck() {}

  /** Empty when {@code path} is an existing, executable regular file (symlinks followed). */
  public static Optional<Problem> check(Path path) {
    if (!Files.exists(path)) {
      return Optional.of(
          new Problem(
              "Julia executable not found: " + path,
              "pass {option:JULIA} PATH with the path of an existing julia binary, or {option:JULIA_VERSION} X.Y.Z to download one"));
    }
    if (Files.isDirectory(path)) {
      Path inside = path.resolve("bin").resolve("julia");
      return Optional.of(
          new Problem(
              "Julia path is a directory, not the julia executable: " + path,
              Files.isRegularFile(inside)
                  ? "pass {option:JULIA} " + inside
                  : "pass {option:JULIA} with the path of the julia binary (usually <install>/bin/julia)"));
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      return Optional.of(
          new Problem(
              "Julia path is not executable: " + path,
              "make it executable (chmod +x) or pass {option:JULIA} PATH with another julia binary"));
    }
    return Optional.empty();
  }
}
