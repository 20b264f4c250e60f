package dev.siege.julia.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JuliaLayoutTest {

  @TempDir Path tmp;

  private Path official(Path prefix, String... dirs) throws Exception {
    Path julia = Files.createDirectories(prefix.resolve("bin")).resolve("julia");
    Files.writeString(julia, "#!/bin/bash\n");
    for (String d : dirs) {
      Files.createDirectories(prefix.resolve(d));
    }
    return prefix.resolve("bin");
  }

  @Test
  void anInstallationWithBinLibShareAndIncludeUnderItsOwnPrefixIsOfficial() throws Exception {
    assertThat(JuliaLayout.isOfficialLayout(official(tmp.resolve("julia-1.10.4"),
        "lib/julia", "share/julia/base", "include/julia"))).isTrue();
    assertThat(JuliaLayout.isOfficialLayout(official(tmp.resolve("julia-1.11.2"),
        "lib/julia", "share/julia/stdlib", "include/julia"))).isTrue();
  }

  @Test
  void anInstallationMissingAPartOfTheLayoutIsNotOfficial() throws Exception {
    assertThat(JuliaLayout.isOfficialLayout(official(tmp.resolve("a"), "lib/julia", "share/julia/base"))).isFalse();
    assertThat(JuliaLayout.isOfficialLayout(official(tmp.resolve("b"), "share/julia/base", "include/julia"))).isFalse();
    assertThat(JuliaLayout.isOfficialLayout(official(tmp.resolve("c"), "lib/julia", "share/julia", "include/julia"))).isFalse();
  }

  @Test
  void aDistributionsJuliaUnderASystemPrefixIsNotOfficialEvenWithTheRightDirectories() throws Exception {
    Path usr = tmp.resolve("usr");
    Path bindir = official(usr, "lib/julia", "share/julia/base", "include/julia");

    assertThat(JuliaLayout.isOfficialLayout(bindir, Set.of(usr.toRealPath().toString()))).isFalse();
    assertThat(JuliaLayout.isOfficialLayout(Path.of("/usr/bin"))).isFalse();
  }

  @Test
  void aCondaEnvironmentIsNotOfficial() throws Exception {
    Path env = tmp.resolve("miniconda3/envs/jl");
    Path bindir = official(env, "lib/julia", "share/julia/base", "include/julia", "conda-meta");

    assertThat(JuliaLayout.isOfficialLayout(bindir)).isFalse();
  }

  @Test
  void theLayoutIsJudgedAtTheRealPrefixThroughSymlinks() throws Exception {
    Path bindir = official(tmp.resolve("julia-1.10.4"), "lib/julia", "share/julia/base", "include/julia");
    Path link = Files.createSymbolicLink(tmp.resolve("current"), tmp.resolve("julia-1.10.4"));

    assertThat(JuliaLayout.isOfficialLayout(link.resolve("bin"))).isTrue();
    assertThat(JuliaLayout.isOfficialLayout(tmp.resolve("missing/bin"))).isFalse();
    assertThat(bindir).isDirectory();
  }

  @Test
  void juliaupsLauncherIsTheJuliaWithJuliaupBesideItsRealPath() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve(".juliaup/bin"));
    Path launcher = bin.resolve("julialauncher");
    Path juliaup = bin.resolve("juliaup");
    for (Path p : List.of(launcher, juliaup)) {
      Files.writeString(p, "#!/bin/bash\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path julia = Files.createSymbolicLink(bin.resolve("julia"), launcher.getFileName());
    Path onPath = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("local/bin")).resolve("julia"), julia);

    assertThat(JuliaLayout.isJuliaupLauncher(julia)).isTrue();
    assertThat(JuliaLayout.isJuliaupLauncher(onPath)).isTrue();
  }

  @Test
  void aJuliaInstallationIsNotJuliaupsLauncher() throws Exception {
    Path bindir = official(tmp.resolve("julia-1.10.4"), "lib/julia", "share/julia/base", "include/julia");

    assertThat(JuliaLayout.isJuliaupLauncher(bindir.resolve("julia"))).isFalse();
    assertThat(JuliaLayout.isJuliaupLauncher(tmp.resolve("nowhere/julia"))).isFalse();
  }
}
