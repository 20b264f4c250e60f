package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;

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
}
