package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.BuildOption;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.plan.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputChecksTest {
  @TempDir Path tmp;
  Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("env"));
    Files.writeString(project.resolve("Project.toml"), "[deps]\n");
  }

  private void check(BuildOptions.Builder b) throws SiegeException {
    OutputChecks.check(Environment.load(project), b.build());
  }

  @Test
  void aFreshOutputBesideTheProjectIsFine() {
    assertThatCode(() -> check(BuildOptions.builder(project).output(tmp.resolve("build")))).doesNotThrowAnyException();
  }

  @Test
  void aProjectInsideTheOutputIsRefusedSoTheSwapCannotDeleteIt() throws Exception {
    Path output = tmp.resolve("out");
    Path inner = Files.createDirectories(output.resolve("proj"));
    Files.writeString(inner.resolve("Project.toml"), "[deps]\n");
    Files.writeString(output.resolve("siege-bundle.toml"), "format = 1\n");
    assertThatThrownBy(() -> OutputChecks.check(Environment.load(inner), BuildOptions.builder(inner).output(output).build()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("is inside the output");
  }

  @Test
  void anOutputInsideTheProjectIsRefused() {
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(project.resolve("build"))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("inside the project");
  }

  @Test
  void theRootDirectoryIsNoOutput() {
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(Path.of("/"))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("root directory");
  }

  @Test
  void anOutputWhoseParentIsMissingIsRefused() {
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(tmp.resolve("no/such/build"))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("parent directory does not exist");
  }

  @Test
  void aDirectoryThatIsNotABundleIsRefusedBeforeAnyWork() throws Exception {
    Path output = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(output.resolve("notes.txt"), "keep");
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(output)))
        .isInstanceOf(SiegeException.class).hasMessageContaining("not a SIEGE bundle");
  }

  @Test
  void aManifestOutsideTheProjectIsRefused() throws Exception {
    Files.writeString(tmp.resolve("Manifest.toml"), "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n");
    Files.writeString(project.resolve("Project.toml"), "manifest = \"../Manifest.toml\"\n[deps]\n");
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(tmp.resolve("build"))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("outside the project");
  }

  @Test
  void aMissingPrecompileScriptIsAnErrorNamingTheOption() {
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(tmp.resolve("build"))
        .precompileScript(tmp.resolve("nope.jl"))))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage()).contains(BuildOption.PRECOMPILE_SCRIPT.ref()));
  }
}
