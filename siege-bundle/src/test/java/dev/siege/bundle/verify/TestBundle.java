package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small hand-made bundle: a few depot files, an executable launcher, metadata and checksums. */
final class TestBundle {
  static final String LAUNCHER_TEXT = "#!/usr/bin/env bash\nexec julia -J \"$here/sysimage/sys.so\" \"$@\"\n";

  private TestBundle() {}

  /** Relative name to content of every regular file (launcher first). */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bin/julia", LAUNCHER_TEXT.getBytes(StandardCharsets.UTF_8));
    files.put("env/Project.toml", "[deps]\nA = \"00000000-0000-0000-0000-000000000001\"\n".getBytes(StandardCharsets.UTF_8));
    files.put("env/Manifest.toml", "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n".getBytes(StandardCharsets.UTF_8));
    files.put("depot/packages/A/x1Yz2/src/A.jl", "module A\ngreet() = \"hi\"\nend\n".getBytes(StandardCharsets.UTF_8));
    files.put("depot/artifacts/0123abcd/lib/libfoo.so.1.2.3", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    files.put("sysimage/sys.so", new byte[4096]);
    return files;
  }

  /** Relative links inside the bundle, the shape Julia artifacts have (JULIA-FACTS §6). */
  static Map<String, String> links() {
    return Map.of(
        "depot/artifacts/0123abcd/lib/libfoo.so.1", "libfoo.so.1.2.3",
        "depot/artifacts/0123abcd/lib/libfoo.so", "libfoo.so.1");
  }

  static BundleMetadata metadata(long files, long bytes, boolean sysimage) {
    return new BundleMetadata(
        BundleMetadata.FORMAT_VERSION,
        "0.1.0",
        Instant.parse("2026-08-01T10:00:00Z"),
        new BundleMetadata.Julia(
            Version.parse("1.10.4"), "x86_64", "linux", "glibc", "x86_64-linux-gnu", ""),
        new BundleMetadata.Sysimage(sysimage, "generic", List.of("A")),
        new BundleMetadata.Options("generic", "direct_deps", Optional.empty(), Optional.empty(), false, false,
            Optional.empty()),
        Map.of("project", "00"),
        "0f".repeat(32),
        new BundleMetadata.Contents(files, bytes, 1, 1));
  }

  /** Writes the bundle into {@code root}: files, links, metadata measured from them, SHA256SUMS. */
  static Path write(Path root) throws IOException {
    for (Map.Entry<String, byte[]> f : files().entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    Files.setPosixFilePermissions(root.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Map.Entry<String, String> l : links().entrySet()) {
      Files.createSymbolicLink(root.resolve(l.getKey()), root.getFileSystem().getPath(l.getValue()));
    }
    BundleMetadata.Contents c = BundleMetadata.Contents.measure(root, 1, 1);
    metadata(c.files(), c.bytes(), true).write(root.resolve("siege-bundle.toml"));
    resum(root);
    return root;
  }

  /** Writes the bundle as {@link #write} does, then its tree record, as a build does. */
  static Path writeWithRecord(Path root) throws IOException {
    write(root);
    rerecord(root);
    return root;
  }

  /** Writes the tree record again and lists it in SHA256SUMS, as a build would after changes. */
  static void rerecord(Path root) throws IOException {
    dev.siege.bundle.checksum.TreeRecord.writeBeside(root, Sha256Sums.compute(root, List.of("SHA256SUMS")));
  }

  /** Recomputes SHA256SUMS, as a build would after changing files. */
  static void resum(Path root) throws IOException {
    Sha256Sums.compute(root, List.of("SHA256SUMS")).write(root.resolve("SHA256SUMS"));
  }
}
