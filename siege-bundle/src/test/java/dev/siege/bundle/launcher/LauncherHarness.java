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
 * and a fake {@code julia} reports what it received. {@code uname} and {@code getconf} are fakes
 * of an x86_64 glibc Linux machine, so the tests do not depend on the host.
 *
 * <p>Every run is bounded: a launcher that loops (re-entry) is killed with its whole process
 * group after {@link #TIMEOUT_SECONDS} and the test fails instead of hanging.
 */
final class LauncherHarness {
  /** What the launcher needs from the system, wrapped into a private PATH directory. */
  private static final List<String> TOOLS = List.of("bash", "env", "mkdir", "readlink");

  static final long TIMEOUT_SECONDS = 20;

  /** The commit every fake Julia reports unless told otherwise (a real one: Julia 1.10.4's). */
  static final String COMMIT = "48d4fd48430af58502699fdf3504b90589df3852";

  final Path base;
  final Path tools;
  final Path home;

  LauncherHarness(Path base) throws IOException {
    this.base = base;
    this.tools = Files.createDirectories(base.resolve("tools"));
    this.home = Files.createDirectories(base.resolve("home"));
    for (String tool : TOOLS) {
      // Wrapper scripts rather than symlinks: JUnit warns about links leaving its temp dir.
      script(tools.resolve(tool), "#!/bin/sh\nexec " + ShellQuote.quote(which(tool).toString()) + " \"$@\"\n");
    }
    writeUname(tools.resolve("uname"), "x86_64", "Linux");
    // glibc's getconf answers GNU_LIBC_VERSION with "glibc <version>".
    script(tools.resolve("getconf"),
        "#!/bin/sh\nif [ \"$1\" = GNU_LIBC_VERSION ]; then echo 'glibc 2.36'; exit 0; fi\n"
            + "echo \"getconf: Unrecognized variable '$1'\" >&2; exit 1\n");
  }

  /** Settings of an x86_64 glibc Linux build with {@link #COMMIT}. */
  static LauncherSettings settings(String version, boolean sysimage) {
    return new LauncherSettings("x86_64", "linux", "glibc", dev.siege.core.version.Version.parse(version), COMMIT,
        sysimage, sysimage ? "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)" : "", "demo-0123abcd");
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

  /** {@link #fakeJulia(Path, String, String)} built from {@link #COMMIT}. */
  static Path fakeJulia(Path path, String version) throws IOException {
    return fakeJulia(path, version, COMMIT);
  }

  /**
   * A fake installed Julia: {@code path} (conventionally {@code <prefix>/bin/julia}) and
   * {@code <prefix>/share/julia/base/version_git.jl} as {@code base/version_git.sh} writes it and
   * {@code make install} copies it. See {@link #fakeJuliaBinary}.
   */
  static Path fakeJulia(Path path, String version, String commit) throws IOException {
    Path base = path.getParent().getParent().resolve("share/julia/base");
    Files.createDirectories(base);
    Files.writeString(base.resolve("version_git.jl"), versionGitJl(commit));
    return fakeJuliaBinary(path, version, commit);
  }

  /** {@code base/version_git.jl} as JuliaLang/julia's {@code base/version_git.sh} generates it. */
  static String versionGitJl(String commit) {
    return dev.siege.testkit.FakeJuliaExecutable.versionGitJl(commit, "1.10.4");
  }

  /**
   * Writes only the fake {@code julia} binary at {@code path} (no installed sources). Like Julia,
   * it answers {@code --version} with {@code julia version X} during option parsing (JULIA-FACTS
   * §7) and {@code -e 'print(Base.GIT_VERSION_INFO.commit)'} with the commit; otherwise it prints
   * its path, argv and the environment variables the launcher controls, NUL-separated. Every call
   * is appended to {@code <path>.calls}.
   */
  static Path fakeJuliaBinary(Path path, String version, String commit) throws IOException {
    Files.createDirectories(path.getParent());
    script(path,
        "#!/usr/bin/env bash\n"
            + "printf '%s\\n' \"$*\" >>\"$0.calls\"\n"
            + "if [[ ${1:-} == --version ]]; then printf 'julia version %s\\n' "
            + ShellQuote.quote(version)
            + "; exit 0; fi\n"
            + "if [[ \" $* \" == *' -e print(Base.GIT_VERSION_INFO.commit) '* ]]; then printf '%s' "
            + ShellQuote.quote(commit)
            + "; exit 0; fi\n"
            + "printf 'exe=%s\\0' \"$0\"\n"
            + "for a in \"$@\"; do printf 'arg=%s\\0' \"$a\"; done\n"
            + "for v in JULIA_PROJECT JULIA_DEPOT_PATH JULIA_PKG_OFFLINE JULIA_LOAD_PATH LD_LIBRARY_PATH"
            + " JULIA_CPU_TARGET SIEGE_LAUNCHER_PIDS; do\n"
            + "  if [[ -n ${!v+x} ]]; then printf 'env=%s=%s\\0' \"$v\" \"${!v}\"; fi\n"
            + "done\n");
    return path;
  }

  /** The argument lists {@code julia} was called with, one line each, or none. */
  static List<String> calls(Path julia) throws IOException {
    Path log = julia.resolveSibling(julia.getFileName() + ".calls");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** A fake {@code uname} of a {@code kernel} machine of type {@code machine}, in a directory of its own. */
  Path fakeUname(String machine, String kernel) throws IOException {
    Path dir = Files.createDirectories(base.resolve("uname-" + machine + "-" + kernel));
    writeUname(dir.resolve("uname"), machine, kernel);
    return dir;
  }

  private static void writeUname(Path uname, String machine, String kernel) throws IOException {
    script(uname, "#!/bin/sh\ncase $1 in\n  -m) echo " + ShellQuote.quote(machine) + " ;;\n  -s) echo "
        + ShellQuote.quote(kernel) + " ;;\n  *) echo 'uname: unexpected call' >&2; exit 1 ;;\nesac\n");
  }

  /**
   * The tools of a musl machine (Alpine) in a directory of their own: musl's {@code getconf}
   * does not know {@code GNU_LIBC_VERSION}; musl's {@code ldd --version} prints its banner on
   * stderr and exits 1.
   */
  Path muslTools() throws IOException {
    Path dir = Files.createDirectories(base.resolve("musl"));
    script(dir.resolve("getconf"), "#!/bin/sh\necho \"getconf: $1: unknown variable\" >&2\nexit 1\n");
    script(dir.resolve("ldd"),
        "#!/bin/sh\nprintf 'musl libc (x86_64)\\nVersion 1.2.4\\nDynamic Program Loader\\n' >&2\nexit 1\n");
    return dir;
  }

  static Path script(Path path, String text) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
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
    return run(argv, env);
  }

  /**
   * Runs {@code argv} in a session of its own (setsid), output to files, and kills the whole
   * process group if it has not finished after {@link #TIMEOUT_SECONDS}.
   */
  Run run(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(which("setsid").toString());
    command.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(base, "stdout", ".txt");
    Path err = Files.createTempFile(base, "stderr", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      // setsid made the launcher a process group leader (pid = pgid): end the group, then it.
      new ProcessBuilder(which("kill").toString(), "-KILL", "--", "-" + p.pid()).start().waitFor();
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish within " + TIMEOUT_SECONDS + " s (a re-entry loop?): "
          + argv + "\n" + tail(err));
    }
    return Run.parse(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file);
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
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
