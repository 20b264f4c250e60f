package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.provision.HostPlatform;
import dev.siege.testkit.FakeJuliaDownloads;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command on a fresh build server: when a search finds no Julia anywhere, the build uses the
 * official Julia the project asks for, downloaded (here from a local server) after saying so.
 */
class BuildContextTest {
  /**
   * The local server publishes no release signatures: what is tested here is which Julia is
   * chosen; JuliaProvisionerTest tests the signature check.
   */
  private static final boolean INSECURE = true;

  @TempDir Path tmp;
  private FakeJuliaDownloads downloads;
  private final List<SiegeEvent> events = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    downloads = FakeJuliaDownloads.start();
    for (String v : List.of("1.10.4", "1.11.7", "1.12.1")) {
      downloads.publish(v, HostPlatform.current().tripletPrefix());
    }
  }

  @AfterEach
  void stop() {
    downloads.close();
  }

  private BuildContext context() {
    return BuildContext.create()
        .cacheDirectory(tmp.resolve("cache"))
        .workingDirectory(Files.exists(tmp.resolve("work")) ? tmp.resolve("work") : tmp)
        .environmentVariables(Map.of("PATH", tmp.resolve("no-julia-here").toString(), "HOME", tmp.toString()))
        .juliaDownloadBase(downloads.base())
        .addListener(events::add);
  }

  private Environment project(String compat, String manifestJulia) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("env"));
    Files.writeString(dir.resolve("Project.toml"), compat == null ? "" : "[compat]\njulia = \"" + compat + "\"\n");
    if (manifestJulia != null) {
      Files.writeString(dir.resolve("Manifest.toml"), "julia_version = \"" + manifestJulia + "\"\nmanifest_format = \"2.0\"\n");
    }
    return Environment.load(dir);
  }

  @Test
  void noJuliaAnywhereDownloadsTheManifestsJuliaAfterSayingSoWithItsSize() throws Exception {
    Environment env = project(null, "1.11.7");

    Path julia = context().juliaExecutable(env, env.dir(), true, INSECURE, events::add);

    assertThat(julia).isEqualTo(tmp.resolve("cache/julia/1.11.7/bin/julia"));
    assertThat(Files.isExecutable(julia)).isTrue();
    assertThat(events).filteredOn(e -> e instanceof SiegeEvent.Message).first()
        .satisfies(e -> assertThat(((SiegeEvent.Message) e).text())
            .contains("no Julia found: downloading the official Julia 1.11.7 (the manifest's julia_version, ")
            .contains(" MB)"));
    assertThat(events).anyMatch(e -> e instanceof SiegeEvent.Progress p && p.unit() == SiegeEvent.Unit.BYTES);
  }

  @Test
  void withoutAManifestTheNewestReleaseTheCompatAllowsIsUsed() throws Exception {
    Environment env = project("~1.10, ~1.11", null); // caret "1.10" would allow 1.12 too

    Path julia = context().juliaExecutable(env, env.dir(), true, INSECURE, events::add);

    assertThat(julia).isEqualTo(tmp.resolve("cache/julia/1.11.7/bin/julia"));
  }

  @Test
  void noDownloadKeepsTheNotFoundErrorAndFetchesNothing() throws Exception {
    Environment env = project(null, "1.11.7");

    assertThatThrownBy(() -> context().downloadWhenNoJuliaIsFound(false).juliaExecutable(env, env.dir(), true, INSECURE, events::add))
        .isInstanceOf(JuliaInstallation.NotFoundException.class)
        .hasMessageContaining("no Julia found");
    assertThat(downloads.requests()).isEmpty();
  }

  @Test
  void aPlanDownloadsNothingAndSaysWhatABuildWouldDownload() throws Exception {
    Environment env = project(null, "1.11.7");

    assertThatThrownBy(() -> context().juliaExecutable(env, env.dir(), false, INSECURE, events::add))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains("a plan downloads nothing").contains("official Julia 1.11.7"));
    assertThat(downloads.requests()).noneMatch(r -> r.contains("julia-1.11.7"));
  }

  @Test
  void aDownloadBaseWithCredentialsOrAnotherSchemeIsRefused() {
    assertThatThrownBy(() -> BuildContext.create().juliaDownloadBase(URI.create("http://alice:s3cret@mirror.example.org/bin/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials in the download base are not supported")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> BuildContext.create().juliaDownloadBase(URI.create("file:///srv/julia/bin/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BuildContext.juliaDownloadBase(...) must be an http:// or https:// URL");
  }
}
