package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  static final String CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";
  static final String PROJECT = "[deps]\nCSV = \"" + CSV + "\"\n\n[compat]\nCSV = \"0.10\"\njulia = \"1.10\"\n";
  static final String MANIFEST =
      "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n\n"
          + "[[deps.CSV]]\ngit-tree-sha1 = \"aa\"\nuuid = \"" + CSV + "\"\nversion = \"0.10.14\"\n";

  @TempDir Path tmp;

  Path env() {
    return tmp.resolve("env");
  }

  Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String name, byte[] bytes) throws IOException {
    Path p = env().resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  /** Exit 1, one "error: <file>..." line naming the file, a hint, no stack trace, nothing on stdout. */
  static void assertFailsNaming(CliRun run, Path file, String message) {
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: " + file).contains(message);
    assertThat(run.err().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
  }

  CliRun check() {
    return CliRun.of("check", env().toString());
  }

  @Test
  void aCleanEnvironmentPassesWithExitZero() throws IOException {
    write("Project.toml", PROJECT);
    write("Manifest.toml", MANIFEST);
    CliRun run = check();
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(env() + ": 0 errors, 0 warnings (ok)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aMissingManifestIsAWarningWithExitZero() throws IOException {
    write("Project.toml", PROJECT);
    CliRun run = check();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains(env().resolve("Project.toml") + ": warning: no Manifest.toml: the environment will be resolved at build time\n  hint: ")
        .endsWith("0 errors, 1 warning (ok)\n");
  }

  @Test
  void defaultsToEnvRelativeToTheWorkingDirectory() {
    CliRun run = CliRun.of("check");
    // Tests run in siege-cli/, which has no env/: the message names the relative directory.
    assertFailsNaming(run, Path.of("env"), "no such directory");
  }

  @Test
  void comparesWithAGivenJuliaVersion() throws IOException {
    write("Project.toml", PROJECT);
    write("Manifest.toml", MANIFEST);
    CliRun run = CliRun.of("check", env().toString(), "--julia-version", "1.9.4");
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out())
        .contains(env().resolve("Project.toml") + ":6: error: Julia 1.9.4 is outside the project's julia compat \"1.10\"")
        .contains(env().resolve("Manifest.toml") + ":1: error: the manifest was resolved with Julia 1.10.4")
        .contains("pass --resolve to re-resolve it with Julia 1.9.4");
  }

  @Test
  void aBadJuliaVersionIsAUsageError() throws IOException {
    write("Project.toml", PROJECT);
    CliRun run = CliRun.of("check", env().toString(), "--julia-version", "latest");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("not a Julia version");
  }

  // ---- the bad-input list, one test each ----

  @Test
  void missingDirectory() {
    assertFailsNaming(check(), env(), "no such directory");
  }

  @Test
  void noProjectToml() throws IOException {
    Files.createDirectories(env());
    assertFailsNaming(check(), env(), "no Project.toml");
  }

  @Test
  void projectTomlThatIsADirectory() throws IOException {
    Files.createDirectories(env().resolve("Project.toml"));
    assertFailsNaming(check(), env().resolve("Project.toml"), "is a directory");
  }

  @Test
  void invalidUtf8() throws IOException {
    write("Project.toml", new byte[] {'a', '=', '"', (byte) 0xFF, '"', '\n'});
    assertFailsNaming(check(), env().resolve("Project.toml:1"), "not valid UTF-8");
  }

  @Test
  void randomBytes() throws IOException {
    byte[] bytes = new byte[2048];
    new Random(7).nextBytes(bytes);
    write("Project.toml", bytes);
    assertFailsNaming(check(), env().resolve("Project.toml"), ": ");
  }

  @Test
  void tomlSyntaxError() throws IOException {
    write("Project.toml", "[deps]\nCSV = \"" + CSV + "\n");
    assertFailsNaming(check(), env().resolve("Project.toml:2"), "invalid TOML");
  }

  @Test
  void depsOfTheWrongType() throws IOException {
    write("Project.toml", "deps = \"CSV\"\n");
    assertFailsNaming(check(), env().resolve("Project.toml:1"), "must be a table");
  }

  @Test
  void invalidUuid() throws IOException {
    write("Project.toml", "[deps]\nCSV = \"336ed68f\"\n");
    assertFailsNaming(check(), env().resolve("Project.toml:2"), "invalid UUID");
  }

  @Test
  void invalidVersion() throws IOException {
    write("Project.toml", PROJECT);
    write("Manifest.toml", MANIFEST.replace("0.10.14", "0.10.14.1"));
    assertFailsNaming(check(), env().resolve("Manifest.toml:7"), "invalid version");
  }

  @Test
  void unparseableCompat() throws IOException {
    write("Project.toml", PROJECT.replace("julia = \"1.10\"", "julia = \"1.10 || 1.11\""));
    assertFailsNaming(check(), env().resolve("Project.toml:6"), "unparseable [compat] entry for julia");
  }

  @Test
  void deeplyNestedArray() throws IOException {
    write("Project.toml", "x = " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    assertFailsNaming(check(), env().resolve("Project.toml:1"), "nested more than");
  }

  @Test
  void duplicateKeys() throws IOException {
    write("Project.toml", PROJECT + "julia = \"1.11\"\n");
    assertFailsNaming(check(), env().resolve("Project.toml:7"), "duplicate key");
  }

  @Test
  void gitMergeConflictMarkers() throws IOException {
    write("Project.toml", PROJECT);
    write("Manifest.toml", "<<<<<<< HEAD\n" + MANIFEST + "=======\n>>>>>>> theirs\n");
    CliRun run = check();
    assertFailsNaming(run, env().resolve("Manifest.toml:1"), "merge conflict");
    assertThat(run.err()).contains("hint: resolve the conflict");
  }

  @Test
  void staleManifest() throws IOException {
    write("Project.toml", PROJECT.replace("[compat]", "DataFrames = \"a93c6f00-e57d-5684-b7b6-d8193f3e46c0\"\n\n[compat]"));
    write("Manifest.toml", MANIFEST);
    CliRun run = check();
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out())
        .contains(env().resolve("Project.toml") + ":4: error: DataFrames is in [deps] but not in Manifest.toml (the manifest is stale)\n  hint: re-resolve it")
        .endsWith("1 error, 0 warnings\n");
  }

  @Test
  void uuidMismatchBetweenProjectAndManifest() throws IOException {
    write("Project.toml", PROJECT);
    write("Manifest.toml", MANIFEST.replace(CSV, "00000000-0bac-5ca0-87d4-7b16caf5d00b"));
    CliRun run = check();
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out())
        .contains(env().resolve("Project.toml") + ":2: error: CSV has uuid " + CSV + " in [deps] but 00000000-0bac-5ca0-87d4-7b16caf5d00b in Manifest.toml");
  }

  @Test
  void stackTraceOnlyOnRequest() throws IOException {
    write("Project.toml", "[deps\n");
    CliRun run = CliRun.of("check", env().toString(), "--stacktrace");
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.err()).contains("error: ").contains("SiegeException");
  }

  @Test
  void showsControlCharactersInPathsAndPackageNamesEscaped() throws IOException {
    Path env = tmp.resolve("h" + Hostile.TEXT + "env");
    Files.createDirectories(env);
    Files.writeString(env.resolve("Project.toml"), "[deps]\n\"Evil\\u001b[2J\\u0007\\u202e\" = \"" + CSV + "\"\n");
    Files.writeString(env.resolve("Manifest.toml"), "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n");

    CliRun run = CliRun.of("check", env.toString());

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    Hostile.assertShownEscaped(run.out());
    assertThat(run.out()).contains("h" + Hostile.SHOWN + "env").contains("Evil" + Hostile.SHOWN);
    Hostile.assertNoControlCharacters(run.err());
  }
}
