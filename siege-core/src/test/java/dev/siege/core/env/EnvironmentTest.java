package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.io.RegularFiles;
import dev.siege.core.io.RegularFilesTest;
import dev.siege.core.io.Unprivileged;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
  static final String CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";
  static final String PROJECT = "[deps]\nCSV = \"" + CSV + "\"\n\n[compat]\nCSV = \"0.10\"\njulia = \"1.10\"\n";

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/work/env");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  static String manifest(String juliaVersion) {
    return "julia_version = \"" + juliaVersion + "\"\nmanifest_format = \"2.0\"\n\n"
        + "[[deps.CSV]]\ngit-tree-sha1 = \"aa\"\nuuid = \"" + CSV + "\"\nversion = \"0.10.14\"\n";
  }

  private SiegeException loadFails() {
    return catchThrowableOfType(SiegeException.class, () -> Environment.load(dir));
  }

  // ---- picking files ----

  @Test
  void readsProjectAndManifest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("1.10.4"));
    Environment env = Environment.load(dir);
    assertThat(env.project().path()).isEqualTo(dir.resolve("Project.toml"));
    assertThat(env.directDeps()).containsEntry("CSV", UUID.fromString(CSV));
    assertThat(env.manifest().orElseThrow().juliaVersion()).contains(Version.parse("1.10.4"));
    assertThat(env.directEntries().get("CSV").orElseThrow().version()).contains(Version.parse("0.10.14"));
    assertThat(env.entries()).hasSize(1);
  }

  @Test
  void hasNoManifestWhenNoneExists() throws Exception {
    write("Project.toml", PROJECT);
    Environment env = Environment.load(dir);
    assertThat(env.manifest()).isEmpty();
    assertThat(env.entries()).isEmpty();
    assertThat(env.directEntries().get("CSV")).isEmpty();
  }

  @Test
  void prefersJuliaProjectAndJuliaManifest() throws Exception {
    write("Project.toml", "name = \"Plain\"\n");
    write("JuliaProject.toml", "name = \"Julia\"\n");
    write("Manifest.toml", manifest("1.10.0"));
    write("JuliaManifest.toml", manifest("1.11.0"));
    Environment env = Environment.load(dir);
    assertThat(env.project().name()).contains("Julia");
    assertThat(env.manifest().orElseThrow().path().getFileName()).hasToString("JuliaManifest.toml");
  }

  @Test
  void picksTheVersionedManifestOfTheMatchingJulia() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("1.10.4"));
    write("Manifest-v1.11.toml", manifest("1.11.2"));
    write("Manifest-v1.12.toml", manifest("1.12.1"));
    assertThat(manifestName(Version.parse("1.11.5"))).isEqualTo("Manifest-v1.11.toml");
    assertThat(manifestName(Version.parse("1.12.0-rc1"))).isEqualTo("Manifest-v1.12.toml");
    assertThat(manifestName(Version.parse("1.13.0"))).isEqualTo("Manifest.toml");
    assertThat(manifestName(null)).isEqualTo("Manifest.toml");
  }

  @Test
  void juliaBefore1_10_8IgnoresVersionedManifests() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("1.10.4"));
    write("Manifest-v1.10.toml", manifest("1.10.8"));
    assertThat(manifestName(Version.parse("1.10.7"))).isEqualTo("Manifest.toml");
    assertThat(manifestName(Version.parse("1.10.8"))).isEqualTo("Manifest-v1.10.toml");
  }

  @Test
  void versionedJuliaManifestBeatsVersionedManifest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest-v1.11.toml", manifest("1.11.0"));
    write("JuliaManifest-v1.11.toml", manifest("1.11.1"));
    assertThat(manifestName(Version.parse("1.11.1"))).isEqualTo("JuliaManifest-v1.11.toml");
  }

  @Test
  void withoutJuliaVersionAndOnlyVersionedManifestsTakesTheNewest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest-v1.9.toml", manifest("1.9.0"));
    write("Manifest-v1.11.toml", manifest("1.11.0"));
    write("Manifest-v1.10.toml", manifest("1.10.0"));
    assertThat(manifestName(null)).isEqualTo("Manifest-v1.11.toml");
    assertThat(manifestName(Version.parse("1.13.0"))).isNull();
  }

  @Test
  void honoursTheProjectsManifestKeyWhenTheFileExists() throws Exception {
    write("Project.toml", "manifest = \"sub/Custom.toml\"\n" + PROJECT);
    write("Manifest.toml", manifest("1.10.4"));
    write("sub/Custom.toml", manifest("1.11.1"));
    assertThat(manifestName(null)).isEqualTo("Custom.toml");
    write("Project.toml", "manifest = \"Gone.toml\"\n" + PROJECT);
    assertThat(manifestName(null)).isEqualTo("Manifest.toml");
  }

  @Test
  void locatesTheManifestForAManifestKeyReadWithoutProjectFile() throws Exception {
    write("Manifest.toml", manifest("1.10.4"));
    write("sub/Custom.toml", manifest("1.11.1"));

    assertThat(Environment.locateManifest(dir, Optional.of("sub/Custom.toml"), null))
        .contains(dir.resolve("sub/Custom.toml"));
    assertThat(Environment.locateManifest(dir, Optional.of("Gone.toml"), null))
        .contains(dir.resolve("Manifest.toml"));
    assertThat(Environment.locateManifest(dir, Optional.empty(), Version.parse("1.10.4")))
        .contains(dir.resolve("Manifest.toml"));
  }

  @Test
  void aWorkspaceMemberUsesTheRootsManifest() throws Exception {
    Path root = dir.getParent();
    Files.writeString(root.resolve("Project.toml"), "[workspace]\nprojects = [\"env\"]\n");
    Files.writeString(root.resolve("Manifest.toml"), manifest("1.12.0"));
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("1.10.0"));
    Environment env = Environment.load(dir);
    assertThat(env.manifest().orElseThrow().path().normalize()).isEqualTo(root.resolve("Manifest.toml"));
  }

  private String manifestName(Version julia) throws SiegeException {
    ProjectFile p = ProjectFile.read(Environment.locateProject(dir));
    return Environment.locateManifest(dir, p, julia).map(f -> f.getFileName().toString()).orElse(null);
  }

  // ---- bad input: each is a SiegeException naming the file (and line) ----

  @Test
  void rejectsAMissingDirectory() {
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("no such directory");
    assertThat(e.file()).contains(dir);
  }

  @Test
  void rejectsAFileGivenAsDirectory() throws Exception {
    Files.createDirectories(dir.getParent());
    Files.writeString(dir, "x");
    assertThat(loadFails().getMessage()).contains("not a directory");
  }

  @Test
  void rejectsADirectoryWithoutProjectToml() throws Exception {
    Files.createDirectories(dir);
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("no Project.toml");
    assertThat(e.file()).contains(dir);
    assertThat(e.hint()).isPresent();
  }

  @Test
  void rejectsProjectTomlThatIsADirectory() throws Exception {
    Files.createDirectories(dir.resolve("Project.toml"));
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("is a directory");
    assertThat(e.file()).contains(dir.resolve("Project.toml"));
  }

  @Test
  void rejectsInvalidUtf8WithItsLine() throws Exception {
    write("Project.toml", new byte[] {'n', '=', '1', '\n', 'a', ' ', '=', ' ', '"', (byte) 0xC3, (byte) 0x28, '"', '\n'});
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("not valid UTF-8");
    assertThat(e.file()).contains(dir.resolve("Project.toml"));
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsRandomBytes() throws Exception {
    byte[] bytes = new byte[4096];
    new Random(42).nextBytes(bytes);
    write("Project.toml", bytes);
    SiegeException e = loadFails();
    assertThat(e.file()).contains(dir.resolve("Project.toml"));
    assertThat(e.describe()).startsWith("/work/env/Project.toml:").doesNotContain("\n");
  }

  @Test
  void rejectsTomlSyntaxErrorsWithTheLine() throws Exception {
    write("Project.toml", "name = \"X\"\n\n[deps\nCSV = \"" + CSV + "\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).startsWith("invalid TOML:");
    assertThat(e.line()).hasValue(3);
    assertThat(e.describe()).startsWith("/work/env/Project.toml:3: invalid TOML");
  }

  @Test
  void rejectsTomlSyntaxErrorsInTheManifest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", "julia_version = 1.10.4\n");
    SiegeException e = loadFails();
    assertThat(e.file()).contains(dir.resolve("Manifest.toml"));
    assertThat(e.line()).hasValue(1);
  }

  @Test
  void rejectsDepsOfTheWrongType() throws Exception {
    write("Project.toml", "name = \"X\"\ndeps = [\"CSV\"]\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("\"deps\"").contains("must be a table, not an array");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsADepsValueThatIsNotAString() throws Exception {
    write("Project.toml", "[deps]\nCSV = 42\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("\"CSV\" in [deps] must be a string, not an integer");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsInvalidUuids() throws Exception {
    write("Project.toml", "[deps]\nDataFrames = \"a93c6f00-e57d-5684-b7b6\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("invalid UUID").contains("DataFrames");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsInvalidUuidsInTheManifest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", "manifest_format = \"2.0\"\n[[deps.CSV]]\nuuid = \"not-a-uuid\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("invalid UUID");
    assertThat(e.file()).contains(dir.resolve("Manifest.toml"));
    assertThat(e.line()).hasValue(3);
  }

  @Test
  void rejectsInvalidVersions() throws Exception {
    write("Project.toml", "name = \"X\"\nversion = \"1.2.x\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("invalid version").contains("1.2.x");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void rejectsInvalidVersionsInTheManifest() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("1.10.4").replace("0.10.14", "zero"));
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("invalid version for \"version\" in entry \"CSV\"");
    assertThat(e.line()).hasValue(7);
  }

  @Test
  void rejectsAnInvalidJuliaVersion() throws Exception {
    write("Project.toml", PROJECT);
    write("Manifest.toml", manifest("one.ten"));
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("julia_version");
    assertThat(e.line()).hasValue(1);
  }

  @Test
  void rejectsUnparseableCompat() throws Exception {
    write("Project.toml", "[deps]\nCSV = \"" + CSV + "\"\n[compat]\nCSV = \">> 0.10\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("unparseable [compat] entry for CSV").contains(">> 0.10");
    assertThat(e.line()).hasValue(4);
  }

  @Test
  void rejectsA5000DeepNestedArrayWithoutStackOverflow() throws Exception {
    write("Project.toml", "name = \"X\"\nx = " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("nested more than");
    assertThat(e.line()).hasValue(2);
  }

  @Test
  void nestingInsideStringsAndCommentsIsNotNesting() throws Exception {
    write("Project.toml", "name = \"" + "[".repeat(500) + "\"\n# " + "{".repeat(500) + "\nx = '''\n" + "[".repeat(500) + "'''\n");
    assertThat(Environment.load(dir).project().name()).hasValueSatisfying(n -> assertThat(n).startsWith("[["));
  }

  @Test
  void rejectsDuplicateKeys() throws Exception {
    write("Project.toml", "[deps]\nCSV = \"" + CSV + "\"\nCSV = \"" + CSV + "\"\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).startsWith("duplicate key:").contains("CSV");
    assertThat(e.line()).hasValue(3);
  }

  @Test
  void rejectsDuplicateTables() throws Exception {
    write("Project.toml", "[deps]\nCSV = \"" + CSV + "\"\n\n[deps]\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).startsWith("duplicate key:");
    assertThat(e.line()).hasValue(4);
  }

  @Test
  void rejectsGitMergeConflictMarkersWithAHint() throws Exception {
    write("Project.toml", PROJECT);
    write(
        "Manifest.toml",
        manifest("1.10.4")
            + "\n<<<<<<< HEAD\n[[deps.A]]\nuuid = \"" + CSV + "\"\n=======\n>>>>>>> 1cf1032\n");
    SiegeException e = loadFails();
    assertThat(e.getMessage()).contains("merge conflict");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("resolve the conflict"));
    assertThat(e.file()).contains(dir.resolve("Manifest.toml"));
    assertThat(e.line()).hasValue(9);
  }

  @Test
  void ignoresUnknownProjectKeys() throws Exception {
    write("Project.toml", "authors = [\"A <a@b.c>\"]\nreadonly = true\n[apps.X]\nsubmodule = \"Y\"\n" + PROJECT);
    assertThat(Environment.load(dir).directDeps()).containsOnlyKeys("CSV");
  }

  @Test
  void messagesAreOneLine() throws Exception {
    write("Project.toml", "[deps]\nCSV = \"nope\"\n");
    assertThatThrownBy(() -> Environment.load(dir))
        .isInstanceOf(SiegeException.class)
        .satisfies(t -> assertThat(((SiegeException) t).describe()).doesNotContain("\n"));
  }

  /**
   * Issue 9 items 12 and 16: what is wrong with a project or manifest file that is not a regular
   * file is said as it is, never "no Project.toml" or "resolved at build time". Real files: jimfs
   * has no FIFOs, sockets or devices.
   */
  @Nested
  class FilesThatAreNotRegularFiles {
    @TempDir Path tmp;

    private Path env() throws IOException {
      return Files.createDirectories(tmp.resolve("env"));
    }

    private SiegeException loadFails(Path env) {
      return catchThrowableOfType(SiegeException.class, () -> Environment.load(env));
    }

    @Test
    void aProjectTomlThatIsASymbolicLinkLoopSaysSo() throws Exception {
      Path env = env();
      Files.createSymbolicLink(env.resolve("Project.toml"), Path.of("Project.toml"));
      SiegeException e = loadFails(env);
      assertThat(e.getMessage()).startsWith("is a symbolic link loop");
      assertThat(e.file()).contains(env.resolve("Project.toml"));
    }

    @Test
    void aProjectTomlThatIsADanglingLinkNamesItsTarget() throws Exception {
      Path env = env();
      Files.createSymbolicLink(env.resolve("Project.toml"), Path.of("/srv/gone/Project.toml"));
      assertThat(loadFails(env).getMessage()).isEqualTo("is a dangling symbolic link to /srv/gone/Project.toml");
    }

    @Test
    void aProjectTomlThatIsAFifoSaysSoWithoutOpeningIt() throws Exception {
      Path env = env();
      RegularFilesTest.mkfifo(env.resolve("Project.toml"));
      assertThat(loadFails(env).getMessage()).startsWith("is a FIFO");
    }

    @Test
    void aProjectTomlThatIsASocketSaysSo() throws Exception {
      Path env = env();
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(env.resolve("Project.toml")));
        assertThat(loadFails(env).getMessage()).startsWith("is a socket");
      }
    }

    @Test
    void aProjectTomlLinkedToDevZeroIsADevice() throws Exception {
      Path env = env();
      Path link = Files.createSymbolicLink(env.resolve("Project.toml"), Path.of("/dev/zero"));
      assertThat(loadFails(env).getMessage()).startsWith("is a device");
      Files.delete(link);
    }

    @Test
    void aJuliaProjectTomlThatIsBrokenIsNotSkippedForProjectToml() throws Exception {
      // Julia would skip it; SIEGE shows the mistake instead of building from the other file.
      Path env = env();
      Files.writeString(env.resolve("Project.toml"), PROJECT);
      Files.createSymbolicLink(env.resolve("JuliaProject.toml"), Path.of("gone.toml"));
      SiegeException e = loadFails(env);
      assertThat(e.file()).contains(env.resolve("JuliaProject.toml"));
      assertThat(e.getMessage()).startsWith("is a dangling symbolic link");
    }

    @Test
    void anUnreadableProjectFolderSaysPermissionDenied() throws Exception {
      Path env = env();
      Files.writeString(env.resolve("Project.toml"), PROJECT);
      Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("---------"));
      try {
        assertThat(Unprivileged.load(env))
            .isEqualTo(env + ": cannot look into this directory (permission denied), so its Project.toml cannot be read");
      } finally {
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rwx------"));
      }
    }

    @Test
    void anUnreadableProjectTomlSaysPermissionDenied() throws Exception {
      Path env = env();
      Path project = Files.writeString(env.resolve("Project.toml"), PROJECT);
      Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("---------"));
      assertThat(Unprivileged.load(env)).isEqualTo(project + ": is not readable (permission denied)");
    }

    @Test
    void aManifestThatIsAFifoIsAnErrorNotAManifestToResolveAtBuildTime() throws Exception {
      Path env = env();
      Files.writeString(env.resolve("Project.toml"), PROJECT);
      RegularFilesTest.mkfifo(env.resolve("Manifest.toml"));
      SiegeException e = loadFails(env);
      assertThat(e.getMessage()).startsWith("is a FIFO");
      assertThat(e.file()).contains(env.resolve("Manifest.toml"));
    }

    @Test
    void aManifestKeyNamingADanglingLinkSaysSo() throws Exception {
      Path env = env();
      Files.writeString(env.resolve("Project.toml"), "manifest = \"M.toml\"\n" + PROJECT);
      Files.writeString(env.resolve("Manifest.toml"), manifest("1.10.4"));
      Files.createSymbolicLink(env.resolve("M.toml"), Path.of("elsewhere.toml"));
      SiegeException e = loadFails(env);
      assertThat(e.getMessage()).isEqualTo("is a dangling symbolic link to elsewhere.toml");
      assertThat(e.file()).contains(env.resolve("M.toml"));
    }

    @Test
    void aProjectDirectoryThatIsADanglingLinkSaysSo() throws Exception {
      Path link = Files.createSymbolicLink(tmp.resolve("env"), Path.of("moved"));
      assertThat(loadFails(link).getMessage()).isEqualTo("is a dangling symbolic link to moved");
    }

    @Test
    void aManifestOverTheSizeLimitIsRefusedFromItsSizeNamingFileAndLimit() throws Exception {
      // Issue 9 item 11: tomlj needs ~230x a file's size in heap; a 20 MiB manifest would need
      // several GB. The (sparse) file is refused by its size, before a byte is read.
      Path env = env();
      Files.writeString(env.resolve("Project.toml"), PROJECT);
      Path manifest = env.resolve("Manifest.toml");
      try (RandomAccessFile f = new RandomAccessFile(manifest.toFile(), "rw")) {
        f.setLength(20 * RegularFiles.MIB);
      }
      SiegeException e = loadFails(env);
      assertThat(e.describe()).isEqualTo(manifest + ": is larger than the 2 MiB limit (20.0 MiB)");
    }
  }
}
