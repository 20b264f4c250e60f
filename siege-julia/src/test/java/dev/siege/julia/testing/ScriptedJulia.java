package dev.siege.julia.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes scripted fake {@code julia} executables (bash) for siege-julia's own tests, which cannot use
 * the testkit's {@code FakeJulia} (the testkit depends on this module). Like Julia they answer {@code
 * --version} with {@code julia version X}, take the script as the second-to-last argument and
 * the parameter file as the last, write to both streams and exit non-zero on failure.
 */
public final class ScriptedJulia {

  private ScriptedJulia() {}

  /** Writes {@code <dir>/bin/julia} running {@code body} (bash) for every call but --version. */
  public static Path create(Path dir, String version, String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path julia = bin.resolve("julia");
    String script = "#!/bin/bash\n"
        + "if [ \"$1\" = \"--version\" ]; then echo \"julia version " + version + "\"; exit 0; fi\n"
        + "SCRIPT=\"${@: -2:1}\"\n"
        + "PARAMS=\"${@: -1}\"\n"
        + body + "\n";
    Files.writeString(julia, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rwxr-xr-x"));
    return julia;
  }

  /** A fake julia that runs {@code body}, answering --version with 1.10.4. */
  public static Path create(Path dir, String body) throws IOException {
    return create(dir, "1.10.4", body);
  }

  /** Single-quotes {@code s} for bash. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
