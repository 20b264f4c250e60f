package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.checksum.Sha256Sums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small bundle-like trees on the real file system, system tools, and tree comparison. */
final class Fixtures {
  static final String LONG_DIR = "d".repeat(60) + "/" + "e".repeat(60);
  static final String LONG_NAME = LONG_DIR + "/" + "f".repeat(150) + ".jl"; // > 255 bytes in all
  static final String MEDIUM_NAME = "depot/packages/" + "m".repeat(90) + ".jl"; // > 100 bytes

  private Fixtures() {}

  /**
   * A bundle-like tree: an executable launcher, a depot with packages and an artifact whose
   * libraries are linked {@code libfoo.so -> libfoo.so.1 -> libfoo.so.1.2.3}, an empty directory,
   * long and non-ASCII names, a "sysimage" of a few MB, metadata and, if asked, SHA256SUMS.
   */
  static Path bundle(Path dir, boolean withSums) throws IOException {
    Files.createDirectories(dir);
    write(dir, "bin/julia", "#!/usr/bin/env bash\nexec julia \"$@\"\n");
    Files.setPosixFilePermissions(dir.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(dir, "siege-bundle.toml", "siege_version = \"0.1.0\"\n");
    write(dir, "env/Project.toml", "[deps]\nExample = \"7876af07-990d-54b4-ab0e-23690620f79a\"\n");
    for (int i = 0; i < 30; i++) {
      write(dir, "depot/packages/Example/aBcDe/src/file" + i + ".jl", "module M" + i + "\nf(x) = x + " + i + "\nend\n".repeat(i + 1));
    }
    Path lib = dir.resolve("depot/artifacts/0123abcd/lib");
    Files.createDirectories(lib);
    Files.write(lib.resolve("libfoo.so.1.2.3"), bytes(50_000, 7, true));
    Files.setPosixFilePermissions(lib.resolve("libfoo.so.1.2.3"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(lib.resolve("libfoo.so.1"), Path.of("libfoo.so.1.2.3"));
    Files.createSymbolicLink(lib.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    Files.createSymbolicLink(dir.resolve("depot/artifacts/current"), Path.of("0123abcd"));
    Files.createSymbolicLink(dir.resolve("depot/dangling"), Path.of("not/there/yet"));
    Files.createDirectories(dir.resolve("depot/registries/empty"));
    write(dir, LONG_NAME, "long name\n");
    Files.createSymbolicLink(dir.resolve("long-link"), Path.of(LONG_NAME));
    write(dir, MEDIUM_NAME, "medium\n");
    write(dir, "env/Ünïcødé ∂ir/naïve.jl", "unicode\n");
    write(dir, "env/with space & $dollar", "quoted\n");
    Files.createDirectories(dir.resolve("sysimage"));
    Files.write(dir.resolve("sysimage/sys.so"), bytes(3_000_000, 42, true));
    Files.write(dir.resolve("depot/random.bin"), bytes(300_000, 3, false));
    if (withSums) {
      Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    }
    return dir;
  }

  static void write(Path root, String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  /** Deterministic bytes, either compressible (text-like) or random. */
  static byte[] bytes(int size, long seed, boolean compressible) {
    Random random = new Random(seed);
    byte[] b = new byte[size];
    if (!compressible) {
      random.nextBytes(b);
      return b;
    }
    String[] words = {"function ", "end\n", "module ", "x", "y", "(", ")", " = ", "ccall", "0x7f", "\t", "return "};
    int i = 0;
    while (i < size) {
      byte[] w = words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
      for (int j = 0; j < w.length && i < size; j++) {
        b[i++] = w[j];
      }
    }
    return b;
  }

  /** Every path below {@code root} described by type, permissions and content or link target. */
  static SortedMap<String, String> describe(Path root) throws IOException {
    SortedMap<String, String> tree = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          tree.put(rel, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          tree.put(rel, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
        } else {
          tree.put(rel, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " " + Sha256Sums.hash(p));
        }
      }
    }
    return tree;
  }

  /** Runs a command in {@code dir}; returns its combined output, failing the test on a non-zero exit. */
  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
    return out;
  }

  /** Extracts with the system tar into a fresh directory {@code into}. */
  static Path extract(Path archive, Path into) throws IOException, InterruptedException {
    Files.createDirectories(into);
    String flag = archive.toString().endsWith(".zst") ? "--zstd" : "-z";
    run(into, "tar", flag, "-xf", archive.toString());
    return into;
  }

  /** Names of the files in {@code dir}, hidden ones included. */
  static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
