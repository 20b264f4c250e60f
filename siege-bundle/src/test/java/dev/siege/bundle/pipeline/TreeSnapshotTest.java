package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSnapshotTest {
  @TempDir Path root;

  @BeforeEach
  void tree() throws Exception {
    Files.createDirectories(root.resolve("depot/packages/CSV/cwX2w/src"));
    Files.writeString(root.resolve("depot/packages/CSV/cwX2w/src/CSV.jl"), "module CSV end\n");
    Files.writeString(root.resolve("env.toml"), "[deps]\n");
    Files.createSymbolicLink(root.resolve("libfoo.so"), Path.of("libfoo.so.1"));
  }

  @Test
  void readingTheTreeChangesNothing() throws Exception {
    TreeSnapshot before = TreeSnapshot.of(root);
    Files.readString(root.resolve("depot/packages/CSV/cwX2w/src/CSV.jl"));

    assertThat(before.changesTo(TreeSnapshot.of(root))).isEmpty();
  }

  @Test
  void namesWhatWasAddedRemovedResizedRetargetedAndMadeWritable() throws Exception {
    TreeSnapshot before = TreeSnapshot.of(root);
    Files.writeString(root.resolve("depot/packages/CSV/cwX2w/deps.log"), "built\n");
    Files.delete(root.resolve("env.toml"));
    Files.writeString(root.resolve("depot/packages/CSV/cwX2w/src/CSV.jl"), "module CSV; x = 1; end\n");
    Files.delete(root.resolve("libfoo.so"));
    Files.createSymbolicLink(root.resolve("libfoo.so"), Path.of("libfoo.so.2"));

    assertThat(before.changesTo(TreeSnapshot.of(root))).containsExactly(
        "depot/packages/CSV/cwX2w/deps.log added",
        "depot/packages/CSV/cwX2w/src/CSV.jl changed size (15 -> 23 bytes)",
        "env.toml removed",
        "libfoo.so now points to libfoo.so.2 (was libfoo.so.1)");
  }

  @Test
  void aModeChangeIsNamed() throws Exception {
    TreeSnapshot before = TreeSnapshot.of(root);
    Files.setPosixFilePermissions(root.resolve("env.toml"), PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThat(before.changesTo(TreeSnapshot.of(root))).singleElement().asString()
        .startsWith("env.toml changed mode (rw-").endsWith("-> rw-rw-rw-)");
  }

  @Test
  void aRewriteThatKeepsSizeAndModificationTimeIsCaughtByTheChangeTime() throws Exception {
    Path file = root.resolve("depot/packages/CSV/cwX2w/src/CSV.jl");
    FileTime mtime = Files.getLastModifiedTime(file);
    TreeSnapshot before = TreeSnapshot.of(root);
    Thread.sleep(20); // the change time must be able to move on a coarse clock
    Files.writeString(file, "module XYZ end\n");
    Files.setLastModifiedTime(file, mtime);

    assertThat(before.changesTo(TreeSnapshot.of(root)))
        .containsExactly("depot/packages/CSV/cwX2w/src/CSV.jl was rewritten (its modification or change time moved)");
  }

  @Test
  void aFileCreatedAndRemovedAgainShowsInItsDirectory() throws Exception {
    TreeSnapshot before = TreeSnapshot.of(root);
    Thread.sleep(20);
    Path temp = root.resolve("depot/packages/CSV/cwX2w/.pidlock");
    Files.writeString(temp, "1234");
    Files.delete(temp);

    assertThat(before.changesTo(TreeSnapshot.of(root)))
        .containsExactly("depot/packages/CSV/cwX2w changed (an entry was created and removed in it)");
  }
}
