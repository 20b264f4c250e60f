package dev.siege.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPlatformTest {

  @Test
  void readsTheFourPlatformsOfTheIssueAndWritesThemBackAsJuliaDoes() {
    assertThat(TargetPlatform.parse("aarch64-linux-gnu"))
        .isEqualTo(new TargetPlatform("aarch64", "linux", "glibc", "", Map.of()));
    assertThat(TargetPlatform.parse("x86_64-linux-musl").libc()).isEqualTo("musl");
    assertThat(TargetPlatform.parse("x86_64-w64-mingw32").os()).isEqualTo("windows");
    assertThat(TargetPlatform.parse("aarch64-apple-darwin").os()).isEqualTo("macos");
    for (String t : new String[] {"aarch64-linux-gnu", "x86_64-linux-musl", "x86_64-w64-mingw32", "aarch64-apple-darwin",
        "armv7l-linux-gnueabihf", "x86_64-apple-darwin14", "x86_64-unknown-freebsd13.2"}) {
      assertThat(TargetPlatform.parse(t).triplet()).isEqualTo(t);
    }
  }

  @Test
  void normalisesArchAliasesAndDefaultsLikeJuliasPlatformConstructor() {
    assertThat(TargetPlatform.parse("arm64-apple-darwin").triplet()).isEqualTo("aarch64-apple-darwin");
    assertThat(TargetPlatform.parse("amd64-linux-gnu").arch()).isEqualTo("x86_64");
    // Platform(): Linux without libc is glibc, 32-bit ARM Linux without call ABI is eabihf.
    assertThat(TargetPlatform.parse("x86_64-linux").triplet()).isEqualTo("x86_64-linux-gnu");
    assertThat(TargetPlatform.parse("armv7l-linux").triplet()).isEqualTo("armv7l-linux-gnueabihf");
  }

  @Test
  void readsTheHostTripletJuliaPrintsWithItsAbiTagsAndExtraTags() {
    TargetPlatform host = TargetPlatform.parse("x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4");
    assertThat(host.tags()).containsEntry("libgfortran_version", "5.0.0").containsEntry("cxxstring_abi", "cxx11")
        .containsEntry("libstdcxx_version", "3.4.30").containsEntry("julia_version", "1.10.4");
    assertThat(host.triplet()).isEqualTo("x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4");
    assertThat(host.baseTriplet()).isEqualTo("x86_64-linux-gnu");
  }

  @Test
  void tagsAreAddedLowerCasedAndWrittenAsKeyPlusValue() {
    TargetPlatform p = TargetPlatform.parse("x86_64-linux-gnu").withTag("CUDA", "12.6");
    assertThat(p.triplet()).isEqualTo("x86_64-linux-gnu-cuda+12.6");
    assertThat(TargetPlatform.parse(p.triplet())).isEqualTo(p);
  }

  @Test
  void sameBaseIgnoresTagsButNotLibcOrArch() {
    TargetPlatform host = TargetPlatform.parse("x86_64-linux-gnu-libgfortran5-julia_version+1.10.4");
    assertThat(TargetPlatform.parse("x86_64-linux-gnu-cuda+12.6").sameBase(host)).isTrue();
    assertThat(TargetPlatform.parse("x86_64-linux-musl").sameBase(host)).isFalse();
    assertThat(TargetPlatform.parse("aarch64-linux-gnu").sameBase(host)).isFalse();
  }

  @Test
  void refusesWhatJuliaCannotParseOrValidateNamingTheProblem() {
    assertThatThrownBy(() -> TargetPlatform.parse("aarch64")).hasMessageContaining("not a platform triplet");
    assertThatThrownBy(() -> TargetPlatform.parse("")).hasMessageContaining("not a platform triplet");
    assertThatThrownBy(() -> TargetPlatform.parse("sparc64-linux-gnu")).hasMessageContaining("unknown architecture \"sparc64\"");
    assertThatThrownBy(() -> TargetPlatform.parse("powerpc64le-apple-darwin")).hasMessageContaining("no powerpc64le macOS");
    assertThatThrownBy(() -> TargetPlatform.parse("powerpc64le-w64-mingw32")).hasMessageContaining("no powerpc64le Windows");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-cuda")).hasMessageContaining("not a platform triplet");
  }

  @Test
  void refusesArmv7lWindowsWhichJuliaCanNameButNoJuliaRuns() {
    assertThatThrownBy(() -> TargetPlatform.parse("armv7l-w64-mingw32"))
        .hasMessageContaining("no Julia for it to run a bundle")
        .hasMessageContaining("a Windows bundle is for x86_64, i686, aarch64");
    assertThat(TargetPlatform.WINDOWS_ARCHES).containsExactly("x86_64", "i686", "aarch64");
    for (String arch : TargetPlatform.WINDOWS_ARCHES) {
      assertThat(TargetPlatform.parse(arch + "-w64-mingw32").arch()).isEqualTo(arch);
    }
  }

  @Test
  void refusesTagsJuliasAddTagRefuses() {
    TargetPlatform p = TargetPlatform.parse("x86_64-linux-gnu");
    assertThatThrownBy(() -> p.withTag("cuda", "12-6")).hasMessageContaining("no + - /");
    assertThatThrownBy(() -> p.withTag("os", "linux")).hasMessageContaining("part of the triplet");
    assertThatThrownBy(() -> p.withTag("", "1")).hasMessageContaining("needs a name and a value");
  }

  @Test
  void refusesReservedKeysWrittenAsTagsBecauseJuliaMergesThemOverTheTripletsOwnFields() {
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-libc+musl"))
        .hasMessageContaining("libc is part of the triplet itself").hasMessageContaining("x86_64-linux-musl");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-os+windows")).hasMessageContaining("os is part of the triplet");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-arch+aarch64")).hasMessageContaining("arch is part");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-call_abi+eabi")).hasMessageContaining("call_abi is part");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-apple-darwin-os_version+14")).hasMessageContaining("darwin14");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-libgfortran_version+5.0.0"))
        .hasMessageContaining("-libgfortran5");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-cxxstring_abi+cxx11")).hasMessageContaining("-cxx11");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-libstdcxx_version+3.4.30")).hasMessageContaining("-libstdcxx");
    assertThat(TargetPlatform.parse("x86_64-linux-gnu-julia_version+1.10.4").tags()).containsEntry("julia_version", "1.10.4");
  }

  @Test
  void refusesATagGivenTwiceInOneTriplet() {
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-cuda+12.6-cuda+11.8")).hasMessageContaining("cuda is given twice");
  }

  @Test
  void checksReservedAbiAndVersionTagsAsJuliasValidateTagsAndTripletNeedThem() {
    TargetPlatform linux = TargetPlatform.parse("x86_64-linux-gnu");
    assertThatThrownBy(() -> linux.withTag("libgfortran_version", "abc")).hasMessageContaining("libgfortran 3, 4 and 5");
    assertThatThrownBy(() -> linux.withTag("libgfortran_version", "9.0.0")).hasMessageContaining("libgfortran 3, 4 and 5");
    assertThatThrownBy(() -> linux.withTag("cxxstring_abi", "foo")).hasMessageContaining("cxx03 or cxx11");
    assertThatThrownBy(() -> linux.withTag("libstdcxx_version", "1")).hasMessageContaining("3.4.N");
    assertThatThrownBy(() -> linux.withTag("os_version", "14")).hasMessageContaining("only into macOS and FreeBSD");
    assertThatThrownBy(() -> linux.withTag("julia_version", "banana")).hasMessageContaining("a Julia version is a version");
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu-julia_version+banana")).hasMessageContaining("banana");
    assertThat(linux.withTag("libgfortran_version", "5.0.0").withTag("cxxstring_abi", "cxx11")
        .withTag("libstdcxx_version", "3.4.30").triplet()).isEqualTo("x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30");
    assertThat(TargetPlatform.parse("aarch64-apple-darwin").withTag("os_version", "14").triplet())
        .isEqualTo("aarch64-apple-darwin14");
  }

  @Test
  void echoesAtMostAHundredCharactersOfAHugeTriplet() {
    String huge = "x".repeat(5000);
    assertThatThrownBy(() -> TargetPlatform.parse(huge))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("(5000 characters)"));
    assertThatThrownBy(() -> TargetPlatform.parse("x86_64-linux-gnu").withTag("cuda", "1/" + huge))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }
}
