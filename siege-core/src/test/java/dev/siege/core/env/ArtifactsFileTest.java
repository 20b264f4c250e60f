package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFilesTest;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsFileTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/pkg");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private ArtifactsFile read(String text) throws Exception {
    Files.createDirectories(dir);
    return ArtifactsFile.read(Files.writeString(dir.resolve("Artifacts.toml"), text));
  }

  @Test
  void readsSingleAndPerPlatformBindingsWithDownloads() throws Exception {
    ArtifactsFile a =
        read("[land_mask]\ngit-tree-sha1 = \"e4\"\n\n"
            + "[[\"mingw w64\"]]\narch = \"x86_64\"\ngit-tree-sha1 = \"b1\"\nos = \"windows\"\nlazy = true\n"
            + "    [[\"mingw w64\".download]]\n    sha256 = \"53\"\n    url = \"https://a/x.tar.gz\"\n"
            + "    [[\"mingw w64\".download]]\n    sha256 = \"53\"\n    url = \"https://mirror/x.tar.gz\"\n\n"
            + "[[\"mingw w64\"]]\narch = \"i686\"\ngit-tree-sha1 = \"85\"\nos = \"windows\"\nlibgfortran_version = \"5.0.0\"\n");
    assertThat(a.names()).containsExactly("land_mask", "mingw w64");
    ArtifactsFile.Binding single = a.bindings("land_mask").get(0);
    assertThat(single.platformSpecific()).isFalse();
    assertThat(single.platform()).isEmpty();
    assertThat(single.downloads()).isEmpty();
    assertThat(single.lazy()).isFalse();
    assertThat(single.line()).isEqualTo(1);
    var mingw = a.bindings("mingw w64");
    assertThat(mingw).hasSize(2).allMatch(ArtifactsFile.Binding::platformSpecific);
    assertThat(mingw.get(0).platform()).isEqualTo(Map.of("arch", "x86_64", "os", "windows"));
    assertThat(mingw.get(0).lazy()).isTrue();
    assertThat(mingw.get(0).downloads())
        .containsExactly(new ArtifactsFile.Download("https://a/x.tar.gz", "53"), new ArtifactsFile.Download("https://mirror/x.tar.gz", "53"));
    assertThat(mingw.get(1).platform()).containsEntry("libgfortran_version", "5.0.0");
    assertThat(mingw.get(1).line()).isEqualTo(16);
    assertThat(a.lazyBindings()).containsExactly(mingw.get(0));
  }

  @Test
  void findPrefersJuliaArtifactsToml() throws Exception {
    Files.createDirectories(dir);
    assertThat(ArtifactsFile.find(dir)).isEmpty();
    Files.writeString(dir.resolve("Artifacts.toml"), "");
    assertThat(ArtifactsFile.find(dir)).contains(dir.resolve("Artifacts.toml"));
    Files.writeString(dir.resolve("JuliaArtifacts.toml"), "");
    assertThat(ArtifactsFile.find(dir)).contains(dir.resolve("JuliaArtifacts.toml"));
  }

  @Test
  void rejectsABindingWithoutTreeHash() throws Exception {
    Files.createDirectories(dir);
    Path f = Files.writeString(dir.resolve("Artifacts.toml"), "[x]\nlazy = true\n");
    SiegeException e = catchThrowableOfType(SiegeException.class, () -> ArtifactsFile.read(f));
    assertThat(e.getMessage()).contains("\"x\" has no git-tree-sha1");
    assertThat(e.line()).hasValue(1);
  }

  @Test
  void rejectsADownloadWithoutSha256() throws Exception {
    Files.createDirectories(dir);
    Path f = Files.writeString(dir.resolve("Artifacts.toml"), "[x]\ngit-tree-sha1 = \"1\"\n[[x.download]]\nurl = \"u\"\n");
    assertThat(catchThrowableOfType(SiegeException.class, () -> ArtifactsFile.read(f)).getMessage()).contains("no sha256");
  }

  // ---- issue 14 item 14: Julia uses the first artifacts file it finds, not both ----

  @Test
  void juliaArtifactsTomlIsUsedAndArtifactsTomlIgnoredWhenBothExist_FindArtifactsToml() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Artifacts.toml"), "[ignored]\ngit-tree-sha1 = \"aa\"\n");
    Files.writeString(dir.resolve("JuliaArtifacts.toml"), "[used]\ngit-tree-sha1 = \"bb\"\n");
    assertThat(ArtifactsFile.find(dir)).contains(dir.resolve("JuliaArtifacts.toml"));
    assertThat(ArtifactsFile.load(dir).orElseThrow().names()).containsExactly("used");
  }

  @Test
  void artifactsTomlAloneIsUsedAndNoFileMeansNoArtifacts() throws Exception {
    Files.createDirectories(dir);
    assertThat(ArtifactsFile.load(dir)).isEmpty();
    Files.writeString(dir.resolve("Artifacts.toml"), "[only]\ngit-tree-sha1 = \"aa\"\n");
    assertThat(ArtifactsFile.load(dir).orElseThrow().names()).containsExactly("only");
  }

  @Test
  void aJuliaArtifactsTomlThatIsAFifoIsReportedNotSkippedOrOpened(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("Artifacts.toml"), "[only]\ngit-tree-sha1 = \"aa\"\n");
    RegularFilesTest.mkfifo(tmp.resolve("JuliaArtifacts.toml"));
    SiegeException e = catchThrowableOfType(SiegeException.class, () -> ArtifactsFile.load(tmp));
    assertThat(e.getMessage()).startsWith("is a FIFO");
    assertThat(e.file()).contains(tmp.resolve("JuliaArtifacts.toml"));
  }
}
