package dev.siege.cli;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A small verified bundle for the review commands: package A ships an MIT license, B ships none. */
final class ReviewBundle {
  static final UUID A = UUID.fromString("00000000-0000-4000-8000-000000000001");
  static final UUID B = UUID.fromString("00000000-0000-4000-8000-000000000002");
  static final String TREE_A = "1".repeat(40);
  static final String TREE_B = "2".repeat(40);
  static final String MIT = """
      MIT License

      Copyright (c) 2024 Somebody

      Permission is hereby granted, free of charge, to any person obtaining a copy
      of this software and associated documentation files (the "Software"), to deal
      in the Software without restriction, including without limitation the rights
      to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
      copies of the Software, and to permit persons to whom the Software is
      furnished to do so, subject to the following conditions:

      The above copyright notice and this permission notice shall be included in all
      copies or substantial portions of the Software.

      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
      OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
      SOFTWARE.
      """;

  private ReviewBundle() {}

  static Path write(Path bundle) throws Exception {
    write(bundle, "bin/julia", "#!/usr/bin/env bash\nexec julia \"$@\"\n");
    Files.setPosixFilePermissions(bundle.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(bundle, "env/Project.toml", "[deps]\nA = \"" + A + "\"\nB = \"" + B + "\"\n");
    write(bundle, "env/Manifest.toml", "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n\n"
        + "[[deps.A]]\ngit-tree-sha1 = \"" + TREE_A + "\"\nuuid = \"" + A + "\"\nversion = \"1.0.0\"\n\n"
        + "[[deps.B]]\ngit-tree-sha1 = \"" + TREE_B + "\"\nuuid = \"" + B + "\"\nversion = \"2.0.0\"\n");
    write(bundle, "depot/" + DepotPaths.packageDir("A", A, TREE_A) + "/LICENSE", MIT);
    write(bundle, "depot/" + DepotPaths.packageDir("A", A, TREE_A) + "/src/A.jl", "module A end\n");
    write(bundle, "depot/" + DepotPaths.packageDir("B", B, TREE_B) + "/src/B.jl", "module B end\n");
    write(bundle, "sysimage/sys.so", "\u007fELF");
    new BundleMetadata(BundleMetadata.FORMAT_VERSION, "0.1.0", Instant.parse("2026-08-01T10:00:00Z"),
            new BundleMetadata.Julia(Version.parse("1.10.4"), "x86_64", "linux", "glibc", "x86_64-linux-gnu", ""),
            new BundleMetadata.Sysimage(true, "generic", List.of("A")),
            new BundleMetadata.Options("generic", "direct_deps", Optional.empty(), Optional.empty(), false, false,
                Optional.empty()),
            Map.of(), "abcdef", BundleMetadata.Contents.measure(bundle, 2, 0))
        .write(bundle.resolve("siege-bundle.toml"));
    Sha256Sums sums = Sha256Sums.compute(bundle, List.of("SHA256SUMS"));
    sums.write(bundle.resolve("SHA256SUMS"));
    TreeRecord.writeBeside(bundle, sums);
    return bundle;
  }

  private static void write(Path bundle, String name, String content) throws Exception {
    Path p = bundle.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
