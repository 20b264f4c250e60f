package dev.siege.bundle.archive;

import static dev.siege.bundle.archive.Fixtures.bundle;
import static dev.siege.bundle.archive.Fixtures.describe;
import static dev.siege.bundle.archive.Fixtures.extract;
import static dev.siege.bundle.archive.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveOutputTest {
  @TempDir Path tmp;

  private ArchiveResult split(Path dir, String name, long partBytes) throws SiegeException {
    return BundleArchiver.builder(dir).output(tmp.resolve(name)).threads(2).split(partBytes).write();
  }

  @Test
  void splitArchiveIsPartsOfTheGivenSizeThatCatJoinsIntoTheSameBytesAsOneFile() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    Files.createDirectories(tmp.resolve("one"));
    Path single = BundleArchiver.builder(dir).output(tmp.resolve("one/bundle.tar.gz")).threads(2).split(0).write()
        .archive();

    ArchiveResult result = split(dir, "bundle.tar.gz", 700_000);

    assertThat(result.files()).hasSizeGreaterThan(1);
    assertThat(result.files().get(0).getFileName()).hasToString("bundle.tar.gz.part-001");
    for (Path part : result.files().subList(0, result.files().size() - 1)) {
      assertThat(Files.size(part)).isEqualTo(700_000);
    }
    assertThat(Files.exists(tmp.resolve("bundle.tar.gz"))).isFalse();
    run(tmp, "sh", "-c", "cat bundle.tar.gz.part-* > bundle.tar.gz");
    assertThat(Files.readAllBytes(tmp.resolve("bundle.tar.gz"))).isEqualTo(Files.readAllBytes(single));
    run(tmp, "sha256sum", "--quiet", "-c", "bundle.tar.gz.sha256");
    Path out = extract(tmp.resolve("bundle.tar.gz"), tmp.resolve("out"));
    assertThat(describe(out.resolve("bundle"))).isEqualTo(describe(dir));
  }

  @Test
  void checksumFileListsEveryPartAndTheWholeForSha256sum() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    ArchiveResult result = split(dir, "b.tar.zst", 500_000);

    List<String> lines = Files.readAllLines(tmp.resolve("b.tar.zst.sha256"));
    assertThat(lines).hasSize(result.files().size() + 1);
    assertThat(lines.get(0)).endsWith("  b.tar.zst.part-001");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(result.sha256() + "  b.tar.zst");
    // Before joining, sha256sum checks the parts and skips the missing whole.
    run(tmp, "sha256sum", "--quiet", "--ignore-missing", "-c", "b.tar.zst.sha256");
  }

  @Test
  void fewerPartsThanAnEarlierSplitDeleteTheStaleHigherParts() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);
    int before = split(dir, "b.tar.gz", 300_000).files().size();

    ArchiveResult result = split(dir, "b.tar.gz", 1_000_000);

    try (Stream<Path> parts = Files.list(tmp)) {
      assertThat(parts.filter(p -> p.getFileName().toString().startsWith("b.tar.gz.part-")).count())
          .isEqualTo(result.files().size())
          .isLessThan(before);
    }
  }

  @Test
  void tooManyPartsIsAnErrorThatLeavesNoPartBehind() throws Exception {
    Path dir = bundle(tmp.resolve("bundle"), true);

    assertThatThrownBy(() -> split(dir, "b.tar.gz", 100))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("more than 999 parts");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("bundle");
    }
  }
}
