package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siege.testkit.BadInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InspectCommandTest {
  static final String CSV = CheckCommandTest.CSV;
  static final String PROJECT =
      "name = \"Demo\"\nversion = \"0.1.0\"\n[deps]\nCSV = \"" + CSV + "\"\n"
          + "LinearAlgebra = \"37e2e46d-f89d-539d-b4ee-838fcccc9c8e\"\n"
          + "Local = \"11111111-2222-3333-4444-555555555555\"\n";
  static final String MANIFEST =
      "julia_version = \"1.11.2\"\nmanifest_format = \"2.0\"\nproject_hash = \"abc\"\n\n"
          + "[[deps.CSV]]\ndeps = [\"Zlib_jll\", \"Tracked\"]\ngit-tree-sha1 = \"aa\"\nuuid = \"" + CSV + "\"\nversion = \"0.10.14\"\n\n"
          + "[[deps.LinearAlgebra]]\nuuid = \"37e2e46d-f89d-539d-b4ee-838fcccc9c8e\"\nversion = \"1.11.0\"\n\n"
          + "[[deps.Zlib_jll]]\nuuid = \"83775a58-1f1d-513f-b197-d71354ab007a\"\nversion = \"1.2.13+1\"\n\n"
          + "[[deps.Local]]\npath = \"dev/Local\"\nuuid = \"11111111-2222-3333-4444-555555555555\"\nversion = \"0.3.0\"\n\n"
          + "[[deps.Tracked]]\ngit-tree-sha1 = \"bb\"\nrepo-rev = \"main\"\nrepo-url = \"https://example.org/Tracked.jl\"\n"
          + "uuid = \"66666666-2222-3333-4444-555555555555\"\nversion = \"1.0.0\"\n";

  @TempDir Path tmp;

  Path env() throws IOException {
    Path env = tmp.resolve("env");
    Files.createDirectories(env.resolve("dev/Local"));
    Files.writeString(env.resolve("Project.toml"), PROJECT);
    Files.writeString(env.resolve("Manifest.toml"), MANIFEST);
    return env;
  }

  @Test
  void printsProjectManifestCountsAndDirectDeps() throws IOException {
    Path env = env();
    CliRun run = CliRun.of("inspect", env.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "project:       Demo v0.1.0\n"
                + "project file:  " + env.resolve("Project.toml") + "\n"
                + "manifest:      " + env.resolve("Manifest.toml") + " (format 2.0)\n"
                + "julia_version: 1.11.2\n"
                + "entries:       5\n"
                + "direct deps:   3\n"
                + "stdlibs:       2\n"
                + "JLLs:          1\n"
                + "developed:     1\n"
                + "tracked:       1\n"
                + "direct dependencies:\n"
                + "  CSV            0.10.14\n"
                + "  LinearAlgebra  1.11.0\n"
                + "  Local          0.3.0\n");
  }

  @Test
  void printsJson() throws IOException {
    Path env = env();
    CliRun run = CliRun.of("inspect", env.toString(), "--json");
    assertThat(run.exit()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/format").asInt()).isEqualTo(1);
    assertThat(json.at("/project/name").asText()).isEqualTo("Demo");
    assertThat(json.at("/manifest/file").asText()).isEqualTo(env.resolve("Manifest.toml").toString());
    assertThat(json.at("/manifest/format").asText()).isEqualTo("2.0");
    assertThat(json.at("/manifest/format_declared").asBoolean()).isTrue();
    assertThat(json.at("/julia_version").asText()).isEqualTo("1.11.2");
    assertThat(json.at("/counts/entries").asInt()).isEqualTo(5);
    assertThat(json.at("/counts/direct_deps").asInt()).isEqualTo(3);
    assertThat(json.at("/counts/stdlibs").asInt()).isEqualTo(2);
    assertThat(json.at("/counts/jlls").asInt()).isEqualTo(1);
    assertThat(json.at("/counts/developed").asInt()).isEqualTo(1);
    assertThat(json.at("/counts/tracked").asInt()).isEqualTo(1);
    assertThat(json.at("/direct_deps/0/name").asText()).isEqualTo("CSV");
    assertThat(json.at("/direct_deps/0/version").asText()).isEqualTo("0.10.14");
    assertThat(json.at("/direct_deps/0/uuid").asText()).isEqualTo(CSV);
  }

  @Test
  void withoutManifestSaysItIsResolvedAtBuildTime() throws IOException {
    Path env = env();
    Files.delete(env.resolve("Manifest.toml"));
    CliRun run = CliRun.of("inspect", env.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("manifest:      none (resolved at build time)\n", "julia_version: none\n", "  CSV            (resolved at build time)\n");
    JsonNode json = Json.mapper().readTree(CliRun.of("inspect", env.toString(), "--json").out());
    assertThat(json.get("manifest").isNull()).isTrue();
    assertThat(json.at("/direct_deps/0/version").isNull()).isTrue();
  }

  /** Every input it cannot read (a stale or inconsistent manifest it shows as it is: that is check's). */
  @ParameterizedTest
  @EnumSource(value = BadInput.class, mode = EnumSource.Mode.EXCLUDE, names = {"STALE_MANIFEST", "UUID_MISMATCH"})
  void badInputFailsWithTheFileNamed(BadInput bad) throws IOException {
    Path named = bad.apply(tmp.resolve("bad"));
    CliRun run = CliRun.of("inspect", tmp.resolve("bad").toString(), "--json");
    CheckCommandTest.assertFailsNaming(run, Path.of(bad.location(named)), bad.message());
  }

  /** A project in a folder whose name holds {@link Hostile#TEXT}, with a dependency named {@code name}. */
  Path hostileEnv(String name) throws IOException {
    Path env = tmp.resolve("h" + Hostile.TEXT + "env");
    Files.createDirectories(env);
    Files.writeString(env.resolve("Project.toml"), "[deps]\n\"" + name + "\" = \"" + CSV + "\"\n");
    return env;
  }

  @Test
  void showsControlCharactersInPathsAndPackageNamesEscaped() throws IOException {
    CliRun run = CliRun.of("inspect", hostileEnv("Evil\\u001b[2J\\u0007\\u202e").toString());

    assertThat(run.exit()).as(run.err()).isZero();
    Hostile.assertShownEscaped(run.out());
    assertThat(run.out()).contains("h" + Hostile.SHOWN + "env/Project.toml").contains("  Evil" + Hostile.SHOWN + "  (");
  }

  @Test
  void jsonEscapesEveryControlCharacterAndReadsBackExactly() throws IOException {
    // C0 controls JSON itself escapes; DEL, C1 (U+009B is CSI) and bidi overrides it does not.
    CliRun run = CliRun.of("inspect", hostileEnv("E\\u001b[2J\\u0007\\u007f\\u009b2J\\u202e\\u2066").toString(), "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    Hostile.assertNoControlCharacters(run.out());
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/direct_deps/0/name").asText()).isEqualTo("E\u001b[2J\u0007\u007f\u009b2J\u202e\u2066");
    assertThat(json.at("/project/file").asText()).isEqualTo(tmp.resolve("h" + Hostile.TEXT + "env/Project.toml").toString());
    assertThat(run.out()).contains("\\u007F\\u009B2J\\u202E\\u2066");
  }

  @Test
  void licensesListsEachPackagesLicenseFilesAndThoseWithout(@TempDir Path tmp) throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));

    CliRun run = CliRun.of("inspect", bundle.toString(), "--licenses");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("A v1.0.0: \n  MIT  depot/packages/A/").contains("B v2.0.0: NO LICENSE FILE")
        .contains("1 package(s) without a license file, 0 unidentified license text(s)");
  }

  @Test
  void licensesJsonNamesItsFormatAndTheSpdxIds(@TempDir Path tmp) throws Exception {
    Path bundle = ReviewBundle.write(tmp.resolve("build"));

    CliRun run = CliRun.of("inspect", bundle.toString(), "--licenses", "--json");

    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(json.get("format").asInt()).isEqualTo(InspectCommand.LICENSES_FORMAT);
    assertThat(json.at("/packages/0/name").asText()).isEqualTo("A");
    assertThat(json.at("/packages/0/licenses/0/spdx_ids/0").asText()).isEqualTo("MIT");
    assertThat(json.get("without_license").toString()).isEqualTo("[\"B\"]");
  }

  @Test
  void licensesOfADirectoryThatIsNotABundleIsAClearError(@TempDir Path tmp) {
    CliRun run = CliRun.of("inspect", tmp.toString(), "--licenses");
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.err()).contains("siege-bundle.toml").doesNotContain("Exception");
  }
}
