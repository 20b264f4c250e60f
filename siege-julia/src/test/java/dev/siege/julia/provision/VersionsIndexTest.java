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
}
