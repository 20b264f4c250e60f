package dev.siege.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.env.Environment;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvironmentChecksTest {
  static final String CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";
  static final String B = "00000000-0000-0000-0000-00000000000b";
  static final String GONE = "00000000-0000-0000-0000-0000000000ff";
  static final String PROJECT = "[deps]\nCSV = \"" + CSV + "\"\n\n[compat]\nCSV = \"0.10\"\njulia = \"1.10\"\n";
  static final String HEADER = "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n\n";
  static final String CSV_ENTRY =
      "[[deps.CSV]]\ngit-tree-sha1 = \"aa\"\nuuid = \"" + CSV + "\"\nversion = \"0.10.14\"\n\n";

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/work/env");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private List<Diagnostic> check(String project, String manifest, Version julia) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Project.toml"), project);
    if (manifest != null) {
      Files.writeString(dir.resolve("Manifest.toml"), manifest);
    }
    return EnvironmentChecks.check(Environment.load(dir, julia), julia);
  }

  private static List<String> codes(List<Diagnostic> ds) {
    return ds.stream().map(Diagnostic::code).toList();
  }

  private static Diagnostic only(List<Diagnostic> ds, String code) {
    assertThat(codes(ds)).containsOnlyOnce(code);
    return ds.stream().filter(d -> d.code().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void aConsistentEnvironmentHasNoDiagnostics() throws Exception {
    assertThat(check(PROJECT, HEADER + CSV_ENTRY, Version.parse("1.10.2"))).isEmpty();
  }

  @Test
  void noManifestIsOnlyAWarning() throws Exception {
    Diagnostic d = only(check(PROJECT, null, null), "manifest-missing");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.file()).isEqualTo(dir.resolve("Project.toml"));
    assertThat(d.message()).contains("resolved at build time");
  }

  @Test
  void aProjectDepMissingFromTheManifestMeansItIsStale() throws Exception {
    String project = PROJECT.replace("\n\n[compat]", "\nJSON = \"682c06a0-de6a-54ab-a142-c8b1cf79cde6\"\n\n[compat]");
    Diagnostic d = only(check(project, HEADER + CSV_ENTRY, null), "manifest-stale");
    assertThat(d.isError()).isTrue();
    assertThat(d.file()).isEqualTo(dir.resolve("Project.toml"));
    assertThat(d.line()).isEqualTo(3);
    assertThat(d.message()).isEqualTo("JSON is in [deps] but not in Manifest.toml (the manifest is stale)");
    assertThat(d.hint()).contains("Pkg.resolve()");
  }

  @Test
  void reportsAUuidMismatchBetweenProjectAndManifest() throws Exception {
    Diagnostic d = only(check(PROJECT, HEADER + CSV_ENTRY.replace(CSV, B), null), "manifest-uuid-mismatch");
    assertThat(d.isError()).isTrue();
    assertThat(d.line()).isEqualTo(2);
    assertThat(d.message()).contains(CSV).contains(B).contains("line 4");
  }

  @Test
  void reportsManifestDepsThatNameNoEntry() throws Exception {
    String manifest = HEADER + CSV_ENTRY.replace("git-tree-sha1", "deps = [\"Parsers\"]\ngit-tree-sha1");
    Diagnostic d = only(check(PROJECT, manifest, null), "manifest-dep-missing");
    assertThat(d.isError()).isTrue();
    assertThat(d.file()).isEqualTo(dir.resolve("Manifest.toml"));
    assertThat(d.line()).isEqualTo(4);
    assertThat(d.message()).isEqualTo("CSV depends on Parsers, which has no entry in the manifest");
  }

  @Test
  void tableFormDepsAreMatchedByUuid() throws Exception {
    String manifest =
        HEADER + CSV_ENTRY + "[[deps.X]]\ngit-tree-sha1 = \"bb\"\nuuid = \"" + B + "\"\n    [deps.X.deps]\n    CSV = \"" + GONE + "\"\n";
    assertThat(codes(check(PROJECT, manifest, null))).containsExactly("manifest-dep-missing");
    String fixed = manifest.replace(GONE, CSV);
    assertThat(check(PROJECT, fixed, null)).isEmpty();
  }

  @Test
  void listFormDepsOnAnAmbiguousNameAreAnError() throws Exception {
    String manifest =
        HEADER + CSV_ENTRY + "[[deps.CSV]]\ngit-tree-sha1 = \"cc\"\nuuid = \"" + B + "\"\n\n"
            + "[[deps.User]]\ndeps = [\"CSV\"]\ngit-tree-sha1 = \"dd\"\nuuid = \"00000000-0000-0000-0000-0000000000cc\"\n";
    assertThat(only(check(PROJECT, manifest, null), "manifest-dep-ambiguous").isError()).isTrue();
  }

  @Test
  void duplicateEntriesAreAnError() throws Exception {
    Diagnostic d = only(check(PROJECT, HEADER + CSV_ENTRY + CSV_ENTRY, null), "manifest-duplicate-uuid");
    assertThat(d.line()).isEqualTo(9);
    assertThat(d.message()).contains("first at line 4");
  }

  @Test
  void julia_versionOutsideTheProjectsJuliaCompatIsAnError() throws Exception {
    Diagnostic d = only(check(PROJECT, HEADER.replace("1.10.4", "2.0.1") + CSV_ENTRY, null), "julia-compat");
    assertThat(d.isError()).isTrue();
    assertThat(d.file()).isEqualTo(dir.resolve("Manifest.toml"));
    assertThat(d.line()).isEqualTo(1);
    assertThat(d.message()).isEqualTo("julia_version 2.0.1 is outside the project's julia compat \"1.10\"");
  }

  @Test
  void aPreReleaseJulia_versionSatisfiesCompatAsInPkg() throws Exception {
    assertThat(check(PROJECT, HEADER.replace("1.10.4", "1.11.0-DEV") + CSV_ENTRY, null)).isEmpty();
  }

  @Test
  void aDifferentJuliaMinorThanTheBuildingJuliaIsAnErrorWithAHintToResolve() throws Exception {
    // Pkg.instantiate only warns and does not re-resolve (release-1.10 src/manifest.jl
    // check_warn_manifest_julia_version_compat), so the build would ship a stale resolution.
    Diagnostic d = only(check(PROJECT, HEADER + CSV_ENTRY, Version.parse("1.11.2")), "julia-version-mismatch");
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.line()).isEqualTo(1);
    assertThat(d.hint()).contains("{option:RESOLVE}").contains("{option:JULIA_VERSION} 1.10.4");
    assertThat(check(PROJECT, HEADER + CSV_ENTRY, Version.parse("1.10.9"))).isEmpty();
  }

  @Test
  void aBuildingJuliaOutsideTheJuliaCompatIsAnError() throws Exception {
    Diagnostic d = only(check(PROJECT, null, Version.parse("1.9.4")), "julia-compat-binary");
    assertThat(d.file()).isEqualTo(dir.resolve("Project.toml"));
    assertThat(d.line()).isEqualTo(6);
  }

  @Test
  void aMissingJulia_versionIsAWarning() throws Exception {
    String v1 = CSV_ENTRY.replace("[[deps.CSV]]", "[[CSV]]");
    Diagnostic d = only(check(PROJECT, v1, null), "manifest-julia-version-missing");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.message()).contains("format 1.0");
  }

  @Test
  void anUnknownManifestFormatIsAWarning() throws Exception {
    Diagnostic d = only(check(PROJECT, HEADER.replace("\"2.0\"", "\"3.0\"") + CSV_ENTRY, null), "manifest-format-unknown");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.line()).isEqualTo(2);
  }

  @Test
  void aDevelopedPackageOutsideTheProjectIsNotRelocatable() throws Exception {
    Files.createDirectories(fs.getPath("/work/Other"));
    String manifest = HEADER + CSV_ENTRY + "[[deps.Other]]\npath = \"../Other\"\nuuid = \"" + B + "\"\n";
    Diagnostic d = only(check(PROJECT, manifest, null), "developed-outside-project");
    assertThat(d.isError()).isTrue();
    assertThat(d.line()).isEqualTo(9);
    assertThat(d.hint()).contains("{option:VENDOR_DEV}");
  }

  @Test
  void aDevelopedPackageInsideTheProjectIsFine() throws Exception {
    Files.createDirectories(dir.resolve("dev/Inner"));
    String manifest = HEADER + CSV_ENTRY + "[[deps.Inner]]\npath = \"dev\\\\Inner\"\nuuid = \"" + B + "\"\n";
    assertThat(check(PROJECT, manifest, null)).isEmpty();
  }

  @Test
  void aDevelopedPackageThatDoesNotExistIsAnError() throws Exception {
    String manifest = HEADER + CSV_ENTRY + "[[deps.Gone]]\npath = \"/nowhere/Gone\"\nuuid = \"" + B + "\"\n";
    assertThat(only(check(PROJECT, manifest, null), "developed-missing").isError()).isTrue();
  }

  @Test
  void aTrackedRepositoryIsAWarning() throws Exception {
    String manifest =
        HEADER + CSV_ENTRY.replace("git-tree-sha1", "repo-rev = \"main\"\nrepo-url = \"https://github.com/JuliaData/CSV.jl.git\"\ngit-tree-sha1");
    Diagnostic d = only(check(PROJECT, manifest, null), "tracked-repo");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.message()).isEqualTo("CSV tracks https://github.com/JuliaData/CSV.jl.git (rev main) instead of a registered release");
  }

  @Test
  void entryKeyConstraintsOfPkgAreChecked() throws Exception {
    String both = HEADER + CSV_ENTRY.replace("git-tree-sha1", "path = \".\"\ngit-tree-sha1");
    assertThat(codes(check(PROJECT, both, null))).contains("manifest-entry-invalid");
    String repoWithoutHash = HEADER + CSV_ENTRY.replace("git-tree-sha1 = \"aa\"", "repo-url = \"https://x\"");
    assertThat(codes(check(PROJECT, repoWithoutHash, null))).contains("manifest-entry-invalid", "tracked-repo");
  }

  @Test
  void compatForAnUnknownDependencyIsAnError() throws Exception {
    Diagnostic d = only(check(PROJECT + "Nope = \"1\"\n", null, null), "compat-unknown-dep");
    assertThat(d.line()).isEqualTo(7);
  }

  @Test
  void aManifestVersionOutsideCompatIsAWarning() throws Exception {
    Diagnostic d = only(check(PROJECT, HEADER + CSV_ENTRY.replace("0.10.14", "0.9.11"), null), "compat-violated");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.line()).isEqualTo(5);
  }

  @Test
  void aManifestKeyNamingNoFileIsAWarning() throws Exception {
    Diagnostic d = only(check("manifest = \"Gone.toml\"\n" + PROJECT, HEADER + CSV_ENTRY, null), "manifest-key-missing");
    assertThat(d.line()).isEqualTo(1);
  }

  @Test
  void warnsWhenTheBuildingJuliaWouldReadAnotherManifest() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Project.toml"), PROJECT);
    Files.writeString(dir.resolve("Manifest.toml"), HEADER + CSV_ENTRY);
    Files.writeString(dir.resolve("Manifest-v1.11.toml"), HEADER.replace("1.10.4", "1.11.1") + CSV_ENTRY);
    Environment loadedWithoutJulia = Environment.load(dir);
    Diagnostic d = only(EnvironmentChecks.check(loadedWithoutJulia, Version.parse("1.11.3")), "manifest-not-for-julia");
    assertThat(d.message()).contains("Manifest-v1.11.toml");
    assertThat(EnvironmentChecks.check(Environment.load(dir, Version.parse("1.11.3")), Version.parse("1.11.3"))).isEmpty();
  }

  @Test
  void reportsEveryProblemAtOnce() throws Exception {
    String project = PROJECT.replace("\n\n[compat]", "\nJSON = \"682c06a0-de6a-54ab-a142-c8b1cf79cde6\"\n\n[compat]");
    String manifest =
        HEADER.replace("1.10.4", "2.0.0") + CSV_ENTRY.replace("git-tree-sha1", "deps = [\"Parsers\"]\ngit-tree-sha1");
    assertThat(codes(check(project, manifest, null)))
        .containsExactlyInAnyOrder("julia-compat", "manifest-stale", "manifest-dep-missing");
  }

  // ---- issue 9 item 7: names that are not Julia identifiers ----

  @Test
  void aPathTraversalNameInDepsIsAnErrorWithFileAndLine() throws Exception {
    String project = "[deps]\n\"../../x\" = \"" + CSV + "\"\n";
    String manifest = HEADER + "[[deps.\"../../x\"]]\ngit-tree-sha1 = \"aa\"\nuuid = \"" + CSV + "\"\n";
    List<Diagnostic> ds = check(project, manifest, null);
    List<Diagnostic> bad = ds.stream().filter(d -> d.code().equals("package-name-invalid")).toList();
    assertThat(bad).hasSize(2).allMatch(Diagnostic::isError);
    assertThat(bad.get(0).file()).isEqualTo(dir.resolve("Project.toml"));
    assertThat(bad.get(0).line()).isEqualTo(2);
    assertThat(bad.get(0).message())
        .isEqualTo("[deps] entry \"../../x\" is not a valid package name: a Julia identifier cannot start with '.'");
    assertThat(bad.get(1).file()).isEqualTo(dir.resolve("Manifest.toml"));
    assertThat(bad.get(1).line()).isEqualTo(4);
  }

  @Test
  void injectionNewlinesAndNulInEverySectionThatNamesPackagesAreErrors() throws Exception {
    String uuid = "\"" + B + "\"";
    String project = "name = \"My Project\"\n"
        + "[deps]\n\"x\\\"); run(`id`); (\\\"\" = " + uuid + "\n"
        + "[weakdeps]\n\"a\\nb\" = " + uuid + "\n"
        + "[extras]\n\"a\\u0000b\" = " + uuid + "\n"
        + "[sources]\n\"c/d\" = {path = \"x\"}\n"
        + "[extensions]\n\"Ext.jl\" = \"x\"\n"
        + "[compat]\njulia = \"1.10\"\n\"e f\" = \"1\"\n"
        + "[targets]\ntest = [\"../t\"]\n";
    List<Diagnostic> bad = check(project, null, null).stream()
        .filter(d -> d.code().equals("package-name-invalid")).toList();
    assertThat(bad).extracting(Diagnostic::message).containsExactly(
        "the project's name \"My Project\" is not a valid package name: a Julia identifier cannot contain ' '",
        "[deps] entry \"x\\\"); run(`id`); (\\\"\" is not a valid package name: a Julia identifier cannot contain '\\\"'",
        "[weakdeps] entry \"a\\nb\" is not a valid package name: a Julia identifier cannot contain '\\n'",
        "[extras] entry \"a\\u{0}b\" is not a valid package name: a Julia identifier cannot contain '\\u{0}'",
        "[sources] entry \"c/d\" is not a valid package name: a Julia identifier cannot contain '/'",
        "[extensions] entry \"Ext.jl\" is not a valid package name: a Julia identifier cannot contain '.'",
        "[compat] entry \"e f\" is not a valid package name: a Julia identifier cannot contain ' '",
        "[targets] test entry \"../t\" is not a valid package name: a Julia identifier cannot start with '.'");
    assertThat(bad).allSatisfy(d -> assertThat(d.describe()).doesNotContain("\n").doesNotContain("\0"));
    assertThat(bad).extracting(Diagnostic::line).contains(1, 3, 5, 7, 9, 11);
  }

  @Test
  void juliaInCompatIsNotAPackageButJuliaInDepsIsRefused() throws Exception {
    assertThat(codes(check(PROJECT, HEADER + CSV_ENTRY, null))).doesNotContain("package-name-invalid");
    String project = "[deps]\njulia = \"" + B + "\"\n";
    assertThat(only(check(project, null, null), "package-name-invalid").message()).contains("reserved");
  }

  @Test
  void aGitTreeHashThatIsNotHexIsAnError() throws Exception {
    String manifest = HEADER + "[[deps.CSV]]\ngit-tree-sha1 = \"../../../etc\"\nuuid = \"" + CSV + "\"\nversion = \"0.10.14\"\n";
    Diagnostic d = only(check(PROJECT, manifest, null), "manifest-entry-invalid");
    assertThat(d.message()).isEqualTo("CSV has git-tree-sha1 \"../../../etc\", which is not a hexadecimal hash");
    assertThat(d.line()).isEqualTo(4);
  }

  static final String PRIVATE = "a3e3c3b1-1111-4222-8333-444455556666";
  static final String PRIVATE_MANIFEST = "julia_version = \"1.10.4\"\nmanifest_format = \"2.1\"\n\n"
      + CSV_ENTRY.replace("version = \"0.10.14\"\n", "version = \"0.10.14\"\nregistries = \"General\"\n")
      + "[[deps.Private]]\ngit-tree-sha1 = \"bb\"\nregistries = \"Acme\"\nuuid = \"" + PRIVATE
      + "\"\nversion = \"1.0.0\"\n\n"
      + "[registries.Acme]\nurl = \"https://ci:s3cret@git.example.com/Acme.git\"\nuuid = \"0b6b6a8a-0000-4000-8000-000000000001\"\n\n"
      + "[registries.General]\nurl = \"https://github.com/JuliaRegistries/General.git\"\nuuid = \"23338594-aafe-5451-b93e-139f81909106\"\n";
  static final String PRIVATE_PROJECT = PROJECT.replace("[compat]", "Private = \"" + PRIVATE + "\"\n\n[compat]");

  @Test
  void namesTheEntriesOfARegistryTheBuildDoesNotInstallWithItsUrlWithoutCredentials() throws Exception {
    Diagnostic d = only(check(PRIVATE_PROJECT, PRIVATE_MANIFEST, null), "registry-not-installed");
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.message()).startsWith("Private is registered in Acme").contains("expected package ... to be registered");
    assertThat(d.hint()).contains("{option:REGISTRY} https://git.example.com/Acme.git").doesNotContain("s3cret");
  }

  @Test
  void aRegistryGivenByNameOrUrlCoversItsEntries() throws Exception {
    check(PRIVATE_PROJECT, PRIVATE_MANIFEST, null);
    Environment env = Environment.load(dir);
    assertThat(codes(EnvironmentChecks.check(env, null, List.of("Acme")))).doesNotContain("registry-not-installed");
    assertThat(codes(EnvironmentChecks.check(env, null, List.of("https://git.example.com/Acme"))))
        .doesNotContain("registry-not-installed");
    assertThat(codes(EnvironmentChecks.check(env, null, List.of("path:acme")))).doesNotContain("registry-not-installed");
    assertThat(codes(EnvironmentChecks.check(env, null, List.of("Other")))).contains("registry-not-installed");
  }

  @Test
  void anInvalidLocalPreferencesTomlIsAnErrorAtItsLineInTheUsersFile() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("LocalPreferences.toml"), "[CUDA_Runtime_jll]\nversion = \"12.6\"\nlocal = = 1\n");
    Diagnostic d = only(check(PROJECT, HEADER + CSV_ENTRY, null), LocalPreferences.INVALID);
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.file()).isEqualTo(dir.resolve("LocalPreferences.toml"));
    assertThat(d.line()).isEqualTo(3);
    assertThat(d.message()).contains("LocalPreferences.toml is not valid TOML");
  }

  @Test
  void theJuliaLocalPreferencesTomlIsTheOneCheckedWhenBothExistAsBaseReadsOnlyIt() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("LocalPreferences.toml"), "not toml at all = = =");
    Files.writeString(dir.resolve("JuliaLocalPreferences.toml"), "[A]\nx = 1\n");
    assertThat(codes(check(PROJECT, HEADER + CSV_ENTRY, null))).doesNotContain(LocalPreferences.INVALID);
    Files.writeString(dir.resolve("JuliaLocalPreferences.toml"), "[A\n");
    assertThat(only(check(PROJECT, null, null), LocalPreferences.INVALID).file()).isEqualTo(dir.resolve("JuliaLocalPreferences.toml"));
  }
}
