package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeEnvironmentTest {

  @TempDir Path tmp;

  private Path dir(String name, String... files) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (String f : files) {
      Files.writeString(dir.resolve(f), f.contains("Project") ? "" : "manifest_format = \"2.0\"\n");
    }
    return dir;
  }

  private static Path manifestFile(Path dir, String julia) throws Exception {
    return FakeEnvironment.readProject(dir, julia).orElseThrow().manifestFile();
  }

  @Test
  void readsTheVersionedManifestOnlyWithAJuliaThatKnowsIt() throws Exception {
    Path env = dir("env", "Project.toml", "Manifest.toml", "Manifest-v1.11.toml", "Manifest-v1.10.toml");

    assertThat(manifestFile(env, "1.11.2")).isEqualTo(env.resolve("Manifest-v1.11.toml"));
    assertThat(manifestFile(env, "1.10.8")).isEqualTo(env.resolve("Manifest-v1.10.toml"));
    assertThat(manifestFile(env, "1.10.4")).isEqualTo(env.resolve("Manifest.toml"));
  }

  @Test
  void prefersJuliaProjectAndJuliaManifestAndPairsThemWhenThereIsNoManifestYet() throws Exception {
    Path both = dir("both", "Project.toml", "JuliaProject.toml", "Manifest.toml", "JuliaManifest.toml");
    Path fresh = dir("fresh", "JuliaProject.toml");

    assertThat(FakeEnvironment.readProject(both, "1.10.4").orElseThrow().file()).isEqualTo(both.resolve("JuliaProject.toml"));
    assertThat(manifestFile(both, "1.10.4")).isEqualTo(both.resolve("JuliaManifest.toml"));
    assertThat(manifestFile(fresh, "1.10.4")).isEqualTo(fresh.resolve("JuliaManifest.toml"));
  }

  @Test
  void theManifestKeyIsWherePkgWritesEvenBeforeThatFileExists() throws Exception {
    Path env = dir("env", "Manifest.toml");
    Files.writeString(env.resolve("Project.toml"), "manifest = \"Custom.toml\"\n");

    assertThat(manifestFile(env, "1.10.4")).isEqualTo(env.resolve("Custom.toml"));

    dir("env", "Custom.toml");
    assertThat(manifestFile(env, "1.10.4")).isEqualTo(env.resolve("Custom.toml"));
  }

  @Test
  void aWorkspaceMemberReadsTheRootsManifest() throws Exception {
    Path root = dir("root", "Manifest.toml");
    Files.writeString(root.resolve("Project.toml"), "[workspace]\nprojects = [\"member\"]\n");
    Path member = dir("root/member", "Project.toml", "Manifest.toml");

    assertThat(manifestFile(member, "1.12.0")).isEqualTo(root.resolve("Manifest.toml"));
  }

  @Test
  void aDirectoryWithoutAProjectFileOrNoDirectoryAtAllHasNoProject() throws Exception {
    Path empty = dir("empty");
    Files.createDirectories(empty.resolve("Project.toml"));

    assertThat(FakeEnvironment.readProject(empty, "1.10.4")).isEmpty();
    assertThat(FakeEnvironment.readProject(tmp.resolve("missing"), "1.10.4")).isEmpty();
  }
}
