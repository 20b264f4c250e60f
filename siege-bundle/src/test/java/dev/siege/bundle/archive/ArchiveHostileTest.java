package dev.siege.bundle.archive;

import static dev.siege.bundle.archive.Fixtures.describe;
import static dev.siege.bundle.archive.Fixtures.extract;
import static dev.siege.bundle.archive.Fixtures.listing;
import static dev.siege.bundle.archive.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.bundle.verify.Finding;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile user against {@code siege bundle}: the tree changes between the walk (which runs ahead
 * on its own thread) and the archive pass, SHA256SUMS and the stamps are odd files, the archiving
 * thread is interrupted, and runs overlap. Every run ends in a correct archive or an error naming
 * the culprit, with no partial output, an old archive untouched and no thread left behind.
 */
class ArchiveHostileTest {
  @TempDir Path tmp;

  private static final String OLD = "the old archive";

  /** A file the bundle's other files sort after: the pass is busy with it while the test strikes. */
  private static final String LARGE = "a-large.bin";

  /**
   * A small tree whose first file is large (so the pass is still on it when the first progress
   * event comes, and the walk, its listing check and the sums read are done by then).
   */
  private Path tree(boolean withSums) throws Exception {
    Path dir = tmp.resolve("bundle");
    Files.createDirectories(dir.resolve("c"));
    Files.write(dir.resolve(LARGE), Fixtures.bytes(12_000_000, 5, true));
    Files.writeString(dir.resolve("b.txt"), "bee\n");
    Files.writeString(dir.resolve("c/d.txt"), "dee\n");
    Files.writeString(dir.resolve("e.sh"), "#!/bin/sh\necho e\n");
    Files.setPosixFilePermissions(dir.resolve("e.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    if (withSums) {
      Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    }
    Files.writeString(tmp.resolve("bundle.tar.zst"), OLD);
    return dir;
  }

  @FunctionalInterface
  private interface Strike {
    void run() throws Exception;
  }

  /**
   * Runs {@code strike} on the archiving thread at the first progress event: the walk and its
   * check are done, the pass is inside the large first file. Fails the test if it never ran.
   */
  /** {@link #archiveStriking} is refused with an error naming {@code name} as changed while archived; nothing is left. */
  private void assertRefusedNaming(Path dir, Strike strike, String name) throws Exception {
    assertThatThrownBy(() -> archiveStriking(dir, strike))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains(name).contains("while being archived");
          assertThat(e.file()).contains(dir.resolve(name));
        });
    assertNothingLeft();
  }

  private ArchiveResult archiveStriking(Path dir, Strike strike) throws SiegeException {
    AtomicBoolean struck = new AtomicBoolean();
    SiegeListener listener = e -> {
      if (e instanceof SiegeEvent.Progress && struck.compareAndSet(false, true)) {
        try {
          strike.run();
        } catch (Exception x) {
          throw new IllegalStateException(x);
        }
      }
    };
    try {
      return BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).listener(listener).write();
    } finally {
      assertThat(struck).as("the strike happened during the pass").isTrue();
    }
  }

  /** Nothing new beside the bundle, the old archive as it was, and no siege-* thread alive. */
  private void assertNothingLeft() throws Exception {
    assertThat(listing(tmp)).containsExactly("bundle", "bundle.tar.zst");
    assertThat(Files.readString(tmp.resolve("bundle.tar.zst"))).isEqualTo(OLD);
    assertThat(siegeThreads()).as("siege threads alive after the run").isEmpty();
  }

  private static List<String> siegeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("siege-"))
        .map(Thread::getName)
        .toList();
  }

  /** The archive extracts to exactly {@code dir}, passes sha256sum -c, and ends with SHA256SUMS. */
  private void assertCorrectArchive(ArchiveResult result, Path dir) throws Exception {
    Path out = extract(result.archive(), tmp.resolve("out-" + System.nanoTime()));
    SortedMap<String, String> extracted = describe(out.resolve("bundle"));
    if (!Files.exists(dir.resolve("SHA256SUMS"))) {
      extracted.remove("SHA256SUMS"); // computed while archiving
    }
    assertThat(extracted).isEqualTo(describe(dir));
    assertThat(run(out.resolve("bundle"), "sha256sum", "--strict", "-c", "SHA256SUMS")).doesNotContain("FAILED");
    List<String> names = List.of(run(tmp, "tar", "--zstd", "-tf", result.archive().toString()).split("\n"));
    assertThat(names.get(names.size() - 1)).isEqualTo("bundle/SHA256SUMS");
  }

  // --- the tree changes between the walk and the pass ---

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // guards against the hang this test is about, asserts nothing about time
  void aFileReplacedByAFifoAfterTheWalkIsRefusedInsteadOfBlockingTheArchive() throws Exception {
    Path dir = tree(true);

    assertRefusedNaming(dir, () -> {
          Files.delete(dir.resolve("b.txt"));
          run(dir, "mkfifo", "b.txt");
        }, "b.txt");
  }

  @Test
  void aFileRemovedAfterTheWalkIsAnErrorNamingIt() throws Exception {
    Path dir = tree(true);

    assertRefusedNaming(dir, () -> Files.delete(dir.resolve("c/d.txt")), "c/d.txt");
  }

  @Test
  void aFileReplacedByASymlinkAfterTheWalkIsAnErrorNamingIt() throws Exception {
    Path dir = tree(true);

    assertRefusedNaming(dir, () -> {
          Files.delete(dir.resolve("b.txt"));
          Files.createSymbolicLink(dir.resolve("b.txt"), Path.of("e.sh"));
        }, "b.txt");
  }

  @Test
  void aFileGrownOrShrunkAfterTheWalkIsAnErrorNamingIt() throws Exception {
    for (String content : List.of("bee, and more\n", "b\n")) {
      Path dir = tree(true);
      assertThatThrownBy(() -> archiveStriking(dir, () -> Files.writeString(dir.resolve("b.txt"), content)))
          .isInstanceOfSatisfying(SiegeException.class, e -> {
            assertThat(e.getMessage()).contains("b.txt").contains("changed size");
            assertThat(e.file()).contains(dir.resolve("b.txt"));
          });
      assertNothingLeft();
      Fixtures.run(tmp, "rm", "-rf", "bundle");
    }
  }

  @Test
  void aFileRewrittenWithTheSameSizeAfterTheWalkIsCaughtByItsChecksum() throws Exception {
    Path dir = tree(true);

    assertThatThrownBy(() -> archiveStriking(dir, () -> Files.writeString(dir.resolve("c/d.txt"), "DEE\n")))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("c/d.txt").contains("changed since the bundle's checksums");
          assertThat(e.file()).contains(dir.resolve("c/d.txt"));
        });
    assertNothingLeft();
  }

  @Test
  void aFileChmodedAfterTheWalkIsAnErrorNamingItNotAnArchiveWithTheOldMode() throws Exception {
    Path dir = tree(true);

    assertThatThrownBy(() -> archiveStriking(dir,
            () -> Files.setPosixFilePermissions(dir.resolve("e.sh"), PosixFilePermissions.fromString("rw-------"))))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("e.sh").contains("while being archived");
          assertThat(e.file()).contains(dir.resolve("e.sh"));
        });
    assertNothingLeft();
  }

  @Test
  void aFileAddedAfterTheWalkIsLeftOutOfAnArchiveThatIsStillTheWalkedTree() throws Exception {
    Path dir = tree(false);
    SortedMap<String, String> walked = describe(dir);

    ArchiveResult result = archiveStriking(dir, () -> Files.writeString(dir.resolve("c/late.txt"), "late\n"));

    Path out = extract(result.archive(), tmp.resolve("out"));
    SortedMap<String, String> extracted = describe(out.resolve("bundle"));
    extracted.remove("SHA256SUMS");
    assertThat(extracted).isEqualTo(walked);
    assertThat(run(out.resolve("bundle"), "sha256sum", "--strict", "-c", "SHA256SUMS")).doesNotContain("FAILED");
    assertThat(siegeThreads()).isEmpty();
  }

  // --- SHA256SUMS ---

  @Test
  void sha256SumsRewrittenDuringThePassIsAnErrorNotAnArchiveWhoseSumsFailTheCheck() throws Exception {
    Path dir = tree(true);
    Path sums = dir.resolve("SHA256SUMS");
    String original = Files.readString(sums);
    int line = original.indexOf("  b.txt\n") - 64;
    // Same size, one digit of b.txt's digest changed: only the bytes tell.
    char digit = original.charAt(line) == '0' ? '1' : '0';
    String forged = original.substring(0, line) + digit + original.substring(line + 1);

    assertThatThrownBy(() -> archiveStriking(dir, () -> {
          FileTime mtime = Files.getLastModifiedTime(sums);
          Files.writeString(sums, forged);
          Files.setLastModifiedTime(sums, mtime);
        }))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("changed while the directory was being archived");
          assertThat(e.file()).contains(sums);
        });
    assertNothingLeft();
  }

  @Test
  void sha256SumsRemovedDuringThePassIsAnErrorNamingIt() throws Exception {
    Path dir = tree(true);
    Path sums = dir.resolve("SHA256SUMS");

    assertThatThrownBy(() -> archiveStriking(dir, () -> Files.delete(sums)))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.file()).contains(sums));
    assertNothingLeft();
  }

  @Test
  void sha256SumsThatIsASymlinkADirectoryOrAFifoIsRefusedUpFront() throws Exception {
    Path dir = tree(true);
    Path sums = dir.resolve("SHA256SUMS");
    Files.move(sums, dir.resolve("c/real-sums"));
    Files.createSymbolicLink(sums, Path.of("c/real-sums"));
    assertRefused(dir, sums, "is not a regular file");

    Files.delete(sums);
    Files.createDirectory(sums);
    assertRefused(dir, sums, "is not a regular file");

    Files.delete(sums);
    run(dir, "mkfifo", "SHA256SUMS");
    assertRefused(dir, sums, "is not a regular file");
  }

  @Test
  void malformedOrHugeSha256SumsIsRefusedNamingIt() throws Exception {
    Path dir = tree(true);
    Path sums = dir.resolve("SHA256SUMS");
    Files.writeString(sums, Files.readString(sums) + "not a checksum line\n");
    assertRefused(dir, sums, "not a sha256sum line");

    Files.write(sums, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
    assertRefused(dir, sums, "");

    try (RandomAccessFile f = new RandomAccessFile(sums.toFile(), "rw")) {
      f.setLength(Sha256Sums.MAX_BYTES + 1L); // sparse: nothing is written
    }
    assertRefused(dir, sums, "is larger than");
  }

  private void assertRefused(Path dir, Path culprit, String message) throws Exception {
    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write())
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.file()).contains(culprit);
        });
    assertNothingLeft();
  }

  // --- the build's stamps ---

  @Test
  void stampsThatAreGarbageAFifoASymlinkOrADirectoryAreIgnoredAndEveryFileIsHashed() throws Exception {
    Path dir = tree(true);
    Path stamps = FileStamps.fileFor(dir);
    Files.write(stamps, Fixtures.bytes(100_000, 1, false));
    assertArchivedWithoutStamps(dir);

    Files.writeString(stamps, "# siege stamps 1\n1\t2\tthree\n\t\t\t\n" + "9".repeat(40) + "\t1\t1\t1\t1\tzz\tb.txt\n");
    assertArchivedWithoutStamps(dir);

    Files.delete(stamps);
    run(tmp, "mkfifo", stamps.getFileName().toString());
    assertArchivedWithoutStamps(dir);

    Files.delete(stamps);
    Files.createDirectory(stamps);
    assertArchivedWithoutStamps(dir);

    Files.delete(stamps);
    Files.createSymbolicLink(stamps, Path.of("/dev/zero"));
    assertArchivedWithoutStamps(dir);
    Files.delete(stamps);
  }

  private void assertArchivedWithoutStamps(Path dir) throws Exception {
    Path out = tmp.resolve("bundle.tar.zst");
    ArchiveResult result = BundleArchiver.builder(dir).output(out).threads(1).write();
    assertThat(result.stampedFiles()).isZero();
    assertCorrectArchive(result, dir);
    assertThat(siegeThreads()).isEmpty();
  }

  @Test
  void bundleVerifyStillCatchesAContentChangeThatKeptSizeAndMtimeAfterTheBuildStampedIt() throws Exception {
    Path dir = tree(true);
    Files.writeString(dir.resolve("siege-bundle.toml"), "siege_version = \"0.1.0\"\n");
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    FileStamps.of(dir, Sha256Sums.read(dir.resolve("SHA256SUMS")).entries()).write(FileStamps.fileFor(dir));
    Path d = dir.resolve("c/d.txt");
    FileTime mtime = Files.getLastModifiedTime(d);
    Files.writeString(d, "DEE\n");
    Files.setLastModifiedTime(d, mtime);

    assertThat(new BundleVerifier(SiegeListener.NONE).verify(dir).findings())
        .anySatisfy(f -> {
          assertThat(f.kind()).isEqualTo(Finding.Kind.TAMPERED);
          assertThat(f.path()).isEqualTo("c/d.txt");
        });
  }

  // --- interrupts and threads ---

  @Test
  void anInterruptBeforeTheFirstFileWritesNothingAndLeavesNoThreadBehind() throws Exception {
    Path dir = tree(true);
    for (int i = 0; i < 2000; i++) {
      Files.writeString(dir.resolve("c/f" + i), "f" + i);
    }
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));

    archiveAlreadyInterrupted(dir);
  }

  @Test
  void anInterruptBeforeTheFirstFileLeavesNoReaderOfALargeSha256SumsBehind() throws Exception {
    Path dir = tree(true);
    StringBuilder sums = new StringBuilder(Files.readString(dir.resolve("SHA256SUMS")));
    for (int i = 0; i < 150_000; i++) {
      sums.append("0".repeat(64)).append("  gone/file-").append(i).append('\n');
    }
    Files.writeString(dir.resolve("SHA256SUMS"), sums);

    archiveAlreadyInterrupted(dir);
  }

  /** Archives {@code dir} from a thread already interrupted: an error, the interrupt kept, nothing left. */
  private void archiveAlreadyInterrupted(Path dir) throws Exception {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertNothingLeft();
  }

  @Test
  void anInterruptDuringThePassWritesNothingAndLeavesNoThreadBehind() throws Exception {
    Path dir = tree(true);

    assertThatThrownBy(() -> archiveStriking(dir, () -> Thread.currentThread().interrupt()))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertNothingLeft();
  }

  @Test
  void anInterruptWhileWaitingForTheSumsIsAnInterruptNotAHang() throws Exception {
    ChecksumCheck check = ChecksumCheck.against(tmp.resolve("SHA256SUMS"), new CompletableFuture<>());
    check.file(new TreeEntry("x", TreeEntry.Kind.FILE, 0644, 1, null, tmp.resolve("x")), "0".repeat(64));

    Thread.currentThread().interrupt();
    assertThatThrownBy(check::finish).isInstanceOf(SiegeException.class).hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aFailedWalkLeavesNoThreadBehindWhenTheRunReturns() throws Exception {
    Path dir = tree(true);
    for (int i = 0; i < 2000; i++) {
      Files.writeString(dir.resolve("c/f" + i), "f" + i);
    }
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    // The pass fails on its first file (unlisted, so refused by the comparison) while the walk goes on.
    Files.writeString(dir.resolve("0-unlisted"), "zero");

    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("0-unlisted");
    assertNothingLeft();
  }

  @Test
  void manyRunsInARowLeaveNoThreadBehind() throws Exception {
    Path dir = tmp.resolve("bundle");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("x"), "x");
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    Files.writeString(tmp.resolve("bundle.tar.zst"), OLD);

    for (int i = 0; i < 40; i++) {
      BundleArchiver.builder(dir).output(tmp.resolve("run.tar.zst")).threads(1).write();
      assertThat(siegeThreads()).as("after run " + i).isEmpty();
    }
  }

  @Test
  void twoRunsAtOnceOnOneDirectoryGiveTheSameBytes() throws Exception {
    Path dir = tree(true);
    List<Throwable> failures = new ArrayList<>();
    Thread other = new Thread(() -> {
      try {
        BundleArchiver.builder(dir).output(tmp.resolve("other.tar.zst")).threads(1).write();
      } catch (Throwable t) {
        synchronized (failures) {
          failures.add(t);
        }
      }
    });
    other.start();
    ArchiveResult mine = BundleArchiver.builder(dir).output(tmp.resolve("mine.tar.zst")).threads(1).write();
    other.join();

    assertThat(failures).isEmpty();
    assertThat(Files.readAllBytes(tmp.resolve("other.tar.zst"))).isEqualTo(Files.readAllBytes(mine.archive()));
    assertCorrectArchive(mine, dir);
    assertThat(siegeThreads()).isEmpty();
  }

  // --- odd trees ---

  @Test
  void aTree2000LevelsDeepIsArchivedWhole() throws Exception {
    Path dir = tmp.resolve("bundle");
    Files.createDirectories(dir);
    // As deep as a path within Linux's 4,096-byte PATH_MAX goes; made by mkdir -p, which walks
    // down level by level (Files.createDirectories checks each level from the top: minutes).
    String deep = "d/".repeat(2000);
    run(dir, "mkdir", "-p", deep);
    Files.writeString(dir.resolve(deep + "x"), "bottom\n");

    try {
      ArchiveResult result = BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write();

      assertThat(result.entries()).isEqualTo(1 + 2000 + 1 + 1);
      List<String> names = List.of(run(tmp, "tar", "--zstd", "-tf", "bundle.tar.zst").split("\n"));
      assertThat(names).hasSize(result.entries()).endsWith("bundle/" + deep + "x", "bundle/SHA256SUMS");
    } finally {
      // JUnit's own clean-up resolves every level's real path: minutes for this tree.
      run(tmp, "rm", "-rf", "bundle");
    }
  }

  @Test
  void aNonUtf8NameIsRefusedWithNoOutput() throws Exception {
    Path dir = tree(true);
    run(dir, "sh", "-c", "printf x > \"$(printf 'c/bad\\377name')\"");

    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("\\xff");
    assertNothingLeft();
  }

  @Test
  void anOutputInsideTheDirectoryThroughASymlinkIsRefused() throws Exception {
    Path dir = tree(true);
    Files.createSymbolicLink(tmp.resolve("into"), dir.resolve("c"));

    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(tmp.resolve("into/x.tar.zst")).write())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("inside the directory");
    assertThat(listing(dir.resolve("c"))).containsExactly("d.txt");
  }

  @Test
  void anErrorOnTheWalksThreadStopsThePassInsteadOfEndingTheTreeEarly() throws Exception {
    Path dir = tree(false);

    try (ScanAhead scan = ScanAhead.start(dir, entries -> {
      throw new StackOverflowError("deep");
    })) {
      assertThatThrownBy(() -> {
        while (scan.next() != null) {
          // drain
        }
      }).hasMessageContaining("deep");
    }
  }

  @Test
  void checksumFileNamesOfTheArchiveAreUtf8() throws Exception {
    Path dir = tree(false);
    Files.writeString(dir.resolve("c/Ünïcødé.jl"), "u\n");

    ArchiveResult result = BundleArchiver.builder(dir).output(tmp.resolve("bundle.tar.zst")).threads(1).write();

    assertCorrectArchive(result, dir.getParent().resolve("bundle"));
    Path out = extract(result.archive(), tmp.resolve("u"));
    assertThat(new String(Files.readAllBytes(out.resolve("bundle/SHA256SUMS")), StandardCharsets.UTF_8))
        .contains("  c/Ünïcødé.jl\n");
  }
}
