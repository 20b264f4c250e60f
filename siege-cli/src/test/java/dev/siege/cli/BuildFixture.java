package dev.siege.cli;

import dev.siege.testkit.FakeJuliaExecutable;
import dev.siege.testkit.TestProjects;
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
 * Fixtures of the end-to-end CLI tests: the testkit's {@link TestProjects#CSV_JLL} project, its fake {@code julia} as a real executable that logs
 * every call, and a hash of a directory tree to show a bundle was left alone.
 */
final class BuildFixture {
  private BuildFixture() {}

  /** Writes the catalogue's {@link TestProjects#CSV_JLL} project into {@code dir} and returns {@code dir}. */
  static Path project(Path dir) throws IOException {
    return TestProjects.CSV_JLL.write(dir);
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * That {@code depot} holds every artifact the JLLs' Artifacts.toml list for {@code arch} and
   * {@code os} (lazy ones and every CUDA variant included) and no other.
   */
  static void assertArtifactsAreExactlyThoseOf(Path depot, String arch, String os, List<String> jlls)
      throws IOException {
    List<String> installed;
    try (java.util.stream.Stream<Path> s = Files.list(depot.resolve("artifacts"))) {
      installed = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (String pkg : jlls) {
      Path dir;
      try (java.util.stream.Stream<Path> s = Files.list(depot.resolve("packages/" + pkg))) {
        dir = s.findFirst().orElseThrow();
      }
      org.tomlj.TomlParseResult toml = org.tomlj.Toml.parse(dir.resolve("Artifacts.toml"));
      for (String name : toml.keySet()) {
        org.tomlj.TomlArray entries = toml.getArray(name);
        for (int i = 0; i < entries.size(); i++) {
          org.tomlj.TomlTable t = entries.getTable(i);
          String hash = t.getString("git-tree-sha1");
          if (arch.equals(t.getString("arch")) && os.equals(t.getString("os"))) {
            org.assertj.core.api.Assertions.assertThat(installed).as(pkg + " " + arch + " " + t.getString("cuda"))
                .contains(hash);
            expected.add(hash);
          } else {
            org.assertj.core.api.Assertions.assertThat(installed)
                .as(pkg + " " + t.getString("arch") + " " + t.getString("os") + " " + t.getString("libc"))
                .doesNotContain(hash);
          }
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(installed).containsExactlyInAnyOrderElementsOf(expected);
  }
}
