package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotSeederTest {
  @TempDir Path dir;

  private static final String CSV = "packages/CSV/AbCdE/src/CSV.jl";
  private static final String LIB = "artifacts/" + "a".repeat(40) + "/lib";

  private static void oldDepot(Path depot) throws Exception {
    Files.createDirectories(depot.resolve(CSV).getParent());
    Files.writeString(depot.resolve(CSV), "module CSV end");
    Path lib = depot.resolve(LIB);
    Files.createDirectories(lib);
    Files.writeString(lib.resolve("libz.so.1.3"), "ELF");
    Files.createSymbolicLink(lib.resolve("libz.so"), lib.getFileSystem().getPath("libz.so.1.3"));
    Files.createDirectories(depot.resolve("packages/Old/QqQqQ"));
    Files.writeString(depot.resolve("packages/Old/QqQqQ/Old.jl"), "module Old end");
  }

  @Test
  void writesAndModeChangesInTheNewDepotNeverReachThePreviousBundle() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    Files.setPosixFilePermissions(from.resolve(CSV), PosixFilePermissions.fromString("rw-r--r--"));

    TreeCopy.Result r = DepotSeeder.reflinkOrCopy().seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"));

    Path csv = to.resolve(CSV);
    assertThat(Files.isSameFile(csv, from.resolve(CSV))).isFalse();
    Files.writeString(csv, "module CSV; evil() = 1; end", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    Files.setPosixFilePermissions(csv, PosixFilePermissions.fromString("r-x------"));
    assertThat(from.resolve(CSV)).hasContent("module CSV end");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(from.resolve(CSV)))).isEqualTo("rw-r--r--");
    assertThat(r.files()).isEqualTo(2);
  }

  @Test
  void keepsRelativeSymlinksAndModesAndSeedsOnlyWhatIsAsked() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    Files.setPosixFilePermissions(from.resolve(LIB).resolve("libz.so.1.3"), PosixFilePermissions.fromString("r-xr-xr-x"));

    DepotSeeder.reflinkOrCopy().seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"));

    Path link = to.resolve(LIB).resolve("libz.so");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("libz.so.1.3");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve(LIB).resolve("libz.so.1.3"))))
        .isEqualTo("r-xr-xr-x");
    assertThat(to.resolve(CSV)).hasContent("module CSV end");
    assertThat(to.resolve("packages/Old")).doesNotExist();
  }

  @Test
  void missingSourcesAndExistingTargetsAreSkipped() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    Files.createDirectories(to.resolve("artifacts"));
    TreeCopy.Result r = DepotSeeder.reflinkOrCopy().seed(from, to, List.of("artifacts", "packages/Nope/12345"));
    assertThat(r.files()).isZero();
  }

  @Test
  void treesTheCloneCommandMadeCountAsCloned() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    // A stand-in for cp --reflink=always on a file system that has reflinks.
    DepotSeeder seeder = new DepotSeeder(List.of("cp", "-R", "--no-dereference", "--preserve=mode,timestamps", "--"));

    TreeCopy.Result r = seeder.seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"));

    assertThat(r.cloned()).isEqualTo(2);
    assertThat(r.copied()).isZero();
    assertThat(to.resolve(CSV)).hasContent("module CSV end");
  }

  @Test
  void whenCloningFailsItIsNotTriedAgainAndEveryTreeIsCopiedWithoutItsPartialClone() throws Exception {
    Path from = dir.resolve("old/depot");
    Path to = dir.resolve("new/depot");
    oldDepot(from);
    Path tries = dir.resolve("tries");
    // Fails as cp --reflink=always does on ext4, after leaving a partial target behind.
    DepotSeeder seeder = new DepotSeeder(List.of("sh", "-c",
        "echo x >> '" + tries + "'; mkdir -p \"$2\"; echo partial > \"$2/junk\"; exit 1", "clone"));

    TreeCopy.Result r = seeder.seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"));

    assertThat(Files.readAllLines(tries)).hasSize(1);
    assertThat(r.cloned()).isZero();
    assertThat(r.copied()).isEqualTo(2);
    assertThat(to.resolve("packages/CSV/AbCdE/junk")).doesNotExist();
    assertThat(to.resolve(CSV)).hasContent("module CSV end");
  }

  @Test
  void copiesOnAFileSystemWithoutProcesses() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path from = fs.getPath("/old/depot");
      Path to = fs.getPath("/new/depot");
      oldDepot(from);
      TreeCopy.Result r = DepotSeeder.reflinkOrCopy().seed(from, to, List.of("packages/CSV/AbCdE", "artifacts"));
      assertThat(to.resolve(CSV)).hasContent("module CSV end");
      assertThat(Files.isSymbolicLink(to.resolve(LIB).resolve("libz.so"))).isTrue();
      assertThat(r.copied()).isEqualTo(2);
    }
  }
}
