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
import java.util.List;
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
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage()).contains(BuildOption.PRECOMPILE_SCRIPT.ref())
            .contains("no such file"));
  }

  @Test
  void aPrecompileScriptThatIsADeviceOrDirectoryIsNotCalledMissing() {
    for (Path notAFile : List.of(Path.of("/dev/null"), tmp)) {
      assertThatThrownBy(() -> check(BuildOptions.builder(project).output(tmp.resolve("build"))
          .precompileScript(notAFile)))
          .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
              .contains("not a regular file").doesNotContain("no such file"));
    }
  }

  /** {@code ln -s out/work wk; siege build wk -o out --force} must not delete the project. */
  @Test
  void aProjectReachedThroughALinkIntoTheOutputIsInsideTheOutput() throws Exception {
    Path output = Files.createDirectories(tmp.resolve("out"));
    Path work = Files.createDirectories(output.resolve("work"));
    Files.writeString(work.resolve("Project.toml"), "[deps]\n");
    Path link = Files.createSymbolicLink(tmp.resolve("wk"), work);
    assertThatThrownBy(() -> OutputChecks.check(Environment.load(link), BuildOptions.builder(link).output(output).build()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("is inside the output").hasMessageContaining("real path");
  }

  @Test
  void anOutputReachedThroughALinkIntoTheProjectIsInsideTheProject() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("proj-link"), project);
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(link.resolve("build"))))
        .isInstanceOf(SiegeException.class).hasMessageContaining("inside the project");
  }

  @Test
  void aProjectInsideTheStagingDirectoryOfAKilledBuildIsRefused() throws Exception {
    Path inner = Files.createDirectories(tmp.resolve(".out.siege-staging/env"));
    Files.writeString(inner.resolve("Project.toml"), "[deps]\n");
    assertThatThrownBy(() -> OutputChecks.check(Environment.load(inner), BuildOptions.builder(inner).output(tmp.resolve("out")).build()))
        .isInstanceOf(SiegeException.class).hasMessageContaining(".out.siege-staging");
  }

  @Test
  void aPrecompileFileInsideTheOutputIsRefusedEvenThroughALink() throws Exception {
    Path output = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(output.resolve("precompile.jl"), "using A\n");
    Path link = Files.createSymbolicLink(tmp.resolve("pc.jl"), output.resolve("precompile.jl"));
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(output).precompileScript(link)))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains(BuildOption.PRECOMPILE_SCRIPT.ref()).contains("is inside the output"));
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(output).precompileStatements(link)))
        .isInstanceOfSatisfying(SiegeException.class, e -> assertThat(e.rawMessage())
            .contains(BuildOption.PRECOMPILE_STATEMENTS.ref()).contains("is inside the output"));
  }

  private void manifestWithDevelopedPackage(String path) throws Exception {
    Files.writeString(project.resolve("Project.toml"), "[deps]\nDevPkg = \"00000000-0000-0000-0000-0000000000aa\"\n");
    Files.writeString(project.resolve("Manifest.toml"), """
        julia_version = "1.10.4"
        manifest_format = "2.0"

        [[deps.DevPkg]]
        path = "%s"
        uuid = "00000000-0000-0000-0000-0000000000aa"
        """.formatted(path));
  }

  @Test
  void aDevelopedPackageReachedThroughALinkIntoTheOutputIsRefused() throws Exception {
    Path output = Files.createDirectories(tmp.resolve("out"));
    Path pkg = Files.createDirectories(output.resolve("DevPkg"));
    Files.createSymbolicLink(tmp.resolve("devlink"), pkg);
    manifestWithDevelopedPackage("../devlink");
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(output).vendorDev(true)))
        .isInstanceOf(SiegeException.class).hasMessageContaining("developed package DevPkg").hasMessageContaining("is inside the output");
  }

  @Test
  void anOutputInsideADevelopedPackageIsRefused() throws Exception {
    Path pkg = Files.createDirectories(tmp.resolve("DevPkg"));
    manifestWithDevelopedPackage("../DevPkg");
    assertThatThrownBy(() -> check(BuildOptions.builder(project).output(pkg.resolve("build")).vendorDev(true)))
        .isInstanceOf(SiegeException.class).hasMessageContaining("inside developed package DevPkg");
  }
}
