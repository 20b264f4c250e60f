package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.testkit.BadInput;
import dev.siege.testkit.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckCommandTest {
  static final String CSV = TestProjects.CSV;
  static final String PROJECT = TestProjects.PROJECT;
  static final String MANIFEST = TestProjects.CSV_JLL.manifestToml();

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
        .contains(env().resolve("Project.toml") + ":9: error: Julia 1.9.4 is outside the project's julia compat \"1.10\"")
        .contains(env().resolve("Manifest.toml") + ":3: error: the manifest was resolved with Julia 1.10.4")
        .contains("pass --resolve to re-resolve it with Julia 1.9.4");
  }

  @Test
  void aBadJuliaVersionIsAUsageError() throws IOException {
    write("Project.toml", PROJECT);
    CliRun run = CliRun.of("check", env().toString(), "--julia-version", "latest");
    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    assertThat(run.err()).contains("not a Julia version");
  }

  // ---- the testkit's bad-input catalogue ----

  /** Every bad input that stops {@code check} before it can check anything: one error line naming the file. */
  @ParameterizedTest
  @EnumSource(value = BadInput.class, mode = EnumSource.Mode.EXCLUDE, names = {"STALE_MANIFEST", "UUID_MISMATCH"})
  void badInputFailsNamingTheFile(BadInput bad) throws IOException {
    Path named = bad.apply(env());
    assertFailsNaming(check(), Path.of(bad.location(named)), bad.message());
  }

  @Test
  void gitMergeConflictMarkersGetAHint() throws IOException {
    BadInput.MERGE_CONFLICT.apply(env());
    assertThat(check().err()).contains("hint: resolve the conflict");
  }

  /** A stale manifest is a finding of the check, on stdout with its hint. */
  @Test
  void staleManifest() throws IOException {
    Path named = BadInput.STALE_MANIFEST.apply(env());
    CliRun run = check();
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out())
        .contains(BadInput.STALE_MANIFEST.location(named) + ": error: " + BadInput.STALE_MANIFEST.message() + "\n  hint: re-resolve it")
        .endsWith("1 error, 0 warnings\n");
  }

  @Test
  void uuidMismatchBetweenProjectAndManifest() throws IOException {
    Path named = BadInput.UUID_MISMATCH.apply(env());
    CliRun run = check();
    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    assertThat(run.out()).contains(BadInput.UUID_MISMATCH.location(named) + ": error: " + BadInput.UUID_MISMATCH.message());
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
