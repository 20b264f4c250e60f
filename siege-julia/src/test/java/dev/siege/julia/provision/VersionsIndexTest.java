package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.version.Version;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionsIndexTest {

  private static final URI INDEX = URI.create("https://mirror.example/julia/bin/versions.json");

  private static VersionsIndex parse(String json) throws IOException {
    return VersionsIndex.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), INDEX);
  }

  private static final String JSON = """
      {"1.10.5": {"stable": true, "files": [
        {"triplet": "x86_64-linux-gnu", "os": "linux", "arch": "x86_64", "kind": "archive", "extension": "tar.gz",
         "url": "linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz", "sha256": "AABB", "size": 10, "version": "1.10.5"},
        {"triplet": "x86_64-linux-musl", "os": "linux", "arch": "x86_64", "kind": "archive", "extension": "tar.gz",
         "url": "https://julialang-s3.julialang.org/bin/musl/x64/1.10/julia-1.10.5-musl-x86_64.tar.gz", "sha256": "cc", "size": 11, "version": "1.10.5"},
        {"triplet": "x86_64-apple-darwin14", "os": "mac", "arch": "x86_64", "kind": "installer", "extension": "dmg",
         "url": "mac/x64/1.10/julia-1.10.5-mac64.dmg", "sha256": "dd", "size": 12, "version": "1.10.5"},
        {"triplet": "x86_64-linux-gnu", "os": "linux", "arch": "x86_64", "kind": "archive", "extension": "tar.gz",
         "url": "no-checksum.tar.gz", "version": "1.10.5"}
      ]}}
      """;

  @Test
  void selectsTheTarballForThePlatformAndResolvesRelativeUrlsAgainstTheIndex() throws Exception {
    JuliaDownload d = parse(JSON).tarball(Version.parse("1.10.5"), new HostPlatform("linux", "x86_64", "glibc")).orElseThrow();
    assertThat(d.url()).isEqualTo(URI.create("https://mirror.example/julia/bin/linux/x64/1.10/julia-1.10.5-linux-x86_64.tar.gz"));
    assertThat(d.sha256()).isEqualTo("aabb");
    assertThat(d.size()).isEqualTo(10);
  }

  @Test
  void muslHostsGetTheMuslBuild() throws Exception {
    JuliaDownload d = parse(JSON).tarball(Version.parse("1.10.5"), new HostPlatform("linux", "x86_64", "musl")).orElseThrow();
    assertThat(d.triplet()).isEqualTo("x86_64-linux-musl");
  }

  @Test
  void installersAreNeverSelected() throws Exception {
    assertThat(parse(JSON).tarball(Version.parse("1.10.5"), new HostPlatform("mac", "x86_64", ""))).isEmpty();
  }

  @Test
  void rejectsAnIndexThatIsNotAJsonObject() {
    assertThatThrownBy(() -> parse("[1, 2]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("<html>")).isInstanceOf(IOException.class);
  }

  private static final String TARGETS = """
      {"1.11.2": {"stable": true, "files": [
        {"triplet": "x86_64-w64-mingw32", "os": "winnt", "arch": "x86_64", "kind": "installer", "extension": "exe",
         "url": "winnt/x64/1.11/julia-1.11.2-win64.exe", "sha256": "01", "size": 1, "version": "1.11.2"},
        {"triplet": "x86_64-w64-mingw32", "os": "winnt", "arch": "x86_64", "kind": "archive", "extension": "zip",
         "url": "winnt/x64/1.11/julia-1.11.2-win64.zip", "sha256": "02", "size": 2, "version": "1.11.2"},
        {"triplet": "x86_64-w64-mingw32", "os": "winnt", "arch": "x86_64", "kind": "archive", "extension": "tar.gz",
         "url": "winnt/x64/1.11/julia-1.11.2-win64.tar.gz", "sha256": "03", "size": 3, "version": "1.11.2",
         "asc": "-----BEGIN PGP SIGNATURE-----\\n...\\n-----END PGP SIGNATURE-----\\n"},
        {"triplet": "i686-w64-mingw32", "os": "winnt", "arch": "i686", "kind": "archive", "extension": "zip",
         "url": "winnt/x86/1.11/julia-1.11.2-win32.zip", "sha256": "04", "size": 4, "version": "1.11.2"},
        {"triplet": "aarch64-apple-darwin14", "os": "mac", "arch": "aarch64", "kind": "archive", "extension": "dmg",
         "url": "mac/aarch64/1.11/julia-1.11.2-macaarch64.dmg", "sha256": "05", "size": 5, "version": "1.11.2"},
        {"triplet": "aarch64-apple-darwin14", "os": "mac", "arch": "aarch64", "kind": "archive", "extension": "tar.gz",
         "url": "mac/aarch64/1.11/julia-1.11.2-macaarch64.tar.gz", "sha256": "06", "size": 6, "version": "1.11.2"},
        {"triplet": "x86_64-linux-musl", "os": "linux", "arch": "x86_64", "kind": "archive", "extension": "tar.gz",
         "url": "musl/x64/1.11/julia-1.11.2-musl-x86_64.tar.gz", "sha256": "07", "size": 7, "version": "1.11.2"}
      ]}}
      """;

  @Test
  void windowsGetsTheSignedTarballBeforeTheZipAndNeverTheInstaller() throws Exception {
    JuliaDownload d = parse(TARGETS).archive(Version.parse("1.11.2"), HostPlatform.fromTriplet("x86_64-w64-mingw32")).orElseThrow();
    assertThat(d.extension()).isEqualTo("tar.gz");
    assertThat(d.hasSignature()).isTrue();
    assertThat(d.asc()).startsWith("-----BEGIN PGP SIGNATURE-----\n");
  }

  @Test
  void windowsWithoutATarballGetsTheZip() throws Exception {
    JuliaDownload d = parse(TARGETS).archive(Version.parse("1.11.2"), HostPlatform.fromTriplet("i686-w64-mingw32")).orElseThrow();
    assertThat(d.url().getPath()).endsWith("julia-1.11.2-win32.zip");
    assertThat(d.hasSignature()).isFalse();
  }

  @Test
  void macGetsTheTarballNeverTheDmgAlthoughBothAreArchives() throws Exception {
    JuliaDownload d = parse(TARGETS).archive(Version.parse("1.11.2"), HostPlatform.fromTriplet("aarch64-apple-darwin")).orElseThrow();
    assertThat(d.sha256()).isEqualTo("06");
  }

  @Test
  void muslIsTellingApartFromGlibcThoughTheIndexSaysLinuxForBoth() throws Exception {
    VersionsIndex index = parse(TARGETS);
    assertThat(index.archive(Version.parse("1.11.2"), HostPlatform.fromTriplet("x86_64-linux-musl"))).isPresent();
    assertThat(index.archive(Version.parse("1.11.2"), HostPlatform.fromTriplet("x86_64-linux-gnu"))).isEmpty();
  }

  @Test
  void listsTheTripletsAVersionHasArchivesFor() throws Exception {
    assertThat(parse(TARGETS).archiveTriplets(Version.parse("1.11.2")))
        .containsExactly("aarch64-apple-darwin14", "i686-w64-mingw32", "x86_64-linux-musl", "x86_64-w64-mingw32");
    assertThat(parse(TARGETS).archiveTriplets(Version.parse("9.9.9"))).isEmpty();
  }
}
