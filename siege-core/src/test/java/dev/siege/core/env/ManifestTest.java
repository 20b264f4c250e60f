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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Manifest read(String text) throws Exception {
    Path p = fs.getPath("/Manifest.toml");
    Files.writeString(p, text);
    return Manifest.read(p);
  }

  private SiegeException fails(String text) throws IOException {
    Path p = fs.getPath("/Manifest.toml");
    Files.writeString(p, text);
    return catchThrowableOfType(SiegeException.class, () -> Manifest.read(p));
  }

  static final String A = "00000000-0000-0000-0000-00000000000a";
  static final String B = "00000000-0000-0000-0000-00000000000b";
  static final String B2 = "00000000-0000-0000-0000-0000000000b2";

  @Test
  void readsFormat1WhereTheTopLevelIsTheDepsDict() throws Exception {
    Manifest m =
        read("# This file is machine-generated - editing it directly is not advised\n\n"
            + "[[A]]\ndeps = [\"B\"]\ngit-tree-sha1 = \"11\"\nuuid = \"" + A + "\"\nversion = \"0.4.2+\"\n\n"
            + "[[B]]\nuuid = \"" + B + "\"\n");
    assertThat(m.format()).isEqualTo("1.0");
    assertThat(m.formatDeclared()).isFalse();
    assertThat(m.juliaVersion()).isEmpty();
    assertThat(m.entries()).extracting(ManifestEntry::name).containsExactly("A", "B");
    ManifestEntry a = m.entries().get(0);
    assertThat(a.version()).contains(Version.parse("0.4.2+"));
    assertThat(a.depNames()).containsExactly("B");
    assertThat(a.deps().get(0).uuid()).isEmpty();
    assertThat(a.line()).isEqualTo(3);
    assertThat(m.entries().get(1).isStdlib()).isTrue();
    assertThat(m.entries().get(1).version()).isEmpty();
  }

  @Test
  void aManifestFormatTableWithUuidMeansFormat1AsInBase() throws Exception {
    // Base.is_v1_format_manifest: such a file is format 1.0, whose top-level values must be
    // [[Name]] entries, so Julia cannot read it either.
    SiegeException e = fails("[manifest_format]\nuuid = \"" + A + "\"\n");
    assertThat(e.getMessage()).contains("[[manifest_format]]");
  }

  @Test
  void anEmptyManifestHasNoEntries() throws Exception {
    Manifest m = read("# header only\n");
    assertThat(m.entries()).isEmpty();
    assertThat(m.format()).isEqualTo("1.0");
  }

  @Test
  void readsFormat2WithEveryEntryKey() throws Exception {
    Manifest m =
        read("julia_version = \"1.11.2\"\nmanifest_format = \"2.0\"\nproject_hash = \"ff\"\nsome_other_field = 1\n\n"
            + "[[deps.A]]\ndeps = [\"B\"]\ngit-tree-sha1 = \"11\"\npinned = true\nuuid = \"" + A + "\"\nversion = \"1.2.3\"\n"
            + "weakdeps = [\"C\"]\nrepo-url = \"https://x/A.jl\"\nrepo-rev = \"main\"\nrepo-subdir = \"lib/A\"\nentryfile = \"src/Main.jl\"\n"
            + "    [deps.A.extensions]\n    AC = \"C\"\n    ABC = [\"B\", \"C\"]\n\n"
            + "[[deps.B]]\npath = \"../B\"\nuuid = \"" + B + "\"\nversion = \"0.1.0\"\n\n"
            + "[[deps.LinearAlgebra]]\nuuid = \"37e2e46d-f89d-539d-b4ee-838fcccc9c8e\"\nversion = \"1.11.0\"\n");
    assertThat(m.format()).isEqualTo("2.0");
    assertThat(m.formatDeclared()).isTrue();
    assertThat(m.isKnownFormat()).isTrue();
    assertThat(m.juliaVersion()).contains(Version.parse("1.11.2"));
    assertThat(m.projectHash()).contains("ff");
    assertThat(m.lineOf("julia_version")).isEqualTo(1);
    ManifestEntry a = m.entriesNamed("A").get(0);
    assertThat(a.uuid()).isEqualTo(UUID.fromString(A));
    assertThat(a.pinned()).isTrue();
    assertThat(a.gitTreeSha1()).contains("11");
    assertThat(a.repoUrl()).contains("https://x/A.jl");
    assertThat(a.repoRev()).contains("main");
    assertThat(a.repoSubdir()).contains("lib/A");
    assertThat(a.entryfile()).contains("src/Main.jl");
    assertThat(a.weakdeps()).extracting(ManifestEntry.Dep::name).containsExactly("C");
    assertThat(a.extensions()).containsEntry("AC", java.util.List.of("C")).containsEntry("ABC", java.util.List.of("B", "C"));
    assertThat(a.isTracked()).isTrue();
    assertThat(a.line()).isEqualTo(6);
    ManifestEntry b = m.entriesNamed("B").get(0);
    assertThat(b.isDeveloped()).isTrue();
    assertThat(b.path()).contains("../B");
    assertThat(b.isStdlib()).isFalse();
    ManifestEntry la = m.entriesNamed("LinearAlgebra").get(0);
    assertThat(la.isStdlib()).isTrue();
    assertThat(la.version()).contains(Version.parse("1.11.0"));
    assertThat(m.entry(UUID.fromString(B))).contains(b);
  }

  @Test
  void readsFormat21Registries() throws Exception {
    Manifest m =
        read("julia_version = \"1.13.0-DEV\"\nmanifest_format = \"2.1\"\n\n"
            + "[[deps.A]]\ngit-tree-sha1 = \"11\"\nregistries = \"General\"\nuuid = \"" + A + "\"\nversion = \"1.0.0\"\n\n"
            + "[[deps.B]]\ngit-tree-sha1 = \"22\"\nregistries = [\"General\", \"Mine\"]\nuuid = \"" + B + "\"\n\n"
            + "[registries.General]\nuuid = \"23338594-aafe-5451-b93e-139f81909106\"\nurl = \"https://github.com/JuliaRegistries/General.git\"\n\n"
            + "[registries.Mine]\nuuid = \"" + A + "\"\n");
    assertThat(m.format()).isEqualTo("2.1");
    assertThat(m.registries())
        .containsExactly(
            new Manifest.Registry("General", UUID.fromString("23338594-aafe-5451-b93e-139f81909106"),
                Optional.of("https://github.com/JuliaRegistries/General.git")),
            new Manifest.Registry("Mine", UUID.fromString(A), Optional.empty()));
    assertThat(m.entriesNamed("A").get(0).registries()).containsExactly("General");
    assertThat(m.entriesNamed("B").get(0).registries()).containsExactly("General", "Mine");
  }

  @Test
  void keepsSeveralEntriesWithOneNameAndDepsAsNameUuidTables() throws Exception {
    Manifest m =
        read("manifest_format = \"2.0\"\n\n"
            + "[[deps.A]]\nuuid = \"" + A + "\"\ngit-tree-sha1 = \"11\"\n    [deps.A.deps]\n    B = \"" + B2 + "\"\n\n"
            + "[[deps.B]]\nuuid = \"" + B + "\"\ngit-tree-sha1 = \"22\"\n\n"
            + "[[deps.B]]\nuuid = \"" + B2 + "\"\ngit-tree-sha1 = \"33\"\n");
    assertThat(m.entriesNamed("B")).extracting(e -> e.uuid().toString()).containsExactly(B, B2);
    ManifestEntry a = m.entriesNamed("A").get(0);
    assertThat(a.deps()).containsExactly(new ManifestEntry.Dep("B", Optional.of(UUID.fromString(B2))));
    assertThat(a.depUuids()).containsEntry("B", UUID.fromString(B2));
    assertThat(m.entriesNamed("B").get(1).line()).isEqualTo(13);
  }

  @Test
  void readsAnUnknownFormatAsPkgDoes() throws Exception {
    Manifest m = read("manifest_format = \"3.0\"\njulia_version = \"1.7.0-DEV\"\n[[deps.A]]\nuuid = \"" + A + "\"\n");
    assertThat(m.format()).isEqualTo("3.0");
    assertThat(m.isKnownFormat()).isFalse();
    assertThat(m.entries()).hasSize(1);
  }

  @Test
  void jllsAreRecognisedByName() throws Exception {
    Manifest m = read("manifest_format = \"2.0\"\n[[deps.Zlib_jll]]\nuuid = \"" + A + "\"\nversion = \"1.2.13+1\"\n");
    assertThat(m.entries().get(0).isJll()).isTrue();
    assertThat(m.entries().get(0).isStdlib()).isTrue();
  }

  @Test
  void rejectsAnEntryWithoutUuid() throws Exception {
    SiegeException e = fails("manifest_format = \"2.0\"\n\n[[deps.A]]\nversion = \"1.0.0\"\n");
    assertThat(e.getMessage()).contains("\"A\" has no uuid");
    assertThat(e.line()).hasValue(3);
  }

  @Test
  void rejectsADepThatIsNotAnArrayOfTables() throws Exception {
    SiegeException e = fails("julia_version = \"1.6.0\"\n");
    assertThat(e.getMessage()).contains("\"julia_version\"").contains("[[julia_version]]");
    assertThat(e.line()).hasValue(1);
  }

  @Test
  void rejectsAnUnparseableFormat() throws Exception {
    SiegeException e = fails("manifest_format = \"two\"\n");
    assertThat(e.getMessage()).contains("invalid manifest_format \"two\"");
  }

  @Test
  void rejectsDepsOfTheWrongShape() throws Exception {
    SiegeException e = fails("manifest_format = \"2.0\"\n[[deps.A]]\nuuid = \"" + A + "\"\ndeps = \"B\"\n");
    assertThat(e.getMessage()).contains("\"deps\" in entry \"A\"");
    assertThat(e.line()).hasValue(4);
  }

  @Test
  void rejectsPinnedThatIsNotABoolean() throws Exception {
    SiegeException e = fails("manifest_format = \"2.0\"\n[[deps.A]]\nuuid = \"" + A + "\"\npinned = \"yes\"\n");
    assertThat(e.getMessage()).contains("must be true or false");
  }
}
