package dev.siege.bundle.archive;

import static dev.siege.bundle.archive.Fixtures.bundle;
import static dev.siege.bundle.archive.Fixtures.describe;
import static dev.siege.bundle.archive.Fixtures.extract;
import static dev.siege.bundle.archive.Fixtures.listing;
import static dev.siege.bundle.archive.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.FileStamps;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiverTest {
  @TempDir Path tmp;

  private ArchiveResult archive(Path dir, String name, int threads) throws SiegeException {
    return BundleArchiver.builder(dir).output(tmp.resolve(name)).threads(threads).write();
  }

  @Test
  void tarGzExtractedBySystemTarIsTheSameTree() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    ArchiveResult result = archive(dir, "bundle.tar.gz", 2);

    Path out = extract(result.archive(), tmp.resolve("out"));
    assertThat(listing(out)).containsExactly("bundle");
    assertThat(describe(out.resolve("bundle"))).isEqualTo(describe(dir));
    assertThat(describe(out.resolve("bundle")))
        .containsEntry("bin/julia", "file rwxr-xr-x " + Sha256Sums.hash(dir.resolve("bin/julia")))
        .containsEntry("depot/artifacts/0123abcd/lib/libfoo.so", "link -> libfoo.so.1")
        .containsEntry("depot/registries/empty", "dir rwxr-xr-x")
        .containsEntry("long-link", "link -> " + Fixtures.LONG_NAME);
    assertThat(result.format()).isEqualTo(ArchiveFormat.TAR_GZ);
    assertThat(result.checksumsAdded()).isFalse();
    assertThat(result.bytes()).isEqualTo(Files.size(result.archive()));
    run(tmp, "gzip", "-t", "bundle.tar.gz");
  }

  @Test
  void tarZstExtractedBySystemTarIsTheSameTree() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    ArchiveResult result = archive(dir, "bundle.tar.zst", 2);

    assertThat(result.format()).isEqualTo(ArchiveFormat.TAR_ZST);
    Path out = extract(result.archive(), tmp.resolve("out"));
    assertThat(describe(out.resolve("bundle"))).isEqualTo(describe(dir));
    run(tmp, "zstd", "-t", "-q", "bundle.tar.zst");
  }

  @Test
  void sameInputGivesIdenticalBytesWhateverTheNumberOfThreads() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    byte[] gz1 = Files.readAllBytes(archive(dir, "a1.tar.gz", 1).archive());
    byte[] gz3 = Files.readAllBytes(archive(dir, "a3.tar.gz", 3).archive());
    byte[] gz1Again = Files.readAllBytes(archive(dir, "b1.tar.gz", 1).archive());
    byte[] zst1 = Files.readAllBytes(archive(dir, "a1.tar.zst", 1).archive());
    byte[] zst2 = Files.readAllBytes(archive(dir, "a2.tar.zst", 2).archive());

    assertThat(gz3).isEqualTo(gz1);
    assertThat(gz1Again).isEqualTo(gz1);
    assertThat(zst2).isEqualTo(zst1);
  }

  @Test
  void archiveChecksumFileIsAcceptedBySha256sum() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    ArchiveResult result = archive(dir, "bundle.tar.gz", 2);

    assertThat(result.checksumFile()).isEqualTo(tmp.resolve("bundle.tar.gz.sha256"));
    assertThat(Files.readString(result.checksumFile())).isEqualTo(result.sha256() + "  bundle.tar.gz\n");
    assertThat(result.sha256()).isEqualTo(Sha256Sums.hash(result.archive()));
    assertThat(run(tmp, "sha256sum", "--strict", "-c", "bundle.tar.gz.sha256")).contains("bundle.tar.gz: OK");
  }

  @Test
  void entriesAreSortedUnderOneTopLevelDirectoryWithSha256SumsLast() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    ArchiveResult result = archive(dir, "bundle.tar.gz", 2);

    List<String> names = List.of(run(tmp, "tar", "-tzf", "bundle.tar.gz").split("\n"));
    assertThat(names).allMatch(n -> n.startsWith("bundle/"));
    assertThat(names.get(0)).isEqualTo("bundle/");
    assertThat(names.get(names.size() - 1)).isEqualTo("bundle/SHA256SUMS");
    assertThat(names).contains("bundle/" + Fixtures.LONG_NAME, "bundle/" + Fixtures.MEDIUM_NAME, "bundle/depot/registries/empty/");
    assertThat(names.indexOf("bundle/bin/")).isLessThan(names.indexOf("bundle/bin/julia"));
    assertThat(names.indexOf("bundle/depot/artifacts/0123abcd/lib/libfoo.so"))
        .isLessThan(names.indexOf("bundle/depot/artifacts/0123abcd/lib/libfoo.so.1"));
    assertThat(result.entries()).isEqualTo(names.size());
  }

  @Test
  void compressesWithinTwoPercentOfSingleThreadedGzip() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    ArchiveResult result = archive(dir, "bundle.tar.gz", 2);

    run(tmp, "sh", "-c", "gzip -dc bundle.tar.gz > plain.tar && gzip -6 -n -c plain.tar > plain.tar.gz");

    assertThat((double) result.bytes()).isLessThanOrEqualTo(Files.size(tmp.resolve("plain.tar.gz")) * 1.02);
  }

  @Test
  void headersCarryNoOwnerAndAPinnedTime() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    archive(dir, "bundle.tar.gz", 1);
    run(tmp, "sh", "-c", "gzip -dc bundle.tar.gz > plain.tar");

    List<TarHeaders.Header> headers = TarHeaders.read(Files.readAllBytes(tmp.resolve("plain.tar")));

    assertThat(headers).extracting(TarHeaders.Header::type).contains('x', '0', '2', '5');
    assertThat(headers).allSatisfy(h -> {
      assertThat(h.uid()).isZero();
      assertThat(h.gid()).isZero();
      assertThat(h.userName()).isEmpty();
      assertThat(h.groupName()).isEmpty();
      assertThat(h.mtime()).isEqualTo(1);
    });
  }

  @Test
  void fileChangedAfterItsChecksumIsAnErrorNamingItAndLeavesExistingArchiveUntouched() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    Files.writeString(dir.resolve("env/Project.toml"), "[deps]\n# tampered\n");
    Files.writeString(tmp.resolve("bundle.tar.gz"), "the old archive");
    Files.writeString(tmp.resolve("bundle.tar.gz.sha256"), "old sum");

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("env/Project.toml").contains("changed");
          assertThat(e.file()).contains(dir.resolve("env/Project.toml"));
          assertThat(e.hint()).isPresent();
        });
    assertThat(listing(tmp)).containsExactly("bundle", "bundle.tar.gz", "bundle.tar.gz.sha256");
    assertThat(Files.readString(tmp.resolve("bundle.tar.gz"))).isEqualTo("the old archive");
    assertThat(Files.readString(tmp.resolve("bundle.tar.gz.sha256"))).isEqualTo("old sum");
  }

  @Test
  void fileListedInSha256SumsButMissingIsAnError() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    Files.delete(dir.resolve("depot/random.bin"));

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("depot/random.bin");
    assertThat(listing(tmp)).containsExactly("bundle");
  }

  @Test
  void fileNotListedInSha256SumsIsAnError() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    Files.writeString(dir.resolve("depot/added-later.jl"), "x");

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("does not list")
        .hasMessageContaining("depot/added-later.jl");
    assertThat(listing(tmp)).containsExactly("bundle");
  }

  @Test
  void directoryWithoutSha256SumsGetsOneComputedAsTheLastEntry() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    List<SiegeEvent> events = new CopyOnWriteArrayList<>();

    ArchiveResult result =
        BundleArchiver.builder(dir).output(tmp.resolve("plain.tar.gz")).listener(events::add).write();

    assertThat(result.checksumsAdded()).isTrue();
    List<String> names = List.of(run(tmp, "tar", "-tzf", "plain.tar.gz").split("\n"));
    assertThat(names.get(names.size() - 1)).isEqualTo("bundle/SHA256SUMS");
    Path out = extract(result.archive(), tmp.resolve("out"));
    run(out.resolve("bundle"), "sha256sum", "--strict", "-c", "--quiet", "SHA256SUMS");
    assertThat(events)
        .filteredOn(SiegeEvent.Message.class::isInstance)
        .extracting(e -> ((SiegeEvent.Message) e).text())
        .anyMatch(t -> t.contains("has no SHA256SUMS"));

    // The computed entry is what the bundle's own file would be: same archive either way.
    Files.copy(out.resolve("bundle/SHA256SUMS"), dir.resolve("SHA256SUMS"));
    ArchiveResult withSums = archive(dir, "with-sums.tar.gz", 2);
    assertThat(withSums.sha256()).isEqualTo(result.sha256());
  }

  @Test
  void plainDirectoryIsArchivedWithANote() throws Exception {
    Path dir = tmp.resolve("notes");
    Fixtures.write(dir, "a.txt", "a");
    List<SiegeEvent> events = new CopyOnWriteArrayList<>();

    BundleArchiver.builder(dir).output(tmp.resolve("notes.tar.gz")).listener(events::add).write();

    assertThat(events)
        .filteredOn(SiegeEvent.Message.class::isInstance)
        .extracting(e -> ((SiegeEvent.Message) e).text())
        .anyMatch(t -> t.contains("no siege-bundle.toml") && t.contains("plain directory"));
  }

  @Test
  void progressCountsEveryFileByteUpToTheTotal() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    List<SiegeEvent.Progress> progress = new CopyOnWriteArrayList<>();

    archive(dir, "x.tar.gz", 2);
    BundleArchiver.builder(dir)
        .output(tmp.resolve("bundle.tar.gz"))
        .listener(e -> {
          if (e instanceof SiegeEvent.Progress p) {
            progress.add(p);
          }
        })
        .write();

    long total;
    try (var files = Files.walk(dir)) {
      total = files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(progress).hasSizeGreaterThan(2);
    assertThat(progress).allMatch(p -> p.total() == total && p.unit() == SiegeEvent.Unit.BYTES);
    assertThat(progress).extracting(SiegeEvent.Progress::done).isSorted();
    // The walk runs ahead of the pass: events start once it knows the total, not necessarily at 0.
    assertThat(progress.get(progress.size() - 1).done()).isEqualTo(total);
  }

  @Test
  void symlinkToAnAbsolutePathIsRefused() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    Files.createSymbolicLink(dir.resolve("depot/etc"), Path.of("/etc"));

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("outside the bundle").contains("depot/etc -> /etc");
          assertThat(e.file()).contains(dir.resolve("depot/etc"));
        });
    assertThat(listing(tmp)).containsExactly("bundle");
  }

  @Test
  void relativeSymlinkLeavingTheDirectoryIsRefused() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    Files.createSymbolicLink(dir.resolve("depot/up"), Path.of("../../elsewhere"));

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("depot/up -> ../../elsewhere");
  }

  @Test
  void fifoIsRefused() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    run(dir, "mkfifo", "depot/pipe");

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).contains("special file").contains("depot/pipe");
          assertThat(e.file()).contains(dir.resolve("depot/pipe"));
        });
    assertThat(listing(tmp)).containsExactly("bundle");
  }

  @Test
  void whatTheWalkRefusesAfterThePassStartedStopsItAndLeavesNoThreadBehind() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    // Archived first ("a-" sorts before the bundle's directories) while the walk goes on to the end.
    Files.write(dir.resolve("a-large.bin"), Fixtures.bytes(8_000_000, 3, false));
    run(dir, "mkfifo", "zz-pipe");

    assertThatThrownBy(() -> archive(dir, "bundle.tar.zst", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("special file")
        .hasMessageContaining("zz-pipe");
    assertThat(listing(tmp)).containsExactly("bundle");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (siegeThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(siegeThreads()).as("walk and reader threads still alive").isZero();
  }

  @Test
  void aFileTheSumsDoNotListIsRefusedByTheWalksCheckEvenAfterALargeFile() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), false);
    Files.write(dir.resolve("a-large.bin"), Fixtures.bytes(8_000_000, 3, false));
    Sha256Sums.compute(dir, List.of("SHA256SUMS")).write(dir.resolve("SHA256SUMS"));
    Files.writeString(dir.resolve("zz-added-later.jl"), "x");

    assertThatThrownBy(() -> archive(dir, "bundle.tar.gz", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("does not list a file found in the directory: zz-added-later.jl");
    assertThat(listing(tmp)).containsExactly("bundle");
  }

  private static long siegeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("siege-"))
        .count();
  }

  @Test
  void interruptLeavesNoPartialArchiveAndTheExistingOneUntouched() throws Exception {
    Path dir = tmp.resolve("big");
    Files.createDirectories(dir);
    for (int i = 0; i < 4; i++) {
      Files.write(dir.resolve("part" + i), Fixtures.bytes(3_000_000, i, i % 2 == 0));
    }
    for (String name : List.of("big.tar.gz", "big.tar.zst")) {
      Files.writeString(tmp.resolve(name), "the old archive");
      Thread[] writer = new Thread[1];
      // Interrupt the writing thread itself once it is well into the second file.
      assertThatThrownBy(() ->
              BundleArchiver.builder(dir)
                  .output(tmp.resolve(name))
                  .threads(2)
                  .listener(e -> {
                    if (e instanceof SiegeEvent.Progress p && p.done() > 4_000_000) {
                      writer[0] = Thread.currentThread();
                      Thread.currentThread().interrupt();
                    }
                  })
                  .write())
          .isInstanceOf(SiegeException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
      assertThat(writer[0]).isSameAs(Thread.currentThread());
      assertThat(Files.readString(tmp.resolve(name))).isEqualTo("the old archive");
    }
    assertThat(listing(tmp)).containsExactly("big", "big.tar.gz", "big.tar.zst");
  }

  @Test
  void outputInsideTheArchivedDirectoryIsRefused() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    assertThatThrownBy(() -> BundleArchiver.builder(dir).output(dir.resolve("self.tar.gz")).write())
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("inside the directory");
  }

  @Test
  void missingDirectoryIsAnErrorNamingIt() {
    Path dir = tmp.resolve("nope");

    assertThatThrownBy(() -> archive(dir, "nope.tar.gz", 1))
        .isInstanceOfSatisfying(SiegeException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("does not exist");
          assertThat(e.file()).contains(dir);
        });
  }

  @Test
  void levelOutsideTheFormatsRangeIsMisuse() {
    assertThatThrownBy(() -> BundleArchiver.builder(tmp).output(tmp.resolve("x.tar.gz")).level(12).write())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-9");
  }

  /** Stamps as the build leaves them: taken more than a second after the files were written. */
  private static void stampLikeTheBuild(Path dir) throws Exception {
    Thread.sleep(1_100); // FileStamps distrusts files changed within a second of their stamp
    FileStamps.of(dir, Sha256Sums.read(dir.resolve("SHA256SUMS")).entries()).write(FileStamps.fileFor(dir));
  }

  @Test
  void filesTheBuildStampedAreNotHashedAgainButAChangedOneIsStillCaught() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    stampLikeTheBuild(dir);
    int files = Sha256Sums.read(dir.resolve("SHA256SUMS")).entries().size();

    assertThat(archive(dir, "a.tar.zst", 2).stampedFiles()).isEqualTo(files);

    // Rewritten with the same bytes: its ctime moved, so it is hashed (and still matches).
    Files.write(dir.resolve("depot/random.bin"), Files.readAllBytes(dir.resolve("depot/random.bin")));
    assertThat(archive(dir, "b.tar.zst", 2).stampedFiles()).isEqualTo(files - 1);

    // Changed content, same size and mtime: the stamp no longer matches and the change is caught.
    Path julia = dir.resolve("bin/julia");
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(julia);
    Files.writeString(julia, Files.readString(julia).replace("exec", "EXEC"));
    Files.setLastModifiedTime(julia, mtime);
    assertThatThrownBy(() -> archive(dir, "c.tar.zst", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("bin/julia");
  }

  @Test
  void stampsAreIgnoredWhenAskedAndForADirectoryWithoutSha256Sums() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    stampLikeTheBuild(dir);

    ArchiveResult result = BundleArchiver.builder(dir).output(tmp.resolve("a.tar.gz")).useStamps(false).write();

    assertThat(result.stampedFiles()).isZero();
  }

  @Test
  void aFileChangedAfterTheBuildWithSizeAndMtimeRestoredByTouchIsCaughtByItsCtimeOrInode() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    stampLikeTheBuild(dir);
    Path julia = dir.resolve("bin/julia");
    java.util.Map<String, Object> before = Files.readAttributes(julia, "unix:size,lastModifiedTime,ctime,ino");
    String mtime = "@" + Files.getLastModifiedTime(julia).toInstant().getEpochSecond() + "."
        + String.format("%09d", Files.getLastModifiedTime(julia).toInstant().getNano());

    // Rewritten in place: same size, the modification time put back by coreutils' touch.
    Files.writeString(julia, Files.readString(julia).replace("exec", "EXEC"));
    run(dir, "touch", "-d", mtime, julia.toString());
    java.util.Map<String, Object> after = Files.readAttributes(julia, "unix:size,lastModifiedTime,ctime,ino");
    assertThat(after.get("size")).isEqualTo(before.get("size"));
    assertThat(after.get("lastModifiedTime")).isEqualTo(before.get("lastModifiedTime"));
    assertThat(after.get("ctime")).isNotEqualTo(before.get("ctime")); // touch itself sets the ctime to now
    assertThatThrownBy(() -> archive(dir, "a.tar.zst", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("changed since the bundle's checksums were written")
        .hasMessageContaining("bin/julia");

    // Replaced by another file of the same size and mtime: a new inode.
    Path other = tmp.resolve("julia.new");
    Files.writeString(other, Files.readString(julia).replace("EXEC", "exec").replace("bin", "BIN"));
    run(dir, "touch", "-d", mtime, other.toString());
    Files.move(other, julia, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readAttributes(julia, "unix:ino").get("ino")).isNotEqualTo(before.get("ino"));
    assertThatThrownBy(() -> archive(dir, "b.tar.zst", 2))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("bin/julia");
  }
}
