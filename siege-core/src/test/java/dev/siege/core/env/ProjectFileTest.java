package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectFileTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path file = fs.getPath("/p/Project.toml");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private ProjectFile read(String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return ProjectFile.read(file);
  }

  private SiegeException fails(String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return catchThrowableOfType(SiegeException.class, () -> ProjectFile.read(file));
  }

  static final String A = "00000000-0000-0000-0000-00000000000a";
  static final String B = "00000000-0000-0000-0000-00000000000b";

  @Test
  void readsEverySection() throws Exception {
    ProjectFile p =
        read("name = \"Demo\"\nuuid = \"" + A + "\"\nversion = \"0.3.1-DEV\"\nmanifest = \"M.toml\"\n\n"
            + "[deps]\nZed = \"" + A + "\"\nAlpha = \"" + B + "\"\n\n"
            + "[weakdeps]\nW = \"" + B + "\"\n\n"
            + "[extensions]\nDemoWExt = \"W\"\nDemoBoth = [\"W\", \"Alpha\"]\n\n"
            + "[compat]\nZed = \"1.2\"\njulia = \"1.10\"\n\n"
            + "[extras]\nTest = \"8dfed614-e22c-5e08-85e1-65c5234f0b40\"\n\n"
            + "[targets]\ntest = [\"Test\"]\n\n"
            + "[sources]\nZed = {url = \"https://x/Zed.jl\", rev = \"main\", subdir = \"lib\"}\nAlpha = {path = \"../Alpha\"}\n\n"
            + "[workspace]\nprojects = [\"test\", \"docs\"]\n");
    assertThat(p.name()).contains("Demo");
    assertThat(p.uuid()).contains(UUID.fromString(A));
    assertThat(p.version()).contains(Version.parse("0.3.1-DEV"));
    assertThat(p.manifest()).contains("M.toml");
    assertThat(p.deps().keySet()).containsExactly("Zed", "Alpha");
    assertThat(p.weakdeps()).containsEntry("W", UUID.fromString(B));
    assertThat(p.extensions()).containsEntry("DemoWExt", List.of("W")).containsEntry("DemoBoth", List.of("W", "Alpha"));
    assertThat(p.compat()).containsEntry("Zed", "1.2").containsEntry("julia", "1.10");
    assertThat(p.juliaCompat().orElseThrow().contains(Version.parse("1.11.3"))).isTrue();
    assertThat(p.compatSpecs().get("Zed").contains(Version.parse("2.0.0"))).isFalse();
    assertThat(p.extras()).containsOnlyKeys("Test");
    assertThat(p.targets()).containsEntry("test", List.of("Test"));
    assertThat(p.sources().get("Zed"))
        .isEqualTo(new ProjectFile.Source(Optional.of("https://x/Zed.jl"), Optional.of("main"), Optional.of("lib"), Optional.empty()));
    assertThat(p.sources().get("Alpha").path()).contains("../Alpha");
    assertThat(p.workspaceProjects()).containsExactly("test", "docs");
    assertThat(p.lineOf("deps", "Alpha")).isEqualTo(8);
    assertThat(p.lineOf("compat", "julia")).isEqualTo(19);
    assertThat(p.lineOf("name")).isEqualTo(1);
    assertThat(p.lineOf("deps", "Nope")).isZero();
  }

  @Test
  void anEmptyProjectIsValid() throws Exception {
    ProjectFile p = read("");
    assertThat(p.name()).isEmpty();
    assertThat(p.deps()).isEmpty();
    assertThat(p.juliaCompat()).isEmpty();
  }

  @Test
  void collectionsAreImmutable() throws Exception {
    ProjectFile p = read("[deps]\nA = \"" + A + "\"\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.deps().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsANameThatIsNotAString() throws Exception {
    SiegeException e = fails("name = 3\n");
    assertThat(e.getMessage()).isEqualTo("\"name\" in top level must be a string, not an integer");
    assertThat(e.line()).hasValue(1);
  }

  @Test
  void rejectsExtensionsOfTheWrongType() throws Exception {
    SiegeException e = fails("[extensions]\nX = 1\n");
    assertThat(e.getMessage()).contains("a string or an array of strings");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsACompatValueThatIsNotAString() throws Exception {
    SiegeException e = fails("[compat]\njulia = 1.6\n");
    assertThat(e.getMessage()).contains("\"julia\" in [compat] must be a string, not a float");
  }

  @Test
  void rejectsAnInvalidProjectUuid() throws Exception {
    SiegeException e = fails("name = \"X\"\nuuid = \"{" + A + "}\"\n");
    assertThat(e.getMessage()).contains("invalid UUID for \"uuid\"");
    assertThat(e.line()).hasValue(2);
  }
}
