package dev.siege.bundle.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackageDirTest {
  @Test
  void livesUnderPackagesNameSlug() {
    assertThat(new PackageDir("Example", "AbCdE").relativePath()).isEqualTo("packages/Example/AbCdE");
  }

  @Test
  void matchesItsSlugAndTheOlderFourCharacterPrefixOnly() {
    PackageDir p = new PackageDir("Example", "AbCdE");

    assertThat(p.matches("Example", "AbCdE")).isTrue();
    assertThat(p.matches("Example", "AbCd")).isTrue();
    assertThat(p.matches("Example", "bCdE")).isFalse();
    assertThat(p.matches("Example", "AbCdF")).isFalse();
    assertThat(p.matches("Other", "AbCdE")).isFalse();
  }

  @Test
  void rejectsPackageNamesThatAreNotOnePathComponent() {
    assertThatThrownBy(() -> new PackageDir("../x", "AbCdE")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PackageDir("X", "a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsEveryNameThatIsNotAJuliaPackageName() {
    for (String name : new String[] {"Foo\"); run(`id`", "a b", "Foo\nBar", "julia", "1abc", ""}) {
      assertThatThrownBy(() -> new PackageDir(name, "AbCdE")).as(name).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
