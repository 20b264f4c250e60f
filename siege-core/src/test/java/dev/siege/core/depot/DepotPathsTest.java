package dev.siege.core.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class DepotPathsTest {
  private static final UUID CSV = UUID.fromString("336ed68f-0bac-5ca0-87d4-7b16caf5d00b");
  private static final String TREE = "6c834533dc1fabd820c1db03c839bf97e45a3fab";

  @Test
  void slugIsFiveBase62CharactersOfTheChainedCrc32c() {
    String slug = DepotPaths.versionSlug(CSV, TREE, 5);

    // Independent reconstruction of Base.version_slug (§3): CRC-32C over the UInt128 uuid value in
    // little-endian memory order, continued over the 20 tree-hash bytes; base 62, low digit first.
    byte[] uuidLe = new byte[16];
    byte[] uuidBe = ByteBuffer.allocate(16).putLong(CSV.getMostSignificantBits()).putLong(CSV.getLeastSignificantBits()).array();
    for (int i = 0; i < 16; i++) uuidLe[i] = uuidBe[15 - i];
    CRC32C crc = new CRC32C();
    crc.update(uuidLe);
    crc.update(HexFormat.of().parseHex(TREE));
    long x = crc.getValue();
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      expected.append(chars.charAt((int) (x % 62)));
      x /= 62;
    }
    assertThat(slug).isEqualTo(expected.toString()).hasSize(5).matches("[A-Za-z0-9]{5}");
  }

  @Test
  void fourCharacterSlugIsThePrefixOfTheFiveCharacterOne() {
    // Both are the low base-62 digits of the same CRC, so the old slug is a prefix of the new.
    assertThat(DepotPaths.versionSlug(CSV, TREE, 5)).startsWith(DepotPaths.versionSlug(CSV, TREE, 4));
  }

  @Test
  void differentTreeHashesGiveDifferentSlugs() {
    assertThat(DepotPaths.versionSlug(CSV, TREE, 5))
        .isNotEqualTo(DepotPaths.versionSlug(CSV, "0".repeat(40), 5));
  }

  @Test
  void packageAndArtifactDirsFollowTheDepotLayout() {
    assertThat(DepotPaths.packageDir("CSV", CSV, TREE)).matches("packages/CSV/[A-Za-z0-9]{5}");
    assertThat(DepotPaths.artifactDir(TREE)).isEqualTo("artifacts/" + TREE);
  }

  @Test
  void rejectsATreeHashOfTheWrongLength() {
    assertThatThrownBy(() -> DepotPaths.versionSlug(CSV, "abc", 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNameThatIsNotAPackageNameNeverBecomesAPath() {
    assertThatThrownBy(() -> DepotPaths.packageDir("../../x", CSV, TREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid package name \"../../x\"");
    assertThatThrownBy(() -> DepotPaths.packageDir("a\nb", CSV, TREE)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTreeHashThatIsNotFortyHexDigitsNeverBecomesAPath() {
    assertThatThrownBy(() -> DepotPaths.artifactDir("../../etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DepotPaths.artifactDir("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DepotPaths.packageDir("CSV", CSV, "zz" + TREE.substring(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void userDepotsFollowJuliaDepotPathAnEmptyEntryBeingTheHomeDepotOnceAndRelativeOnesTheWorkingDirectorys() {
    Path cwd = Path.of("/work");
    assertThat(DepotPaths.userDepots(Map.of("HOME", "/home/u"), cwd)).containsExactly(Path.of("/home/u/.julia"));
    assertThat(DepotPaths.userDepots(Map.of("HOME", "/home/u", "JULIA_DEPOT_PATH", ":rel::/abs"), cwd))
        .containsExactly(Path.of("/home/u/.julia"), Path.of("/work/rel"), Path.of("/abs"));
    assertThat(DepotPaths.userDepots(Map.of("JULIA_DEPOT_PATH", ":/abs"), cwd)).containsExactly(Path.of("/abs"));
    assertThat(DepotPaths.userDepots(Map.of(), cwd)).isEqualTo(List.of());
  }
}
