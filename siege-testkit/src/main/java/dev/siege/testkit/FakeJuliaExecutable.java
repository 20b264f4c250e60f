package dev.siege.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Installs a fake {@code julia} executable: a bash script that runs {@link FakeJuliaMain} in a
 * new JVM (this JVM's {@code java} and class path), so the CLI, {@code ProcessJuliaRunner} and
 * the bundle launcher can start "Julia" as a real process. Each call starts a JVM (a fraction of
 * a second), so tests should make few.
 */
public final class FakeJuliaExecutable {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * JVM options for a quick start: the fake does little work, so C1 alone and the serial
   * collector are enough.
   */
  private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

  private FakeJuliaExecutable() {}

  /** Writes {@code dir/julia} (creating {@code dir}) and returns its path. */
  public static Path install(Path dir) throws IOException {
    return install(dir, Map.of());
  }

  /**
   * Writes {@code dir/julia} with {@code env} exported before the JVM starts (e.g. {@code
   * SIEGE_FAKE_FAIL}, see {@link FakeJuliaMain}), for callers that cannot set the environment of
   * the process that starts it (a CLI run in-process). These values win over inherited ones.
   */
  public static Path install(Path dir, Map<String, String> env) throws IOException {
    Files.createDirectories(dir);
    Path julia = dir.resolve("julia").toAbsolutePath();
    StringBuilder sb = new StringBuilder("#!/bin/bash\n");
    sb.append("# A fake julia written by SIEGE's testkit (FakeJuliaExecutable): it runs\n");
    sb.append("# dev.siege.testkit.FakeJuliaMain in a JVM. Configure it with SIEGE_FAKE_* variables.\n");
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!NAME.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("not an environment variable name: " + e.getKey());
      }
      sb.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
    }
    sb.append("exec ").append(quote(java())).append(' ').append(JVM_OPTIONS)
        .append(" -D").append(FakeJuliaMain.BINDIR_PROPERTY).append('=').append(quote(julia.getParent().toString()))
        .append(" -cp ").append(quote(System.getProperty("java.class.path")))
        .append(' ').append(FakeJuliaMain.class.getName()).append(" \"$@\"\n");
    Files.writeString(julia, sb.toString(), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rwxr-xr-x"));
    return julia;
  }

  /** This JVM's {@code java} binary. */
  static String java() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Single-quotes {@code s} for bash: every character literal. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
