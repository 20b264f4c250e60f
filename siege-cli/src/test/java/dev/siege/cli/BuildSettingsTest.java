package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BuildSettingsTest {

  @Test
  void aDownloadBaseWithAPasswordIsAUsageErrorThatDoesNotShowIt() {
    assertThatThrownBy(() -> BuildSettings.downloadBase("http://alice:s3cret@mirror.example.org/bin/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("credentials in the download base are not supported: use a mirror that needs none")
        .hasMessageContaining("SIEGE_JULIA_DOWNLOAD_BASE")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("{option:");
  }

  @Test
  void aDownloadBaseThatIsNotHttpIsAUsageErrorSayingOnlyHttpIsAccepted() {
    for (String base : new String[] {"file:///srv/julia/bin/", "ftp://mirror.example.org/bin/"}) {
      assertThatThrownBy(() -> BuildSettings.downloadBase(base))
          .as(base)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SIEGE_JULIA_DOWNLOAD_BASE must be an http:// or https:// URL");
    }
  }

  @Test
  void anUnparsableDownloadBaseDoesNotShowItsPassword() {
    assertThatThrownBy(() -> BuildSettings.downloadBase("http://alice:s3cret@mirror example/bin/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a URL").hasMessageNotContaining("s3cret");
  }

  @Test
  void anHttpsMirrorIsAccepted() {
    assertThat(BuildSettings.downloadBase(" https://mirror.example.org/julia/bin/ "))
        .isEqualTo(URI.create("https://mirror.example.org/julia/bin/"));
  }
}
