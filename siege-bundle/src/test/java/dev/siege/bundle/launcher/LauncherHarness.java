package dev.siege.bundle.launcher;

import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs generated launchers as real processes with a hermetic environment: PATH holds only the few
 * system tools the launcher needs (so no real Julia can be found) plus directories a test adds,
 * and a fake {@code julia} reports what it received.
 */
final class LauncherHarness {
  /** What the launcher needs from the system, wrapped into a private PATH directory. */
  private static final List<String> TOOLS = List.of("bash", "env", "uname", "mkdir", "readlink");

  final Path base;
  final Path tools;
  final Path home;

  LauncherHarness(Path base) throws IOException {
    this.base = base;
    this.tools = Files.createDirectories(base.resolve("tools"));
    this.home = Files.createDirectories(base.resolve("home"));
    for (String tool : TOOLS) {
      // Wrapper scripts rather than symlinks: JUnit warns about links leaving its temp dir.
      Path wrapper = tools.resolve(tool);
      Files.writeString(wrapper, "#!/bin/sh\nexec " + ShellQuote.quote(which(tool).toString()) + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** A bundle directory with env/, depot/ and (if asked) sysimage/sys.so, plus its launcher. */
  BundleLayout bundle(Path root, LauncherSettings settings) throws IOException {
    BundleLayout layout = BundleLayout.at(root);
    Files.createDirectories(layout.env());
    Files.writeString(layout.env().resolve("Project.toml"), "[deps]\n");
    Files.createDirectories(layout.depot().resolve("packages"));
    if (settings.sysimage()) {
      Files.createDirectories(layout.sysimage().getParent());
      Files.write(layout.sysimage(), new byte[] {0x7f, 'E', 'L', 'F'});
    }
    LauncherWriter.write(layout, settings);
    return layout;
  }

  /**
   * Writes a fake {@code julia} at {@code path}. Like Julia, it answers {@code --version} with
   * {@code julia version X} during option parsing (JULIA-FACTS §7); otherwise it prints its
   * path, argv and the environment variables the launcher controls, NUL-separated.
   */
  static Path fakeJulia(Path path, String version) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(
        path,
        "#!/usr/bin/env bash\n"
            + "if [[ ${1:-} == --version ]]; then printf 'julia version %s\\n' "
            + ShellQuote.quote(version)
            + "; exit 0; fi\n"
            + "printf 'exe=%s\\0' \"$0\"\n"
            + "for a in \"$@\"; do printf 'arg=%s\\0' \"$a\"; done\n"
            + "for v in JULIA_PROJECT JULIA_DEPOT_PATH JULIA_PKG_OFFLINE JULIA_LOAD_PATH LD_LIBRARY_PATH; do\n"
            + "  if [[ -n ${!v+x} ]]; then printf 'env=%s=%s\\0' \"$v\" \"${!v}\"; fi\n"
            + "done\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  /** A fake {@code uname} printing {@code machine} for {@code -m}, in a directory of its own. */
  Path fakeUname(String machine) throws IOException {
    Path dir = Files.createDirectories(base.resolve("uname-" + machine));
    Path uname = dir.resolve("uname");
    Files.writeString(uname, "#!/usr/bin/env bash\nprintf '%s\\n' " + ShellQuote.quote(machine) + "\n");
    Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** The environment a run starts from: HOME and the private PATH (extra dirs first). */
  Map<String, String> env(Path... pathDirs) {
    Map<String, String> env = new HashMap<>();
    StringBuilder path = new StringBuilder();
    for (Path dir : pathDirs) {
      path.append(dir).append(':');
    }
    env.put("PATH", path.append(tools).toString());
    env.put("HOME", home.toString());
    return env;
  }

  Run run(Path command, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(command.toString());
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(base.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path err = Files.createTempFile(base, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish");
    }
    return Run.parse(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
  }

  static Path which(String tool) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no " + tool + " in /usr/bin or /bin");
  }

  /** One launcher run as the fake julia saw it. */
  record Run(int exitCode, String exe, List<String> args, Map<String, String> env, String stderr) {
    static Run parse(int exitCode, String stdout, String stderr) {
      String exe = null;
      List<String> args = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      for (String field : stdout.split("\0")) {
        if (field.startsWith("exe=")) {
          exe = field.substring(4);
        } else if (field.startsWith("arg=")) {
          args.add(field.substring(4));
        } else if (field.startsWith("env=")) {
          int eq = field.indexOf('=', 4);
          env.put(field.substring(4, eq), field.substring(eq + 1));
        }
      }
      return new Run(exitCode, exe, args, env, stderr);
    }

    boolean ranJulia() {
      return exe != null;
    }
  }
}
