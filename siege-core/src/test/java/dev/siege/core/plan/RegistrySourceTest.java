package dev.siege.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RegistrySourceTest {
  private static RegistrySource parse(String s) {
    return RegistrySource.parse(s, FileSystems.getDefault());
  }

  @Test
  void readsUrlsDirectoriesAndNames() {
    assertThat(parse("https://github.com/acme/Registry.git").kind()).isEqualTo(RegistrySource.Kind.URL);
    assertThat(parse("git@github.com:acme/Registry.git").kind()).isEqualTo(RegistrySource.Kind.URL);
    assertThat(parse("file:///srv/Registry").kind()).isEqualTo(RegistrySource.Kind.URL);
    assertThat(parse("./Registry").kind()).isEqualTo(RegistrySource.Kind.DIRECTORY);
    assertThat(parse("/srv/registries/Acme").directory()).contains(Path.of("/srv/registries/Acme"));
    assertThat(parse("~/regs/Acme").kind()).isEqualTo(RegistrySource.Kind.DIRECTORY);
    assertThat(parse(" Acme ").kind()).isEqualTo(RegistrySource.Kind.NAME);
  }

  @Test
  void refusesEmptyValuesAndControlCharacters() {
    assertThatThrownBy(() -> parse("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("Acme\nrm -rf")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("two words")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordsAUrlWithoutItsCredentialsAndADirectoryByItsLastName() {
    assertThat(parse("https://ci:ghp_token@github.com/acme/Registry.git").recorded())
        .isEqualTo("https://github.com/acme/Registry.git");
    assertThat(parse("https://token@host:8443/a@b/R.git?x=1").recorded()).isEqualTo("https://host:8443/a@b/R.git?x=1");
    assertThat(parse("git@github.com:acme/Registry.git").recorded()).isEqualTo("git@github.com:acme/Registry.git");
    assertThat(parse("/home/builder/secret-place/AcmeRegistry").recorded()).isEqualTo("path:AcmeRegistry");
    assertThat(parse("Acme").recorded()).isEqualTo("Acme");
  }

  @Test
  void tellsWhetherAUrlCarriesUserInformation() {
    assertThat(RegistrySource.hasUserInfo("https://u:p@h/x")).isTrue();
    assertThat(RegistrySource.hasUserInfo("https://h/x@y")).isFalse();
    assertThat(RegistrySource.hasUserInfo("not a url")).isFalse();
  }
}
