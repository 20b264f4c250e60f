package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path root = tmp.resolve("julia");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib"));
    Files.writeString(root.resolve("bin/julia"), "ELF");
    Files.setPosixFilePermissions(root.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("lib/libjulia.so.1.10.5"), "lib");
    Files.createSymbolicLink(root.resolve("lib/libjulia.so"), Path.of("libjulia.so.1.10.5"));
    return root;
  }

  @Test
  void theSameTreeHasTheSameDigest() throws Exception {
    Path root = tree();
    assertThat(TreeDigest.of(root)).isEqualTo(TreeDigest.of(root)).hasSize(64);
  }

  @Test
  void aChangedAddedOrRemovedFileChangesTheDigest() throws Exception {
    Path root = tree();
    String before = TreeDigest.of(root);

    Files.writeString(root.resolve("lib/libjulia.so.1.10.5"), "evil");
    String changed = TreeDigest.of(root);
    Files.writeString(root.resolve("lib/libjulia.so.1.10.5"), "lib");
    assertThat(TreeDigest.of(root)).isEqualTo(before);

    Files.writeString(root.resolve("bin/extra"), "");
    String added = TreeDigest.of(root);
    Files.delete(root.resolve("bin/extra"));

    Files.createDirectory(root.resolve("share"));
    String emptyDirAdded = TreeDigest.of(root);
    Files.delete(root.resolve("share"));

    assertThat(changed).isNotEqualTo(before);
    assertThat(added).isNotEqualTo(before);
    assertThat(emptyDirAdded).isNotEqualTo(before);
    assertThat(TreeDigest.of(root)).isEqualTo(before);
  }

  @Test
  void aModeOrALinkTargetChangesTheDigest() throws Exception {
    Path root = tree();
    String before = TreeDigest.of(root);

    Files.setPosixFilePermissions(root.resolve("lib/libjulia.so.1.10.5"), PosixFilePermissions.fromString("rwxr-xr-x"));
    String executable = TreeDigest.of(root);
    Files.setPosixFilePermissions(root.resolve("lib/libjulia.so.1.10.5"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(root.resolve("lib/libjulia.so"));
    Files.createSymbolicLink(root.resolve("lib/libjulia.so"), Path.of("../bin/julia"));
    String relinked = TreeDigest.of(root);

    assertThat(executable).isNotEqualTo(before);
    assertThat(relinked).isNotEqualTo(before);
  }

  @Test
  void aFileMovedToAnotherNameChangesTheDigest() throws Exception {
    Path root = tree();
    String before = TreeDigest.of(root);
    Files.move(root.resolve("bin/julia"), root.resolve("bin/julib"));

    assertThat(TreeDigest.of(root)).isNotEqualTo(before);
  }

  /**
   * Not a timing assertion: prints what the digest costs on a tree the size of an official Julia
   * (about 5,000 files) when {@code -Dsiege.measureTreeDigest=MB} asks for it, with MB in total.
   */
  @Test
  void digestsATreeOfThousandsOfFiles() throws Exception {
    long totalMb = Long.getLong("siege.measureTreeDigest", 5);
    int files = 5000;
    Path root = tmp.resolve("big");
    Random random = new Random(1);
    byte[] block = new byte[(int) Math.max(1, totalMb * 1_000_000 / files)];
    for (int i = 0; i < files; i++) {
      Path f = root.resolve("d" + (i % 50)).resolve("f" + i);
      Files.createDirectories(f.getParent());
      random.nextBytes(block);
      Files.write(f, block);
    }
    long start = System.nanoTime();
    String digest = TreeDigest.of(root);
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (System.getProperty("siege.measureTreeDigest") != null) {
      System.out.println("TreeDigest: " + files + " files, " + totalMb + " MB: " + millis + " ms");
    }
    assertThat(digest).isEqualTo(TreeDigest.of(root));
  }
}
