package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.provision.HostPlatform;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
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
  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<SiegeEvent> events = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      synchronized (requests) {
        requests.add(path);
      }
      byte[] body = files.get(path);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    for (String v : List.of("1.10.4", "1.11.7", "1.12.1")) {
      publish(v);
    }
    StringBuilder index = new StringBuilder("{");
    HostPlatform host = HostPlatform.current();
    for (String v : List.of("1.10.4", "1.11.7", "1.12.1")) {
      byte[] tarball = files.get("/bin/julia-" + v + ".tar.gz");
      index.append(index.length() > 1 ? "," : "").append("\"").append(v).append("\": {\"stable\": true, \"files\": [")
          .append("{\"triplet\": \"").append(host.tripletPrefix()).append("\", \"os\": \"").append(host.os())
          .append("\", \"arch\": \"").append(host.arch()).append("\", \"kind\": \"archive\", \"extension\": \"tar.gz\", ")
          .append("\"url\": \"julia-").append(v).append(".tar.gz\", \"sha256\": \"").append(sha256(tarball))
          .append("\", \"size\": ").append(tarball.length).append(", \"version\": \"").append(v).append("\"}]}");
    }
    files.put("/bin/versions.json", index.append("}").toString().getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private BuildContext context() {
    return BuildContext.create()
        .cacheDirectory(tmp.resolve("cache"))
        .workingDirectory(Files.exists(tmp.resolve("work")) ? tmp.resolve("work") : tmp)
        .environmentVariables(Map.of("PATH", tmp.resolve("no-julia-here").toString(), "HOME", tmp.toString()))
        .juliaDownloadBase(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bin/"))
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
    assertThat(requests).isEmpty();
  }

  @Test
  void aPlanDownloadsNothingAndSaysWhatABuildWouldDownload() throws Exception {
    Environment env = project(null, "1.11.7");

    assertThatThrownBy(() -> context().juliaExecutable(env, env.dir(), false, INSECURE, events::add))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains("a plan downloads nothing").contains("official Julia 1.11.7"));
    assertThat(requests).doesNotContain("/bin/julia-1.11.7.tar.gz");
  }

  private void publish(String version) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      String top = "julia-" + version + "/";
      for (String dir : List.of(top, top + "bin/")) {
        TarArchiveEntry e = new TarArchiveEntry(dir, TarArchiveEntry.LF_DIR);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      byte[] script = ("#!/bin/sh\necho \"julia version " + version + "\"\n").getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(top + "bin/julia");
      e.setMode(0100755);
      e.setSize(script.length);
      tar.putArchiveEntry(e);
      tar.write(script);
      tar.closeArchiveEntry();
    }
    files.put("/bin/julia-" + version + ".tar.gz", bytes.toByteArray());
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
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
