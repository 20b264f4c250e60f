package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PackageFilesTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/work/Pkg");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  private Path write(String rel, String text) throws Exception {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  @Test
  void leavesOutVersionControlKeysAndEditorFiles() {
    for (String n : new String[] {".git", ".ssh", ".env", ".env.local", "server.pem", "tls.KEY", "id_rsa", "id_rsa.pub",
        "id_ed25519", ".DS_Store", "main.jl.swp", "main.jl~", ".netrc", ".git-credentials"}) {
      assertThat(PackageFiles.leftOut(n)).as(n).isTrue();
    }
    for (String n : new String[] {"src", "Foo.jl", "keys.jl", "environment.jl", "deps.jl", ".JuliaFormatter.toml"}) {
      assertThat(PackageFiles.leftOut(n)).as(n).isFalse();
    }
  }

  @Test
  void listsWhatShipsAndWhatIsLeftOut() throws Exception {
    write("src/Pkg.jl", "module Pkg end");
    write("src/.env", "TOKEN=x");
    write(".git/config", "[core]");
    write(".ssh/id_rsa", "KEY");
    write("src/notes.jl~", "old");
    assertThat(PackageFiles.shipped(dir.resolve("src"))).containsExactly("Pkg.jl");
    assertThat(PackageFiles.leftOutUnder(dir)).containsExactlyInAnyOrder(".git/", ".ssh/", "src/.env", "src/notes.jl~");
  }

  @Test
  void aProjectIsAPackageWithANameAUuidAndItsEntryFile() throws Exception {
    Path project = write("Project.toml", "name = \"Pkg\"\nuuid = \"" + UUID.randomUUID() + "\"\n");
    assertThat(PackageFiles.notAPackage(ProjectFile.read(project), dir)).contains("it has no src/Pkg.jl");
    write("src/Pkg.jl", "module Pkg end");
    assertThat(PackageFiles.notAPackage(ProjectFile.read(project), dir)).isEmpty();
    write("Project.toml", "name = \"Pkg\"\n");
    assertThat(PackageFiles.notAPackage(ProjectFile.read(project), dir)).contains("Project.toml has no uuid");
  }

  @Test
  void aDevelopedDirectoryMustBeThatPackage() throws Exception {
    UUID uuid = UUID.randomUUID();
    assertThat(PackageFiles.notThePackage(dir, "Pkg", uuid)).get().asString().contains("no readable Project.toml");
    write("Project.toml", "name = \"Other\"\nuuid = \"" + uuid + "\"\n");
    assertThat(PackageFiles.notThePackage(dir, "Pkg", uuid)).get().asString().contains("names \"Other\"");
    write("Project.toml", "name = \"Pkg\"\nuuid = \"" + uuid + "\"\n");
    assertThat(PackageFiles.notThePackage(dir, "Pkg", uuid)).isEmpty();
  }
}
