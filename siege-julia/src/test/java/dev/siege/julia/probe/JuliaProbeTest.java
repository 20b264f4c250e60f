package dev.siege.julia.probe;

import static dev.siege.julia.testing.FakeJulia.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.version.Version;
import dev.siege.julia.process.ProcessJuliaRunner;
import dev.siege.julia.script.ScriptProtocol;
import dev.siege.julia.testing.FakeJulia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
        "echo " + quote(ScriptProtocol.result("triplet", "x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4")));
    julia = FakeJulia.create(tmp.resolve("julia-1.10.4"), "1.10.4", body);
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
        Path.of("/opt/julia dir/bin"), 64, "x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4"));
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
    Path python = FakeJulia.create(tmp.resolve("py"), "exit 0");
    Files.writeString(python, "#!/bin/bash\necho 'Python 3.11.2'\n");

    assertThatThrownBy(() -> new JuliaProbe(null, tmp).probe(python, new ProcessJuliaRunner(python, tmp), SiegeListener.NONE))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("could not read the Julia version")
        .hasMessageContaining("Python 3.11.2");
  }

  @Test
  void defaultCacheLivesInTheUsersCacheDirectory() {
    assertThat(JuliaProbe.defaultCacheDir(java.util.Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/siege/probe"));
    assertThat(JuliaProbe.defaultCacheDir(java.util.Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")))
        .isEqualTo(Path.of("/c/siege/probe"));
  }
}
