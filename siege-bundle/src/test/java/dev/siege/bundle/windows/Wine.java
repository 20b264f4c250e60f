package dev.siege.bundle.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs batch files under Wine's {@code cmd.exe} (Debian package {@code wine64}), with one Wine
 * prefix per module build ({@code target/wine-prefix}, created on first use in a few seconds).
 *
 * <p>Like the shellcheck tests: under {@code CI=true} a missing Wine fails the test (.ci/run
 * installs it); elsewhere the test is reported as skipped with the reason.
 */
final class Wine {
  private static final Path WINE64 = Path.of("/usr/lib/wine/wine64");
  /** Wine's own Windows programs are real PE files here (Debian's wine64, Wine 8). */
  private static final Path PROGRAMS = Path.of("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows");
  private static Path prefix;

  private Wine() {}

  /** Fails (CI) or skips (elsewhere) when Wine is missing; creates the shared prefix once. */
  static void require() throws IOException, InterruptedException {
    boolean present = Files.isExecutable(WINE64) && Files.isRegularFile(PROGRAMS.resolve("cscript.exe"));
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(present).as("CI=true but Wine is not installed: install the Debian package wine64 (.ci/run does)").isTrue();
    }
    assumeThat(present).as("Wine is not installed: install the Debian package wine64 to run the bin\\julia.cmd tests").isTrue();
    synchronized (Wine.class) {
      if (prefix == null) {
        Path dir = Path.of("target", "wine-prefix").toAbsolutePath();
        Files.createDirectories(dir);
        prefix = dir;
        Result boot = start(List.of(WINE64.toString(), "cmd", "/c", "exit 0"), Map.of());
        assertThat(boot.exitCode()).as("creating the Wine prefix: %s", boot).isZero();
      }
    }
  }

  /**
   * Maps drive {@code letter}: to {@code target} in the shared prefix until closed (Wine reads
   * its drives from the prefix's {@code dosdevices} links). The tests of one class run one after
   * another, so a letter no other test uses is free.
   */
  static AutoCloseable drive(char letter, Path target) throws IOException {
    Path link = prefix.resolve("dosdevices").resolve(Character.toLowerCase(letter) + ":");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target.toAbsolutePath());
    return () -> Files.deleteIfExists(link);
  }

  /** A real Windows console program to stand in for julia.exe: Wine's cscript.exe. */
  static Path cscript() {
    return PROGRAMS.resolve("cscript.exe");
  }

  /** {@code path} as Windows programs under Wine see it (drive Z: is the Unix root). */
  static String windowsPath(Path path) {
    return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
  }

  /**
   * Runs {@code commandLine} as the last line of a batch file in {@code dir}, as if typed at a
   * cmd prompt, after setting {@code env} in Windows (a null value unsets). Values reach cmd
   * through the Unix environment, so they may hold any character; {@code commandLine} must be
   * ASCII and may refer to them as {@code %NAME%}.
   */
  static Result cmd(Path dir, Map<String, String> env, String commandLine) throws IOException, InterruptedException {
    StringBuilder driver = new StringBuilder("@echo off\r\n");
    Map<String, String> unixEnv = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getValue() == null) {
        driver.append("set \"").append(e.getKey()).append("=\"\r\n");
      } else {
        String carrier = "SIEGE_TEST_VALUE_" + i++;
        unixEnv.put(carrier, e.getValue());
        driver.append("set \"").append(e.getKey()).append("=%").append(carrier).append("%\"\r\n");
        driver.append("set \"").append(carrier).append("=\"\r\n");
      }
    }
    driver.append(commandLine).append("\r\n");
    Path file = Files.createTempFile(dir, "driver", ".cmd");
    Files.writeString(file, driver, StandardCharsets.US_ASCII);
    return start(List.of(WINE64.toString(), "cmd", "/c", windowsPath(file)), unixEnv);
  }

  private static Result start(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    Map<String, String> pe = pb.environment();
    pe.keySet().removeIf(k -> k.startsWith("SIEGE_") || k.startsWith("JULIA_"));
    pe.put("WINEPREFIX", prefix.toString());
    pe.put("WINEDEBUG", "-all");
    pe.putAll(env);
    Path out = Files.createTempFile("wine", ".out");
    Path err = Files.createTempFile("wine", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("wine did not finish within 120 s: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.ISO_8859_1).replace("\r\n", "\n"),
          Files.readString(err, StandardCharsets.ISO_8859_1).replace("\r\n", "\n"));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {
    /** The lines of the fake Julia's report that start with {@code key=}, without the key. */
    List<String> values(String key) {
      List<String> found = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.startsWith(key + "=")) {
          found.add(line.substring(key.length() + 1));
        }
      }
      return found;
    }

    String value(String key) {
      List<String> v = values(key);
      assertThat(v).as("%s in %s", key, this).hasSize(1);
      return v.get(0);
    }
  }
}
