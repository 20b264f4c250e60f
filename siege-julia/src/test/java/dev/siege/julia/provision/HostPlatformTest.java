package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPlatformTest {

  @Test
  void translatesJavaNamesToJuliaNames() {
    assertThat(HostPlatform.archName("amd64")).isEqualTo("x86_64");
    assertThat(HostPlatform.archName("aarch64")).isEqualTo("aarch64");
    assertThat(HostPlatform.archName("x86")).isEqualTo("i686");
    assertThat(HostPlatform.archName("ppc64le")).isEqualTo("powerpc64le");
    assertThat(HostPlatform.osName("Linux")).isEqualTo("linux");
    assertThat(HostPlatform.osName("Mac OS X")).isEqualTo("mac");
    assertThat(HostPlatform.osName("Windows 11")).isEqualTo("winnt");
  }

  @Test
  void tripletPrefixDistinguishesGlibcFromMusl() {
    assertThat(new HostPlatform("linux", "x86_64", "glibc").tripletPrefix()).isEqualTo("x86_64-linux-gnu");
    assertThat(new HostPlatform("linux", "aarch64", "musl").tripletPrefix()).isEqualTo("aarch64-linux-musl");
    assertThat(new HostPlatform("mac", "aarch64", "").tripletPrefix()).isEqualTo("aarch64-apple-darwin");
  }

  @Test
  void currentPlatformIsKnownOnTheMachinesSiegeBuildsOn() {
    HostPlatform host = HostPlatform.current();
    assertThat(host.os()).isIn("linux", "mac", "winnt", "freebsd");
    assertThat(host.libc().isEmpty()).isEqualTo(!host.os().equals("linux"));
  }

  @Test
  void parsesTheTripletsOfOfficialJuliaPlatforms() {
    assertThat(HostPlatform.fromTriplet("aarch64-linux-gnu")).isEqualTo(new HostPlatform("linux", "aarch64", "glibc"));
    assertThat(HostPlatform.fromTriplet("x86_64-linux-musl")).isEqualTo(new HostPlatform("linux", "x86_64", "musl"));
    assertThat(HostPlatform.fromTriplet("x86_64-w64-mingw32")).isEqualTo(new HostPlatform("winnt", "x86_64", ""));
    assertThat(HostPlatform.fromTriplet("aarch64-apple-darwin")).isEqualTo(new HostPlatform("mac", "aarch64", ""));
    assertThat(HostPlatform.fromTriplet("x86_64-unknown-freebsd")).isEqualTo(new HostPlatform("freebsd", "x86_64", ""));
  }

  @Test
  void readsTheTripletsTheVersionsIndexWritesWithOsVersionsAndCallAbis() {
    assertThat(HostPlatform.fromTriplet("aarch64-apple-darwin14")).isEqualTo(new HostPlatform("mac", "aarch64", ""));
    assertThat(HostPlatform.fromTriplet("x86_64-unknown-freebsd11.1")).isEqualTo(new HostPlatform("freebsd", "x86_64", ""));
    assertThat(HostPlatform.fromTriplet("armv7l-linux-gnueabihf")).isEqualTo(new HostPlatform("linux", "armv7l", "glibc"));
    assertThat(HostPlatform.fromTriplet("i686-w64-mingw32")).isEqualTo(new HostPlatform("winnt", "i686", ""));
  }

  @Test
  void acceptsTheArchSpellingsOfBaseBinaryPlatforms() {
    assertThat(HostPlatform.fromTriplet("arm64-apple-darwin").arch()).isEqualTo("aarch64");
    assertThat(HostPlatform.fromTriplet("amd64-linux-gnu").arch()).isEqualTo("x86_64");
    assertThat(HostPlatform.fromTriplet("ppc64le-linux-gnu").arch()).isEqualTo("powerpc64le");
    assertThat(HostPlatform.fromTriplet("i386-linux-gnu").arch()).isEqualTo("i686");
  }

  @Test
  void ignoresCompilerAbiAndExtendedTagsForTheJuliaDownload() {
    assertThat(HostPlatform.fromTriplet("x86_64-linux-gnu-libgfortran5-cxx11-cuda+12.6-julia_version+1.10.5"))
        .isEqualTo(new HostPlatform("linux", "x86_64", "glibc"));
    assertThat(HostPlatform.fromTriplet("x86_64-linux-gnu-cuda+12.6").tripletPrefix()).isEqualTo("x86_64-linux-gnu");
  }

  @Test
  void refusesWhatIsNotATripletWithTheExpectedShape() {
    for (String bad : new String[] {"", "linux", "x86_64", "x86_64-linux-gnux32", "x86_64-haiku",
        "../../etc-linux-gnu", "sparc64-linux-gnu"}) {
      assertThatThrownBy(() -> HostPlatform.fromTriplet(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad.split("-")[0] + (bad.startsWith("sparc") ? "\"" : ""));
    }
  }
}
