package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotSeederTest {
  @TempDir Path dir;

  private static void oldDepot(Path depot) throws Exception {
    Files.createDirectories(depot.resolve("packages/CSV/AbCdE/src"));
    Files.writeString(depot.resolve("packages/CSV/AbCdE/src/CSV.jl"), "module CSV end");
    Path lib = depot.resolve("artifacts/" + "a".repeat(40) + "/lib");
    Files.createDirectories(lib);
    Files.writeString(lib.resolve("libz.so.1.3"), "ELF");
    Files.createSymbolicLink(lib.resolve("libz.so"), lib.getFileSystem().getPath("libz.so.1.3"));
    Files.createDirectories(depot.resolve("packages/Old/QqQqQ"));
    Files.writeString(depot.resolve("packages/Old/QqQqQ/Old.jl"), "module Old end");
  }

  @Test
  void hardLinksFilesAndKeepsRelativeSymlinks() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);

    TreeCopy.Result r = DepotSeeder.seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"), TreeCopy.Mode.LINK_OR_COPY);

    Path csv = to.resolve("packages/CSV/AbCdE/src/CSV.jl");
    assertThat(csv).hasContent("module CSV end");
    assertThat(Files.isSameFile(csv, from.resolve("packages/CSV/AbCdE/src/CSV.jl"))).isTrue();
    Path link = to.resolve("artifacts/" + "a".repeat(40) + "/lib/libz.so");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("libz.so.1.3");
    assertThat(to.resolve("packages/Old")).doesNotExist();
    assertThat(r.linked()).isEqualTo(2);
    assertThat(r.copied()).isZero();
  }

  @Test
  void missingSourcesAndExistingTargetsAreSkipped() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    Files.createDirectories(to.resolve("artifacts"));
    TreeCopy.Result r = DepotSeeder.seed(from, to, List.of("artifacts", "packages/Nope/12345"), TreeCopy.Mode.LINK_OR_COPY);
    assertThat(r.linked() + r.copied()).isZero();
  }

  @Test
  void copiesWhereTheFileSystemCannotHardLink() throws Exception {
    Configuration noHardLinks =
        Configuration.unix().toBuilder()
            .setSupportedFeatures(Feature.SYMBOLIC_LINKS, Feature.FILE_CHANNEL, Feature.SECURE_DIRECTORY_STREAM)
            .build();
    try (FileSystem fs = Jimfs.newFileSystem(noHardLinks)) {
      Path from = fs.getPath("/old/depot");
      Path to = fs.getPath("/new/depot");
      oldDepot(from);
      TreeCopy.Result r = DepotSeeder.seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"), TreeCopy.Mode.LINK_OR_COPY);
      assertThat(to.resolve("packages/CSV/AbCdE/src/CSV.jl")).hasContent("module CSV end");
      assertThat(Files.isSymbolicLink(to.resolve("artifacts/" + "a".repeat(40) + "/lib/libz.so"))).isTrue();
      assertThat(r.copied()).isEqualTo(2);
      assertThat(r.linked()).isZero();
    }
  }
}
