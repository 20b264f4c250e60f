package dev.siege.bundle.sbom;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** A small bundle written by hand: two packages, a stdlib, a JLL artifact, a packed registry. */
public final class SampleBundle {
  public static final UUID FOO = UUID.fromString("11111111-2222-4333-8444-555555555555");
  public static final UUID FOO_JLL = UUID.fromString("22222222-2222-4333-8444-555555555555");
  public static final UUID DATES = UUID.fromString("ade2ca70-3891-5945-98fb-dc099432e06a");
  public static final String FOO_TREE = "0123456789abcdef0123456789abcdef01234567";
  public static final String JLL_TREE = "89abcdef0123456789abcdef0123456789abcdef";
  public static final String ARTIFACT = "fedcba9876543210fedcba9876543210fedcba98";

  private SampleBundle() {}

  public static String mit() throws IOException {
    try (InputStream in = SampleBundle.class.getResourceAsStream("/licenses/MIT.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static BundleMetadata metadata(String name) {
    return new BundleMetadata(BundleMetadata.FORMAT_VERSION, "0.1.0-test", Instant.parse("2026-01-02T03:04:05Z"),
        new BundleMetadata.Julia(Version.parse("1.10.4"), "x86_64", "linux", "glibc", "x86_64-linux-gnu", "48d4fd48430"),
        new BundleMetadata.Sysimage(true, "generic;sandybridge,-xsaveopt,clone_all", List.of(name)),
        new BundleMetadata.Options("portable", "direct_deps", Optional.empty(), Optional.empty(), false, false,
            Optional.empty()),
        Map.of("manifest", "abc"), "00ff00ff00ff", new BundleMetadata.Contents(10, 12345, 2, 1));
  }

  /** Writes the bundle at {@code root}; {@code name} is the first package's name (may be hostile). */
  public static Path write(Path root, String fooLicense) throws IOException {
    Files.createDirectories(root.resolve("env"));
    metadata("Foo").write(root.resolve("siege-bundle.toml"));
    Files.writeString(root.resolve("env/Project.toml"), "name = \"Sample\"\n[deps]\nFoo = \"" + FOO + "\"\n");
    Files.writeString(root.resolve("env/Manifest.toml"), """
        julia_version = "1.10.4"
        manifest_format = "2.0"

        [[deps.Dates]]
        uuid = "%s"

        [[deps.Foo]]
        deps = ["Foo_jll", "Dates"]
        git-tree-sha1 = "%s"
        uuid = "%s"
        version = "1.2.3"

        [[deps.Foo_jll]]
        git-tree-sha1 = "%s"
        uuid = "%s"
        version = "0.5.0+0"
        """.formatted(DATES, FOO_TREE, FOO, JLL_TREE, FOO_JLL));
    Path depot = root.resolve("depot");
    Path foo = Files.createDirectories(depot.resolve(DepotPaths.packageDir("Foo", FOO, FOO_TREE)));
    Files.writeString(foo.resolve("LICENSE.md"), fooLicense);
    Path jll = Files.createDirectories(depot.resolve(DepotPaths.packageDir("Foo_jll", FOO_JLL, JLL_TREE)));
    Files.writeString(jll.resolve("Artifacts.toml"), """
        [[Foo]]
        arch = "x86_64"
        git-tree-sha1 = "%s"
        os = "linux"

            [[Foo.download]]
            sha256 = "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999"
            url = "https://example.org/Foo.v0.5.0.x86_64-linux-gnu.tar.gz"
        """.formatted(ARTIFACT));
    Path artifact = Files.createDirectories(depot.resolve(DepotPaths.artifactDir(ARTIFACT)));
    Files.createDirectories(artifact.resolve("share/licenses/Foo"));
    Files.writeString(artifact.resolve("share/licenses/Foo/LICENSE"), "Own terms: use it as you like.\n");
    Files.write(Files.createDirectories(artifact.resolve("lib")).resolve("libfoo.so"), new byte[4096]);
    Files.createDirectories(root.resolve("sysimage"));
    Files.write(root.resolve("sysimage/sys.so"), new byte[20000]);
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/julia"), "#!/bin/bash\n");
    packedRegistry(depot.resolve("registries"));
    return root;
  }

  /** A packed registry as a package server sends it: {@code General.toml} naming {@code General.tar.gz}. */
  static void packedRegistry(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("General.toml"),
        "git-tree-sha1 = \"" + "1".repeat(40) + "\"\nuuid = \"23338594-aafe-5451-b93e-139f81909106\"\npath = \"General.tar.gz\"\n");
    try (OutputStream out = Files.newOutputStream(dir.resolve("General.tar.gz"));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      entry(tar, "Registry.toml", "name = \"General\"\nuuid = \"23338594-aafe-5451-b93e-139f81909106\"\n"
          + "repo = \"https://github.com/JuliaRegistries/General.git\"\n[packages]\n"
          + FOO + " = { name = \"Foo\", path = \"F/Foo\" }\n" + FOO_JLL + " = { name = \"Foo_jll\", path = \"jll/F/Foo_jll\" }\n");
      entry(tar, "F/Foo/Package.toml", "name = \"Foo\"\nuuid = \"" + FOO + "\"\nrepo = \"https://github.com/example/Foo.jl.git\"\n");
      entry(tar, "jll/F/Foo_jll/Package.toml", "name = \"Foo_jll\"\nuuid = \"" + FOO_JLL
          + "\"\nrepo = \"https://github.com/JuliaBinaryWrappers/Foo_jll.jl.git\"\n");
    }
  }

  private static void entry(TarArchiveOutputStream tar, String name, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
