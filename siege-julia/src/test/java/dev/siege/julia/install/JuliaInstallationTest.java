package dev.siege.julia.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.julia.testing.ScriptedJulia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JuliaInstallationTest {

  @TempDir Path tmp;

  private Path work() throws Exception {
    return Files.createDirectories(tmp.resolve("work"));
  }

  private Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", tmp.resolve("home").toString());
    env.put("PATH", tmp.resolve("empty-bin").toString());
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  @Test
  void explicitPathWinsOverEverythingElse() throws Exception {
    Path explicit = ScriptedJulia.create(tmp.resolve("explicit"), "exit 0");
    Path other = ScriptedJulia.create(tmp.resolve("other"), "exit 0");

    JuliaInstallation found = JuliaInstallation.find(explicit, env("SIEGE_JULIA", other.toString()), work());

    assertThat(found).isEqualTo(new JuliaInstallation(explicit, "{option:JULIA}"));
  }

  @Test
  void explicitPathThatIsMissingADirectoryOrNotExecutableIsAClearError() throws Exception {
    Path dir = tmp.resolve("inst");
    Path julia = ScriptedJulia.create(dir, "exit 0");
    assertThatThrownBy(() -> JuliaInstallation.find(tmp.resolve("missing"), env(), work()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> JuliaInstallation.find(dir, env(), work()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("is a directory")
        .satisfies(e -> assertThat(((SiegeException) e).rawHint()).contains("pass {option:JULIA} " + julia));
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> JuliaInstallation.find(julia, env(), work()))
        .isInstanceOf(SiegeException.class).hasMessageContaining("not executable");
  }

  @Test
  void siegeJuliaVariableIsUsedAndABadOneIsReportedNotSkipped() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("env"), "exit 0");
    assertThat(JuliaInstallation.find(null, env("SIEGE_JULIA", julia.toString()), work()).source())
        .isEqualTo("SIEGE_JULIA");
    assertThatThrownBy(() -> JuliaInstallation.find(null, env("SIEGE_JULIA", tmp.resolve("gone").toString()), work()))
        .isInstanceOf(SiegeException.class).hasMessageStartingWith("SIEGE_JULIA: ");
  }

  @Test
  void newestJuliaDirectoryInTheWorkingDirectoryIsFound() throws Exception {
    Path work = work();
    ScriptedJulia.create(work.resolve("julia-1.9.4"), "exit 0");
    Path newest = ScriptedJulia.create(work.resolve("julia-1.10.5"), "exit 0");
    ScriptedJulia.create(work.resolve("julia-1.8.0"), "exit 0");

    JuliaInstallation found = JuliaInstallation.find(null, env(), work);

    assertThat(found.executable()).isEqualTo(newest);
    assertThat(found.source()).isEqualTo("working directory");
  }

  @Test
  void juliaOnPathIsFound() throws Exception {
    Path julia = ScriptedJulia.create(tmp.resolve("usr"), "exit 0");
    String path = tmp.resolve("nothing-here") + ":" + julia.getParent();

    assertThat(JuliaInstallation.find(null, env("PATH", path), work()).executable()).isEqualTo(julia);
  }

  @Test
  void juliaupsDefaultChannelIsFoundThroughItsConfig() throws Exception {
    Path juliaupHome = tmp.resolve("home/.julia/juliaup");
    Path julia = ScriptedJulia.create(juliaupHome.resolve("julia-1.10.4+0.x64.linux.gnu"), "exit 0");
    Files.writeString(juliaupHome.resolve("juliaup.json"), """
        {"Default": "release",
         "InstalledVersions": {"1.10.4+0.x64.linux.gnu": {"Path": "./julia-1.10.4+0.x64.linux.gnu"}},
         "InstalledChannels": {"release": {"Version": "1.10.4+0.x64.linux.gnu"}},
         "Settings": {}, "Overrides": []}
        """);

    JuliaInstallation found = JuliaInstallation.find(null, env(), work());

    assertThat(found.executable()).isEqualTo(julia);
    assertThat(found.source()).isEqualTo("juliaup default channel");
  }

  @Test
  void juliaupDepotPathVariableMovesJuliaupsHome() throws Exception {
    Path depot = tmp.resolve("jdepot");
    Path julia = ScriptedJulia.create(depot.resolve("juliaup/julia-1.11.2"), "exit 0");
    Files.writeString(depot.resolve("juliaup/juliaup.json"),
        "{\"Default\":\"lts\",\"InstalledVersions\":{\"v\":{\"Path\":\"julia-1.11.2\"}},\"InstalledChannels\":{\"lts\":{\"Version\":\"v\"}}}");

    assertThat(JuliaInstallation.find(null, env("JULIAUP_DEPOT_PATH", depot.toString()), work()).executable())
        .isEqualTo(julia);
  }

  @Test
  void juliaupLauncherIsTheLastResort() throws Exception {
    Path launcher = ScriptedJulia.create(tmp.resolve("home/.juliaup"), "exit 0");

    JuliaInstallation found = JuliaInstallation.find(null, env(), work());

    assertThat(found.executable()).isEqualTo(launcher);
    assertThat(found.source()).isEqualTo("juliaup");
  }

  @Test
  void nothingFoundListsEveryPlaceTriedAndHowToFixIt() throws Exception {
    Path work = work();
    assertThatThrownBy(() -> JuliaInstallation.find(null, env(), work))
        .isInstanceOf(SiegeException.class)
        .hasMessageStartingWith("no Julia found; looked at: ")
        .hasMessageContaining("SIEGE_JULIA (not set)")
        .hasMessageContaining(work.resolve("julia-*").resolve("bin").resolve("julia").toString())
        .hasMessageContaining("julia on PATH (" + tmp.resolve("empty-bin") + ")")
        .hasMessageContaining("juliaup's default channel")
        .hasMessageContaining(tmp.resolve("home/.juliaup/bin/julia").toString())
        .satisfies(e -> assertThat(((SiegeException) e).rawHint()).get().asString()
            .contains("{option:JULIA} PATH").contains("{option:JULIA_VERSION} X.Y.Z"));
  }
}
