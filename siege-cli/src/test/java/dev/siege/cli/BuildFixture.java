package dev.siege.cli;

import dev.siege.testkit.FakeJuliaExecutable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fixtures of the end-to-end CLI tests: a Julia project (format 2.0 manifest with registered
 * packages, a JLL and stdlibs), the testkit's fake {@code julia} as a real executable that logs
 * every call, and a hash of a directory tree to show a bundle was left alone.
 */
final class BuildFixture {
  static final String CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";
  static final String DATA_STRUCTURES = "864edb3b-99cc-5e75-8d2d-829cb0a9cfe8";
  static final String OPEN_SPEC_FUN_JLL = "efe28fd5-8261-553b-a9e1-b2916fc3738e";
  static final String JLL_WRAPPERS = "692b3bcd-3c85-4b1f-b108-f13ce0eb3210";
  static final String PREFERENCES = "21216c6a-2e73-6563-6e65-726566657250";
  static final String DATES = "ade2ca70-3891-5945-98fb-dc099432e06a";
  static final String ARTIFACTS = "56f22d72-fd6d-98f1-02f0-08ddc0907c33";
  static final String LIBDL = "8f399da3-3557-5675-b5ff-fb832c97cbdb";
  static final String TOML = "fa267f1f-6049-4f14-aa54-33bafae1ed76";

  /** The project's direct dependencies, in Project.toml order. */
  static final List<String> DIRECT_DEPS = List.of("CSV", "DataStructures", "Dates", "OpenSpecFun_jll");

  static final String PROJECT = "[deps]\n"
      + "CSV = \"" + CSV + "\"\n"
      + "DataStructures = \"" + DATA_STRUCTURES + "\"\n"
      + "Dates = \"" + DATES + "\"\n"
      + "OpenSpecFun_jll = \"" + OPEN_SPEC_FUN_JLL + "\"\n"
      + "\n[compat]\nCSV = \"0.10\"\njulia = \"1.10\"\n";

  private BuildFixture() {}

  /** The fixture's manifest, with DataStructures at {@code dataStructuresVersion}. */
  static String manifest(String dataStructuresVersion) {
    return "# This file is machine-generated - editing it directly is not advised\n\n"
        + "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\nproject_hash = \"" + sha1("project") + "\"\n"
        + entry("Artifacts", ARTIFACTS, null, null)
        + entry("CSV", CSV, "0.10.14", "DataStructures\", \"Dates")
        + entry("DataStructures", DATA_STRUCTURES, dataStructuresVersion, null)
        + entry("Dates", DATES, null, null)
        + entry("JLLWrappers", JLL_WRAPPERS, "1.5.0", "Artifacts\", \"Preferences")
        + entry("Libdl", LIBDL, null, null)
        + entry("OpenSpecFun_jll", OPEN_SPEC_FUN_JLL, "0.5.5+0", "Artifacts\", \"JLLWrappers\", \"Libdl")
        + entry("Preferences", PREFERENCES, "1.4.3", "TOML")
        + entry("TOML", TOML, null, null);
  }

  /** A registered package ({@code version} given) or a stdlib ({@code version} null). */
  private static String entry(String name, String uuid, String version, String deps) {
    StringBuilder sb = new StringBuilder("\n[[deps.").append(name).append("]]\n");
    if (deps != null) {
      sb.append("deps = [\"").append(deps).append("\"]\n");
    }
    if (version != null) {
      sb.append("git-tree-sha1 = \"").append(treeSha1(name, version)).append("\"\n");
    }
    sb.append("uuid = \"").append(uuid).append("\"\n");
    if (version != null) {
      sb.append("version = \"").append(version).append("\"\n");
    }
    return sb.toString();
  }

  /** A stable, made-up tree hash for a package version. */
  static String treeSha1(String name, String version) {
    return sha1("tree:" + name + "@" + version);
  }

  /** Writes the fixture project into {@code dir} and returns {@code dir}. */
  static Path project(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Project.toml"), PROJECT, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("Manifest.toml"), manifest("0.18.20"), StandardCharsets.UTF_8);
    return dir;
  }

  /**
   * Installs the fake {@code julia} as {@code dir/julia-1.10.4/bin/julia}, appending every call to
   * {@code calls}: this machine's architecture (so the bundle launcher accepts it), a small
   * sysimage, and OpenSpecFun_jll's artifact lazy so the build must install lazy artifacts.
   */
  static Path fakeJulia(Path dir, Path calls, Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("SIEGE_FAKE_CALL_LOG", calls.toString());
    env.put("SIEGE_FAKE_ARCH", hostArch());
    env.put("SIEGE_FAKE_SYSIMAGE_BYTES", Integer.toString(64 << 10));
    env.put("SIEGE_FAKE_LAZY_JLLS", "OpenSpecFun_jll");
    env.putAll(extra);
    return FakeJuliaExecutable.install(dir.resolve("julia-1.10.4/bin"), env);
  }

  /**
   * A {@code julia} in {@code dir/bin} that prints {@link Hostile#TEXT} on stderr (as Julia prints
   * whatever a package or a file name holds), then runs {@code julia} as it was called.
   */
  static Path hostileJulia(Path dir, Path julia) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Path wrapper = dir.resolve("bin/julia");
    // Octal bytes, so the shell's locale does not matter: ESC [2J, BEL, U+202E in UTF-8.
    Files.writeString(wrapper, "#!/bin/bash\nprintf 'julia says \\033[2J\\007\\342\\200\\256\\n' >&2\nexec '"
        + julia.toString().replace("'", "'\\''") + "' \"$@\"\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return wrapper;
  }

  /** Julia's {@code Sys.ARCH} for this JVM's machine. */
  static String hostArch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  /** The calls logged so far: one line each, purpose first (none when the log does not exist). */
  static List<String> calls(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The purposes of {@code calls}. */
  static List<String> purposes(List<String> calls) {
    return calls.stream().map(l -> l.split("\t", 2)[0]).toList();
  }

  /** {@code siege build} with a per-test cache. */
  static CliRun build(Path project, Path output, Path julia, Path cache, String... more) {
    List<String> args = new ArrayList<>(List.of("build", project.toString(), "-o", output.toString(),
        "--julia", julia.toString(), "--cache-dir", cache.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * A hash of everything under {@code root}: each path's name, type, permissions and content
   * (a symlink's target, not what it points to), in sorted order.
   */
  static String treeHash(Path root) throws IOException {
    MessageDigest md = sha256();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted().toList()) {
        md.update((root.relativize(p) + "\0").getBytes(StandardCharsets.UTF_8));
        if (Files.isSymbolicLink(p)) {
          md.update(("link " + Files.readSymbolicLink(p)).getBytes(StandardCharsets.UTF_8));
        } else {
          md.update(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
              .getBytes(StandardCharsets.UTF_8));
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            md.update(Files.readAllBytes(p));
          }
        }
        md.update((byte) '\n');
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Copies a bundle (or any tree) with {@code cp -a}: symlinks, modes and read-only dirs kept. */
  static void copyTree(Path from, Path to) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("cp -a " + from + " " + to + " failed");
    }
  }

  /**
   * The SIEGE leftovers beside {@code output}: staging, previous, lock (the stamps file, which
   * outlives every build on purpose, is not one).
   */
  static List<Path> leftovers(Path output) throws IOException {
    String prefix = "." + output.getFileName() + ".siege-";
    String stamps = prefix + "stamps";
    try (Stream<Path> s = Files.list(output.toAbsolutePath().getParent())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && !n.equals(stamps))
          .map(n -> output.toAbsolutePath().getParent().resolve(n)).toList();
    }
  }

  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
