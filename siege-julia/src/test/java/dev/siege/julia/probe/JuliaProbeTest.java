package dev.siege.julia.probe;

import static dev.siege.julia.testing.ScriptedJulia.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.process.ProcessJuliaRunner;
import dev.siege.julia.script.ScriptProtocol;
import dev.siege.julia.testing.ScriptedJulia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JuliaProbeTest {

  @TempDir Path tmp;
  private Path starts;
  private Path julia;

  /** A fake julia that counts its starts and answers probe.jl like Julia 1.10.4 on x86_64 glibc. */
  @BeforeEach
  void fakeJulia() throws Exception {
    starts = tmp.resolve("starts.txt");
    Files.createFile(starts);
    String body = String.join("\n",
        "echo " + quote(ScriptProtocol.result("julia_version", "1.10.4")),
        "echo " + quote(ScriptProtocol.result("arch", "x86_64")),
        "echo " + quote(ScriptProtocol.result("os", "linux")),
        "echo " + quote(ScriptProtocol.result("libc", "glibc")),
        "echo " + quote(ScriptProtocol.result("cpu_name", "skylake")),
        "echo " + quote(ScriptProtocol.result("bindir", "/opt/julia dir/bin")),
        "echo " + quote(ScriptProtocol.result("word_size", "64")),
        "echo " + quote(ScriptProtocol.result("triplet", "x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4")),
        "echo " + quote(ScriptProtocol.result("executable", "/opt/julia dir/bin/julia")),
        "echo " + quote(ScriptProtocol.result("commit", "48d4fd48430af58502699fdf3504b90589df3852")),
        "echo " + quote(ScriptProtocol.result("bundled_depots", "2")),
        "echo " + quote(ScriptProtocol.result("bundled_depot.1", "/opt/julia dir/local/share/julia")),
        "echo " + quote(ScriptProtocol.result("bundled_depot.2", "/opt/julia dir/share/julia")));
    julia = ScriptedJulia.create(tmp.resolve("julia-1.10.4"), "1.10.4", body);
    // Count every start, including --version, before the fake answers.
    String text = Files.readString(julia).replaceFirst("\n", "\necho x >> " + quote(starts.toString()) + "\n");
    Files.writeString(julia, text);
  }

  private JuliaInfo probe(Path cacheDir) throws SiegeException, InterruptedException {
    return new JuliaProbe(cacheDir, tmp).probe(julia, new ProcessJuliaRunner(julia, tmp), SiegeListener.NONE);
  }

  private long starts() throws Exception {
    return Files.readAllLines(starts).size();
  }

  @Test
  void buildsJuliaInfoFromVersionOutputAndOneProbeRun() throws Exception {
    JuliaInfo info = probe(tmp.resolve("cache"));

    assertThat(info).isEqualTo(new JuliaInfo(julia, Version.of(1, 10, 4), "x86_64", "linux", "glibc", "skylake",
        Path.of("/opt/julia dir/bin"), 64, "x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4",
        "48d4fd48430af58502699fdf3504b90589df3852",
        List.of(Path.of("/opt/julia dir/local/share/julia"), Path.of("/opt/julia dir/share/julia")), false));
    assertThat(starts()).isEqualTo(2); // --version, then probe.jl
  }

  @Test
  void secondProbeOfTheSameBinaryStartsNoProcess() throws Exception {
    JuliaInfo first = probe(tmp.resolve("cache"));
    long afterFirst = starts();

    JuliaInfo second = probe(tmp.resolve("cache"));

    assertThat(starts()).isEqualTo(afterFirst);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aChangedBinaryIsProbedAgain() throws Exception {
    probe(tmp.resolve("cache"));
    Files.setLastModifiedTime(julia, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    probe(tmp.resolve("cache"));

    assertThat(starts()).isEqualTo(4);
  }

  @Test
  void aDamagedCacheEntryIsProbedAgain() throws Exception {
    Path cache = tmp.resolve("cache");
    probe(cache);
    try (var files = Files.list(cache)) {
      for (Path f : files.toList()) {
        Files.writeString(f, "not = [valid toml");
      }
    }

    JuliaInfo info = probe(cache);

    assertThat(info.cpuName()).isEqualTo("skylake");
    assertThat(starts()).isEqualTo(4);
  }

  @Test
  void withoutACacheEveryProbeStartsJulia() throws Exception {
    probe(null);
    probe(null);
    assertThat(starts()).isEqualTo(4);
  }

  @Test
  void somethingThatIsNotJuliaIsAClearError() throws Exception {
    Path python = ScriptedJulia.create(tmp.resolve("py"), "exit 0");
    Files.writeString(python, "#!/bin/bash\necho 'Python 3.11.2'\n");

    assertThatThrownBy(() -> new JuliaProbe(null, tmp).probe(python, new ProcessJuliaRunner(python, tmp), SiegeListener.NONE))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("could not read the Julia version")
        .hasMessageContaining("Python 3.11.2");
  }

  @Test
  void juliaOlderThan16IsRefusedRightAfterVersionBeforeAnyScriptRuns() throws Exception {
    Path scriptRan = tmp.resolve("script-ran");
    // Julia 1.5 has no TOML stdlib: probe.jl's first include would fail like this (issue 14, item 3).
    Path old = ScriptedJulia.create(tmp.resolve("julia-1.5.3"), "1.5.3",
        "touch " + quote(scriptRan.toString()) + "\n"
            + "echo 'ERROR: LoadError: ArgumentError: Package TOML not found in current path:' >&2\nexit 1");

    assertThatThrownBy(() -> new JuliaProbe(tmp.resolve("cache"), tmp).probe(old, new ProcessJuliaRunner(old, tmp), SiegeListener.NONE))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("Julia 1.5.3")
        .hasMessageContaining("needs Julia 1.6 or later")
        .hasMessageContaining("PackageCompiler 2.1.24 for Julia 1.6-1.9")
        .hasMessageContaining("2.4.0 for Julia 1.10 and later")
        .hasMessageNotContaining("TOML");
    assertThat(scriptRan).doesNotExist();
  }

  @Test
  void aCacheEntryOfTheOlderFormatIsProbedAgain() throws Exception {
    Path cache = tmp.resolve("cache");
    probe(cache);
    try (var files = Files.list(cache)) {
      for (Path f : files.toList()) {
        // What format 1 wrote: no commit, bundled depots or layout.
        String v1 = Files.readAllLines(f).stream()
            .filter(l -> !l.startsWith("commit") && !l.startsWith("bundled_depots") && !l.startsWith("official_layout"))
            .map(l -> l.startsWith("format") ? "format = 1" : l)
            .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(f, v1);
      }
    }

    JuliaInfo info = probe(cache);

    assertThat(starts()).isEqualTo(4);
    assertThat(info.commit()).isEqualTo("48d4fd48430af58502699fdf3504b90589df3852");
  }

  @Test
  void commitBundledDepotsAndLayoutComeBackFromTheCacheUnchanged() throws Exception {
    JuliaInfo first = probe(tmp.resolve("cache"));
    JuliaInfo second = probe(tmp.resolve("cache"));

    assertThat(starts()).isEqualTo(2);
    assertThat(second.commit()).isEqualTo(first.commit()).isNotEmpty();
    assertThat(second.bundledDepots()).isEqualTo(first.bundledDepots()).hasSize(2);
    assertThat(second.officialLayout()).isEqualTo(first.officialLayout());
  }

  @Test
  void anOfficialLayoutIsReportedFromTheRealBindir() throws Exception {
    Path prefix = tmp.resolve("julia-1.10.4 official");
    Path real = realJulia(prefix, "1.10.4");
    for (String d : List.of("lib/julia", "share/julia/base", "include/julia")) {
      Files.createDirectories(prefix.resolve(d));
    }

    JuliaInfo info = new JuliaProbe(null, tmp).probe(real, new ProcessJuliaRunner(real, tmp), SiegeListener.NONE);

    assertThat(info.officialLayout()).isTrue();
    assertThat(info.bundledDepots()).containsExactly(prefix.resolve("local/share/julia"), prefix.resolve("share/julia"));
  }

  @Test
  void bundledDepotsAreTakenAsJuliaReportsThemNotDerivedFromBindir() throws Exception {
    Path distro = ScriptedJulia.create(tmp.resolve("distro"), "1.10.4", String.join("\n",
        probeLines("/usr/bin", "1.10.4"),
        "echo " + quote(ScriptProtocol.result("bundled_depots", "1")),
        "echo " + quote(ScriptProtocol.result("bundled_depot.1", "/usr/share/julia-1.10 dir"))));

    JuliaInfo info = new JuliaProbe(null, tmp).probe(distro, new ProcessJuliaRunner(distro, tmp), SiegeListener.NONE);

    assertThat(info.bundledDepots()).containsExactly(Path.of("/usr/share/julia-1.10 dir"));
    assertThat(info.officialLayout()).isFalse();
  }

  @Test
  void withoutBundledDepotsFromTheProbeJulia16To110sRuleIsUsed() throws Exception {
    Path quiet = ScriptedJulia.create(tmp.resolve("quiet"), "1.10.4", probeLines("/opt/julia-1.10.4/bin", "1.10.4"));

    JuliaInfo info = new JuliaProbe(null, tmp).probe(quiet, new ProcessJuliaRunner(quiet, tmp), SiegeListener.NONE);

    assertThat(info.bundledDepots())
        .containsExactly(Path.of("/opt/julia-1.10.4/local/share/julia"), Path.of("/opt/julia-1.10.4/share/julia"));
    assertThat(info.commit()).isEmpty();
  }

  /** The results every probe.jl run reports, for a Julia at {@code bindir}. */
  private static String probeLines(String bindir, String version) {
    return String.join("\n",
        "echo " + quote(ScriptProtocol.result("julia_version", version)),
        "echo " + quote(ScriptProtocol.result("arch", "x86_64")),
        "echo " + quote(ScriptProtocol.result("os", "linux")),
        "echo " + quote(ScriptProtocol.result("libc", "glibc")),
        "echo " + quote(ScriptProtocol.result("cpu_name", "skylake")),
        "echo " + quote(ScriptProtocol.result("bindir", bindir)),
        "echo " + quote(ScriptProtocol.result("word_size", "64")),
        "echo " + quote(ScriptProtocol.result("triplet", "x86_64-linux-gnu-julia_version+" + version)));
  }

  @Test
  void behindJuliaupsLauncherTheRealBinaryIsUsedAndJuliaupDefaultCannotChangeItUnderACachedProbe() throws Exception {
    Path real110 = realJulia(tmp.resolve("juliaup/julia-1.10.4+0.x64.linux.gnu"), "1.10.4");
    Path real111 = realJulia(tmp.resolve("juliaup/julia-1.11.2+0.x64.linux.gnu"), "1.11.2");
    Path defaultChannel = tmp.resolve("default-channel");
    Files.writeString(defaultChannel, real110.toString());
    Path launcher = juliaupLauncher(tmp.resolve(".juliaup/bin"), defaultChannel);
    Path cache = tmp.resolve("cache");

    JuliaInfo first = new JuliaProbe(cache, tmp).probe(launcher, new ProcessJuliaRunner(launcher, tmp), SiegeListener.NONE);
    Files.writeString(defaultChannel, real111.toString()); // `juliaup default 1.11`
    JuliaInfo second = new JuliaProbe(cache, tmp).probe(launcher, new ProcessJuliaRunner(launcher, tmp), SiegeListener.NONE);

    assertThat(first.executable()).isEqualTo(real110);
    assertThat(first.version()).isEqualTo(Version.of(1, 10, 4));
    assertThat(second.executable()).isEqualTo(real111);
    assertThat(second.version()).isEqualTo(Version.of(1, 11, 2));
    // The cache keys on the real binary: probing it directly starts nothing.
    JuliaInfo direct = new JuliaProbe(cache, tmp).probe(real110, (call, l) -> {
      throw new AssertionError("started " + call.script() + " although " + real110 + " was probed before");
    }, SiegeListener.NONE);
    assertThat(direct).isEqualTo(first);
  }

  @Test
  void aJuliaThatChangesBetweenVersionAndProbeIsAClearError() throws Exception {
    Path real = realJulia(tmp.resolve("julia-1.11.2"), "1.11.2");
    Path liar = ScriptedJulia.create(tmp.resolve("liar"), "1.10.4", "exec " + quote(real.toString()) + " \"$@\"");

    assertThatThrownBy(() -> new JuliaProbe(null, tmp).probe(liar, new ProcessJuliaRunner(liar, tmp), SiegeListener.NONE))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("said 1.10.4")
        .hasMessageContaining("1.11.2");
  }

  /** A fake julia at {@code prefix/bin/julia} whose probe reports itself, as Julia's own would. */
  private static Path realJulia(Path prefix, String version) throws Exception {
    Path bin = prefix.resolve("bin");
    return ScriptedJulia.create(prefix, version, String.join("\n",
        "echo " + quote(ScriptProtocol.result("julia_version", version)),
        "echo " + quote(ScriptProtocol.result("arch", "x86_64")),
        "echo " + quote(ScriptProtocol.result("os", "linux")),
        "echo " + quote(ScriptProtocol.result("libc", "glibc")),
        "echo " + quote(ScriptProtocol.result("cpu_name", "skylake")),
        "echo " + quote(ScriptProtocol.result("bindir", bin.toString())),
        "echo " + quote(ScriptProtocol.result("word_size", "64")),
        "echo " + quote(ScriptProtocol.result("triplet", "x86_64-linux-gnu-julia_version+" + version)),
        "echo " + quote(ScriptProtocol.result("executable", bin.resolve("julia").toString())),
        "echo " + quote(ScriptProtocol.result("commit", "c0ffee" + version)),
        "echo " + quote(ScriptProtocol.result("bundled_depots", "2")),
        "echo " + quote(ScriptProtocol.result("bundled_depot.1", prefix.resolve("local/share/julia").toString())),
        "echo " + quote(ScriptProtocol.result("bundled_depot.2", prefix.resolve("share/julia").toString()))));
  }

  /**
   * juliaup's layout: {@code bin/julia} a symlink to {@code julialauncher}, with {@code juliaup}
   * beside it (JuliaLang/juliaup Cargo.toml, src/bin/julialauncher.rs); the fake launcher execs
   * the binary named in {@code defaultChannel}, as the real one execs its channel's julia.
   */
  private static Path juliaupLauncher(Path bin, Path defaultChannel) throws Exception {
    Files.createDirectories(bin);
    Path launcher = bin.resolve("julialauncher");
    Files.writeString(launcher, "#!/bin/bash\nexec \"$(cat " + quote(defaultChannel.toString()) + ")\" \"$@\"\n");
    Path juliaup = bin.resolve("juliaup");
    Files.writeString(juliaup, "#!/bin/bash\nexit 0\n");
    for (Path p : List.of(launcher, juliaup)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return Files.createSymbolicLink(bin.resolve("julia"), launcher.getFileName());
  }

  @Test
  void defaultCacheLivesInTheUsersCacheDirectory() {
    assertThat(JuliaProbe.defaultCacheDir(java.util.Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/siege/probe"));
    assertThat(JuliaProbe.defaultCacheDir(java.util.Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")))
        .isEqualTo(Path.of("/c/siege/probe"));
  }
}
