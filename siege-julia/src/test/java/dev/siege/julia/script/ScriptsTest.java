package dev.siege.julia.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.core.plan.JuliaScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Cheap consistency checks of the static Julia scripts (no Julia runs here). */
class ScriptsTest {

  private static final Pattern DOC_NAME = Pattern.compile("^#   (\\w+)\\s.*");
  private static final Pattern READ_PARAM = Pattern.compile("siege_(?:strings?|bool)\\(params, \"(\\w+)\"");
  private static final Pattern WRITE_RESULT = Pattern.compile("siege_result\\(\"(\\w+)\"");

  static Set<String> purposeScripts() {
    return Scripts.names().stream().filter(n -> !n.equals(Scripts.PROTOCOL) && !n.equals(Scripts.ARTIFACTS)).collect(Collectors.toSet());
  }

  /** Names documented in the header section starting with {@code heading}. */
  private static Set<String> documented(String text, String heading) {
    Set<String> names = new LinkedHashSet<>();
    boolean in = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith("#")) {
        if (in) break;
        continue;
      }
      if (line.startsWith("# Parameters") || line.startsWith("# Results")) {
        in = line.startsWith(heading);
        continue;
      }
      Matcher m = DOC_NAME.matcher(line);
      if (in && m.matches()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static String code(String text) {
    return text.lines().filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n"));
  }

  private static Set<String> all(Pattern p, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void everyScriptResourceExistsAndIsNotEmpty() {
    assertThat(Scripts.names()).containsExactlyInAnyOrder(
        "probe.jl", "tools.jl", "registries.jl", "instantiate.jl", "build_sysimage.jl", "smoke_test.jl",
        "target_check.jl", "siege_protocol.jl", "siege_artifacts.jl");
    for (String name : Scripts.names()) {
      assertThat(Scripts.text(name)).as(name).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("purposeScripts")
  void scriptReadsExactlyTheParametersItDocumentsAndReportsEveryDocumentedResult(String name) {
    String text = Scripts.text(name);
    assertThat(text).contains("# Parameters (TOML file, path in ARGS[1])").contains("# Results:");
    assertThat(all(READ_PARAM, code(text))).as(name + " parameters").isEqualTo(documented(text, "# Parameters"));
    Set<String> results = documented(text, "# Results");
    assertThat(results).as(name + " documents results").isNotEmpty();
    assertThat(all(WRITE_RESULT, code(text))).as(name + " results").isEqualTo(results);
  }

  @ParameterizedTest
  @MethodSource("purposeScripts")
  void scriptGetsValuesOnlyFromTheParameterFileAndNeverEvaluatesText(String name) {
    String code = code(Scripts.text(name));
    assertThat(code).contains("include(joinpath(@__DIR__, \"siege_protocol.jl\"))").contains("siege_parameters()");
    assertThat(code).doesNotContain("Meta.parse").doesNotContain("include_string").doesNotContain("@eval")
        .doesNotContain("ENV[\"SIEGE").doesNotContain("ARGS[2]");
  }

  @Test
  void protocolHelpersReadTheParameterFileWithBaseTomlAndLoadNoStdlib_Issue14() {
    String code = code(Scripts.text(Scripts.PROTOCOL));
    assertThat(code).contains("path = ARGS[1]").contains("siege_parsefile(path)")
        .contains("\" result \"").contains("\" progress \"").contains("\" warning \"");
    // Base.TOML first; the stdlib only where Base has none (Julia < 1.6).
    assertThat(code).contains("if isdefined(Base, :TOML)").contains("Base.TOML.Parser()")
        .contains("Base.TOML.parse(p)");
    assertThat(code.indexOf("import TOML")).isGreaterThan(code.indexOf("else"));
    assertThat(code).contains("const SIEGE_PREFIX = \"" + ScriptProtocol.PREFIX.strip() + "\"");
  }

  @Test
  void buildSysimagePassesEveryRequiredCreateSysimageKeyword() {
    String text = code(Scripts.text("build_sysimage.jl"));
    int start = text.indexOf("PackageCompiler.create_sysimage(");
    assertThat(start).as("create_sysimage call").isNotNegative();
    String call = text.substring(start, text.indexOf("\n)", start) + 2)
        .replaceAll("(?m)\\s+#.*$", "") // the trailing comments citing JULIA-FACTS
        .replaceAll("\\s+", " ");
    assertThat(call)
        .contains("create_sysimage( packages;") // JULIA-FACTS §0: explicit list, never String[]
        .contains("sysimage_path = sysimage_path,")
        .contains("project = project,")
        .contains("incremental = true,")
        .contains("filter_stdlibs = false,")
        .contains("include_transitive_dependencies = true,")
        .contains("cpu_target = cpu_target,")
        .contains("import_into_main = import_into_main,") // PC >= v2.1.18, default true
        .contains("extra...")
        .doesNotContain("String[]");
    assertThat(text)
        .contains("extra[:precompile_execution_file] = execution_files")
        .contains("extra[:precompile_statements_file] = statements_files")
        .contains("isempty(packages) && siege_fail(")
        .contains("pushfirst!(LOAD_PATH, tool_project)")
        .contains("siege_bool(params, \"import_into_main\", false)");
  }

  @Test
  void buildSysimageLeavesTheDepotPathAsThePlanSetsIt_Issue14() {
    // The plan puts the tool depot into JULIA_DEPOT_PATH; adding it again here listed it twice.
    assertThat(code(Scripts.text("build_sysimage.jl"))).doesNotContain("DEPOT_PATH").doesNotContain("tool_depot");
  }

  @Test
  void instantiateInstallsLazyArtifactsWithPackageCompilersRecipe() {
    String code = code(Scripts.text("instantiate.jl")) + code(Scripts.text(Scripts.ARTIFACTS));
    assertThat(code)
        // Pkg.resolve() installs no registry on Julia 1.7+; instantiate resolves when needed.
        .doesNotContain("Pkg.resolve()")
        .contains("Pkg.instantiate(; allow_autoprecomp = false)")
        // Pkg 1.6's Pkg.Artifacts lacks select_downloadable_artifacts (JULIA-FACTS §8).
        .contains("Artifacts.select_downloadable_artifacts(toml; platform = platform, include_lazy = include_lazy)")
        .contains("include(joinpath(@__DIR__, \"siege_artifacts.jl\"))")
        .doesNotContain("Pkg.Artifacts.select_downloadable_artifacts")
        .contains("siege_bool(params, \"include_lazy_artifacts\", true)")
        .contains("Pkg.Artifacts.ensure_artifact_installed(")
        .contains("(String(project), \"the project\")");
  }

  @Test
  void instantiateInstallsEveryVariantAHookCanSelectAndWarnsAboutPlatformAugmentation_Issue14() {
    String code = code(Scripts.text("instantiate.jl")) + code(Scripts.text(Scripts.ARTIFACTS));
    assertThat(code)
        .contains("isfile(joinpath(dir, \".pkg\", \"select_artifacts.jl\"))")
        .contains("platforms_match(Artifacts.unpack_platform(meta, name, toml), platform)")
        .contains("isfile(joinpath(dir, \".pkg\", \"platform_augmentation.jl\"))")
        .contains("siege_warning(label * ");
    // A package with a hook is no longer skipped (Pkg 1.6 never runs hooks: its lazy artifacts
    // were never installed).
    assertThat(code).doesNotContain("continue\n    end\n    for name in (\"Artifacts.toml\"");
  }

  @Test
  void instantiateReadsOnlyTheFirstArtifactsFileJuliaReads_Issue14() {
    String code = code(Scripts.text("instantiate.jl")) + code(Scripts.text(Scripts.ARTIFACTS));
    assertThat(code).contains("for name in Artifacts.artifact_names")
        .contains("isfile(toml) && return toml")
        .doesNotContain("(\"Artifacts.toml\", \"JuliaArtifacts.toml\")");
  }

  @Test
  void instantiatePrecompilesOnceAfterTheArtifactsAndOnlyWhenAsked_Issue14() {
    String code = code(Scripts.text("instantiate.jl"));
    assertThat(code).contains("siege_bool(params, \"precompile\", true)").contains("if do_precompile\n");
    assertThat(code.split("Pkg\\.precompile\\(\\)", -1)).hasSize(2);
    assertThat(code.indexOf("Pkg.precompile()")).isGreaterThan(code.lastIndexOf("ensure_artifact_installed"));
  }

  @Test
  void instantiateHonoursTheManifestKeyOfTheProject_Issue14() {
    String code = code(Scripts.text("instantiate.jl"));
    assertThat(code).contains("get(siege_parsefile(project_file), \"manifest\", nothing)")
        .contains("isfile(normpath(joinpath(dir, explicit)))");
  }

  @Test
  void smokeTestFailsOnDownloadsAndNewDepotEntries() {
    String code = code(Scripts.text("smoke_test.jl"));
    assertThat(code)
        .contains("occursin(\"Downloading\", text)")
        .contains("(\"artifacts\", \"packages\")")
        .contains("ENV[\"JULIA_PKG_OFFLINE\"] = \"true\"")
        .contains("Base.isidentifier(name)");
  }

  @ParameterizedTest
  @EnumSource(value = JuliaScript.class, names = "VERSION", mode = EnumSource.Mode.EXCLUDE)
  void extractsTheScriptAndTheProtocolBesideIt(JuliaScript purpose, @TempDir Path dir) throws Exception {
    Path script = Scripts.extract(purpose, dir);
    assertThat(script).hasFileName(purpose.fileName());
    assertThat(Files.readString(script)).isEqualTo(Scripts.text(purpose.fileName()));
    assertThat(dir.resolve(Scripts.PROTOCOL)).exists();
    assertThat(dir.resolve(Scripts.ARTIFACTS)).exists();
  }

  @Test
  void instantiateInstallsForTheTargetPlatformAndRunsNoBuildScriptForAnotherOne() {
    String code = code(Scripts.text("instantiate.jl"));
    // Pkg release-1.6 to release-1.12 src/API.jl: instantiate(ctx; platform, allow_build, ...).
    assertThat(code).contains("Pkg.instantiate(; allow_autoprecomp = false, platform = platform, allow_build = !foreign)")
        .contains("siege_target_platform(target, foreign)")
        .contains("isfile(joinpath(src, \"deps\", \"build.jl\"))")
        .contains("rm(path; recursive = true)");
    assertThat(code(Scripts.text(Scripts.ARTIFACTS))).contains("parse(Platform, String(target))")
        .contains("return HostPlatform(p)");
  }

  @Test
  void targetCheckLoadsNoPackageAndChecksWhatInstantiateSelected() {
    String code = code(Scripts.text("target_check.jl"));
    assertThat(code).contains("siege_selected_artifacts(toml, hooked, platform, include_lazy)")
        .contains("siege_target_platform(target, true)")
        .doesNotContain("import Core").doesNotContain("Expr(:import");
  }
}
