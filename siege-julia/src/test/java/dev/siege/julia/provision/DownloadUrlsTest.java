package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.core.OptionException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DownloadUrlsTest {

  @Test
  void shownDropsUserAndPassword() {
    assertThat(DownloadUrls.shown(URI.create("http://alice:s3cret@mirror.example.org:8080/bin/x.tar.gz")))
        .isEqualTo("http://mirror.example.org:8080/bin/x.tar.gz");
    assertThat(DownloadUrls.shown(URI.create("https://julialang-s3.julialang.org/bin/versions.json")))
        .isEqualTo("https://julialang-s3.julialang.org/bin/versions.json");
  }

  @Test
  void aBaseWithCredentialsIsRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> DownloadUrls.checkBase(URI.create("http://alice:s3cret@mirror.example.org/bin/")))
        .isInstanceOf(OptionException.class)
        .hasMessageNotContaining("s3cret")
        .extracting(e -> ((OptionException) e).rawMessage()).asString()
        .startsWith("credentials in the download base are not supported: use a mirror that needs none")
        .contains("{option:JULIA_DOWNLOAD_BASE}");
  }

  @Test
  void aBaseThatIsNotHttpIsRefusedNamingOnlyHttp() {
    for (String base : new String[] {"file:///srv/julia/bin/", "ftp://mirror.example.org/bin/", "mirror/bin/"}) {
      assertThatThrownBy(() -> DownloadUrls.checkBase(URI.create(base)))
          .as(base)
          .isInstanceOf(OptionException.class)
          .extracting(e -> ((OptionException) e).rawMessage()).asString()
          .contains("{option:JULIA_DOWNLOAD_BASE} must be an http:// or https:// URL");
    }
  }

  @Test
  void aBaseWithoutAHostIsRefused() {
    assertThatThrownBy(() -> DownloadUrls.checkBase(URI.create("http:///bin/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name a host");
  }

  @Test
  void httpAndHttpsBasesAreAccepted() {
    assertThatCode(() -> DownloadUrls.checkBase(URI.create("https://julialang-s3.julialang.org/bin/"))).doesNotThrowAnyException();
    assertThatCode(() -> DownloadUrls.checkBase(URI.create("HTTP://127.0.0.1:8080/bin/"))).doesNotThrowAnyException();
  }

  @Test
  void anIndexEntryOfAnotherSchemeIsASiegeException() {
    assertThatThrownBy(() -> DownloadUrls.checkListed(URI.create("file:///etc/passwd"), "Julia 1.10.5"))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains("file:///etc/passwd").contains("only http:// and https:// addresses are downloaded"));
  }
}
