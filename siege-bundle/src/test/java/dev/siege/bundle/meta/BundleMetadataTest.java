package dev.siege.bundle.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.version.Version;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class BundleMetadataTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/bundle");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  static BundleMetadata sample() {
    return new BundleMetadata(
        BundleMetadata.FORMAT_VERSION,
        "0.1.0",
        Instant.parse("2026-08-01T10:15:30.123456789Z"),
        new BundleMetadata.Julia(
            Version.parse("1.10.4"),
            "x86_64",
            "linux",
            "glibc",
            "x86_64-linux-gnu",
            "6f3fdf7b36250fb95f512a2b927ad2518c07d2b5"),
        new BundleMetadata.Sysimage(
            true, "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)", List.of("CSV", "DataFrames")),
        new BundleMetadata.Options("portable", "direct_deps", Optional.of("precompile.jl"), Optional.empty(), false, false,
            Optional.empty()),
        Map.of("project", "12".repeat(32), "julia.version", "1.10.4"),
        "ab".repeat(32),
        new BundleMetadata.Contents(12, 3456, 40, 3));
  }

  @Test
  void insecureDownloadIsRecordedAndReadBackAndAbsentMeansFalse() throws Exception {
    BundleMetadata s = sample();
    BundleMetadata.Options o = s.options();
    BundleMetadata insecure = new BundleMetadata(s.formatVersion(), s.siegeVersion(), s.buildTime(), s.julia(), s.sysimage(),
        new BundleMetadata.Options(o.cpuTarget(), o.packageSelection(), o.precompileScript(), o.precompileStatements(),
            o.includeJulia(), o.vendorDev(), o.group(), true, List.of(), false),
        s.inputs(), s.fingerprint(), s.contents());

    assertThat(insecure.toToml()).contains("insecure_download = true\n");
    assertThat(BundleMetadata.read(writeWith(insecure.toToml())).options().insecureDownload()).isTrue();
    assertThat(s.toToml()).contains("insecure_download = false\n");
    String older = s.toToml().replace("insecure_download = false\n", "");
    assertThat(BundleMetadata.read(writeWith(older)).options().insecureDownload()).isFalse();
  }

  @Test
  void writtenFileIsAsReadableAsAnyOtherFileOfTheBundle(@org.junit.jupiter.api.io.TempDir Path real) throws Exception {
    Path other = Files.writeString(real.resolve("other.txt"), "x");
    sample().write(real.resolve("siege-bundle.toml"));
    assertThat(Files.getPosixFilePermissions(real.resolve("siege-bundle.toml")))
        .isEqualTo(Files.getPosixFilePermissions(other));
  }

  @Test
  void writtenFileReadsBackEqual() throws Exception {
    Files.createDirectories(dir);
    BundleMetadata m = sample();
    m.write(dir.resolve("siege-bundle.toml"));
    assertThat(BundleMetadata.read(dir.resolve("siege-bundle.toml"))).isEqualTo(m);
  }

  @Test
  void registriesAndResolveReadBackEqualAndOlderFilesHaveNone() throws Exception {
    Files.createDirectories(dir);
    BundleMetadata s = sample();
    BundleMetadata m = new BundleMetadata(s.formatVersion(), s.siegeVersion(), s.buildTime(), s.julia(), s.sysimage(),
        new BundleMetadata.Options("portable", "explicit", Optional.empty(), Optional.empty(), false, false,
            Optional.empty(), false, List.of("https://git.example.com/Acme.git", "path:Local"), true),
        s.inputs(), s.fingerprint(), s.contents(), "",
        List.of(new BundleMetadata.Registry("Acme", "0b6b6a8a-0000-4000-8000-000000000001", "https://git.example.com/Acme.git"),
            new BundleMetadata.Registry("General", "23338594-aafe-5451-b93e-139f81909106", "")));
    m.write(dir.resolve("siege-bundle.toml"));
    assertThat(Files.readString(dir.resolve("siege-bundle.toml"))).contains("[[registries]]").contains("resolve = true");
    assertThat(BundleMetadata.read(dir.resolve("siege-bundle.toml"))).isEqualTo(m);

    sample().write(dir.resolve("old.toml"));
    BundleMetadata old = BundleMetadata.read(dir.resolve("old.toml"));
    assertThat(old.registries()).isEmpty();
    assertThat(old.options().registries()).isEmpty();
    assertThat(old.options().resolve()).isFalse();
  }

  @Test
  void registriesThatAreNotTablesAreReportedWithTheKey() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("siege-bundle.toml"), "registries = 3\n" + sample().toToml());
    assertThatThrownBy(() -> BundleMetadata.read(dir.resolve("siege-bundle.toml")))
        .hasMessageContaining("key 'registries' must be an array of tables");
  }

  @Test
  void stringsWithQuotesBackslashesNewlinesControlsAndUnicodeRoundTripThroughTomlj() throws Exception {
    Files.createDirectories(dir);
    String nasty = "a \"quoted\" C:\\path\\ with\nnewline\ttab \u0001 \u007f é ✓ 😀 \u2028 '''\"\"\"";
    BundleMetadata m =
        new BundleMetadata(
            BundleMetadata.FORMAT_VERSION,
            nasty,
            Instant.EPOCH,
            new BundleMetadata.Julia(Version.parse("1.12.0-rc1"), nasty, "linux", "", "t", nasty),
            new BundleMetadata.Sysimage(false, nasty, List.of(nasty, "B")),
            new BundleMetadata.Options(nasty, "none", Optional.of(nasty), Optional.of(nasty), true, true, Optional.of(nasty)),
            Map.of(nasty, nasty, "dotted.key", "v", "", "empty key"),
            "",
            new BundleMetadata.Contents(0, 0, 0, 0));
    Path file = dir.resolve("siege-bundle.toml");
    m.write(file);

    TomlParseResult raw = Toml.parse(Files.readString(file));
    assertThat(raw.errors()).isEmpty();
    assertThat(raw.getString("siege_version")).isEqualTo(nasty);
    assertThat(raw.getTable("inputs").get(List.of("dotted.key"))).isEqualTo("v");
    assertThat(BundleMetadata.read(file)).isEqualTo(m);
  }

  @Test
  void recordsHowTheSmokeTestWasKeptOffTheNetworkAndReadsItBack() throws Exception {
    BundleMetadata s = sample();
    BundleMetadata m = new BundleMetadata(s.formatVersion(), s.siegeVersion(), s.buildTime(), s.julia(), s.sysimage(),
        s.options(), s.inputs(), s.fingerprint(), s.contents(), "network-namespace", List.of());
    Files.createDirectories(dir);
    m.write(dir.resolve("siege-bundle.toml"));

    assertThat(m.toToml()).contains("fingerprint = \"" + s.fingerprint() + "\"\nsmoke_test_isolation = \"network-namespace\"\n");
    assertThat(BundleMetadata.read(dir.resolve("siege-bundle.toml")).smokeTestIsolation()).isEqualTo("network-namespace");
  }

  @Test
  void metadataWithoutTheSmokeTestsIsolationStillReads() throws Exception {
    Files.createDirectories(dir);
    sample().write(dir.resolve("siege-bundle.toml"));

    assertThat(sample().toToml()).doesNotContain("smoke_test_isolation");
    assertThat(BundleMetadata.read(dir.resolve("siege-bundle.toml")).smokeTestIsolation()).isEmpty();
  }

  @Test
  void writesHumanReadableTomlWithUtcBuildTime() {
    String text = sample().toToml();
    assertThat(text)
        .contains("format = 2\n")
        .contains("build_time = 2026-08-01T10:15:30.123456789Z\n")
        .contains("[julia]\nversion = \"1.10.4\"\n")
        .contains("commit = \"6f3fdf7b36250fb95f512a2b927ad2518c07d2b5\"\n")
        .contains("packages = [\"CSV\", \"DataFrames\"]\n")
        .contains("[contents]\nfiles = 12\nbytes = 3456\ndepot_packages = 40\nartifacts = 3\n")
        .contains("[options]\ncpu_target = \"portable\"\npackage_selection = \"direct_deps\"\n"
            + "precompile_script = \"precompile.jl\"\ninclude_julia = false\nvendor_dev = false\n")
        .contains("[inputs]\n\"julia.version\" = \"1.10.4\"\n")
        .doesNotContain("precompile_statements", "group =", "glibc_version", "path =", "DIRECT_DEPS");
  }

  @Test
  void formatOneIsStillReadWithItsStringOptionsAndInputKeys() throws Exception {
    Path file = writeWith("""
        format = 1
        siege_version = "0.1.0"
        build_time = 2026-08-01T10:15:30Z
        fingerprint = "abab"

        [julia]
        version = "1.10.4"
        arch = "x86_64"
        os = "linux"
        libc = "glibc"
        glibc_version = "2.35"
        triplet = "x86_64-linux-gnu"
        path = "/opt/julia-1.10.4/bin/julia"

        [sysimage]
        present = true
        cpu_target = "native"
        packages = ["CSV"]

        [contents]
        files = 3
        bytes = 10
        packages = 1
        artifacts = 0

        [options]
        cpu_target = "native"
        group = ""
        include_julia = "true"
        "input.project" = "1234"
        packages = "EXPLICIT:CSV"
        precompile_script = "/home/builder/work/precompile.jl"
        precompile_statements = ""
        vendor_dev = "false"
        """);
    BundleMetadata m = BundleMetadata.read(file);
    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.options()).isEqualTo(new BundleMetadata.Options(
        "native", "explicit", Optional.of("precompile.jl"), Optional.empty(), true, false, Optional.empty()));
    assertThat(m.inputs()).containsExactly(Map.entry("project", "1234"));
    assertThat(m.julia().commit()).isEmpty();
  }

  @Test
  void unknownCommitIsOmittedAndReadsBackEmpty() throws Exception {
    Files.createDirectories(dir);
    BundleMetadata s = sample();
    BundleMetadata m =
        new BundleMetadata(
            BundleMetadata.FORMAT_VERSION, "0.1.0", s.buildTime(),
            new BundleMetadata.Julia(Version.parse("1.11.2"), "aarch64", "macos", "", "aarch64-apple-darwin", ""),
            s.sysimage(), s.options(), s.inputs(), s.fingerprint(), s.contents());
    m.write(dir.resolve("m.toml"));
    assertThat(Files.readString(dir.resolve("m.toml"))).doesNotContain("commit");
    assertThat(BundleMetadata.read(dir.resolve("m.toml")).julia().commit()).isEmpty();
  }

  @Test
  void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("siege-bundle.toml");
    Files.writeString(file, "old");
    sample().write(file);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(Files.readString(file)).startsWith("# SIEGE bundle metadata");
  }

  @Test
  void failedWriteLeavesTheExistingFileUntouched() throws Exception {
    Files.createDirectories(dir.resolve("siege-bundle.toml"));
    Files.writeString(dir.resolve("siege-bundle.toml/keep"), "x");
    assertThatThrownBy(() -> sample().write(dir.resolve("siege-bundle.toml"))).isInstanceOf(java.io.IOException.class);
    assertThat(dir.resolve("siege-bundle.toml/keep")).hasContent("x");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void recordsCopyTheirCollections() {
    List<String> packages = new ArrayList<>(List.of("A"));
    Map<String, String> inputs = new HashMap<>(Map.of("k", "v"));
    BundleMetadata.Sysimage s = new BundleMetadata.Sysimage(true, "native", packages);
    BundleMetadata s0 = sample();
    BundleMetadata m = new BundleMetadata(2, "0.1.0", s0.buildTime(), s0.julia(), s, s0.options(), inputs, "", s0.contents());
    packages.add("B");
    inputs.put("k2", "v2");
    assertThat(m.sysimage().packages()).containsExactly("A");
    assertThat(m.inputs()).containsOnlyKeys("k");
    assertThatThrownBy(() -> m.inputs().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void missingKeyIsAnErrorNamingFileLineAndKey() throws Exception {
    Path file = writeWith(sample().toToml().replace("arch = \"x86_64\"\n", ""));
    int header = lineOf(file, "[julia]");
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOfSatisfying(
            SiegeException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("key 'julia.arch' is missing (expected a string)");
              assertThat(e.file()).hasValue(file);
              assertThat(e.line()).hasValue(header);
              assertThat(e.hint()).isPresent();
            });
  }

  @Test
  void illTypedKeyIsAnErrorNamingItsLine() throws Exception {
    Path file = writeWith(sample().toToml().replace("files = 12", "files = \"12\""));
    int line = lineOf(file, "files = ");
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOfSatisfying(
            SiegeException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("key 'contents.files' must be an integer, not a string");
              assertThat(e.line()).hasValue(line);
            });
  }

  @Test
  void localBuildTimeWithoutOffsetIsRejected() throws Exception {
    Path file = writeWith(sample().toToml().replace("30.123456789Z", "30"));
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("key 'build_time' must be a date-time with offset");
  }

  @Test
  void badJuliaVersionAndBadFingerprintAreRejected() throws Exception {
    Path v = writeWith(sample().toToml().replace("\"1.10.4\"", "\"one\""));
    assertThatThrownBy(() -> BundleMetadata.read(v)).hasMessageContaining("'julia.version' is not a Julia version");
    Path f = writeWith(sample().toToml().replace("ab".repeat(32), "XYZ"));
    assertThatThrownBy(() -> BundleMetadata.read(f)).hasMessageContaining("'fingerprint' must be lower-case hex");
  }

  @Test
  void packageListWithANonStringElementNamesTheElement() throws Exception {
    Path file = writeWith(sample().toToml().replace("[\"CSV\", \"DataFrames\"]", "[\"CSV\", 3]"));
    int line = lineOf(file, "packages = [");
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOfSatisfying(
            SiegeException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("key 'sysimage.packages' must be an array of strings, but element 2 is an integer");
              assertThat(e.line()).hasValue(line);
            });
  }

  @Test
  void missingTableIsNamed() throws Exception {
    Path file = writeWith(sample().toToml().replace("[contents]", "[content]"));
    assertThatThrownBy(() -> BundleMetadata.read(file)).hasMessage("key 'contents' is missing (expected a table [contents])");
  }

  @Test
  void syntaxErrorNamesItsLine() throws Exception {
    Path file = writeWith("format = 1\nsiege_version = \"unterminated\n");
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOfSatisfying(
            SiegeException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("bundle metadata is not valid TOML");
              assertThat(e.line()).hasValue(2);
            });
  }

  @Test
  void newerFormatIsRefusedWithAHint() throws Exception {
    Path file = writeWith(sample().toToml().replace("format = 2", "format = 3"));
    assertThatThrownBy(() -> BundleMetadata.read(file))
        .isInstanceOfSatisfying(
            SiegeException.class,
            e -> {
              assertThat(e.getMessage()).contains("format 3 is newer");
              assertThat(e.line()).hasValue(2);
              assertThat(e.hint()).isPresent();
            });
  }

  @Test
  void missingFileIsASiegeException() {
    assertThatThrownBy(() -> BundleMetadata.read(dir.resolve("nope.toml")))
        .isInstanceOf(SiegeException.class)
        .hasMessageStartingWith("cannot read bundle metadata");
  }

  @Test
  void invalidUtf8IsASiegeException() throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("m.toml"), new byte[] {'a', '=', '"', (byte) 0xff, '"'});
    assertThatThrownBy(() -> BundleMetadata.read(dir.resolve("m.toml"))).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void measureCountsRegularFilesExceptMetadataAndChecksums() throws Exception {
    Files.createDirectories(dir.resolve("depot/packages/A"));
    Files.writeString(dir.resolve("depot/packages/A/a.jl"), "12345");
    Files.writeString(dir.resolve("siege-bundle.toml"), "ignored");
    Files.writeString(dir.resolve("SHA256SUMS"), "ignored");
    Files.writeString(dir.resolve("depot/SHA256SUMS"), "counted");
    Files.createSymbolicLink(dir.resolve("link"), fs.getPath("depot/packages/A/a.jl"));
    assertThat(BundleMetadata.Contents.measure(dir, 1, 0)).isEqualTo(new BundleMetadata.Contents(2, 12, 1, 0));
  }

  private Path writeWith(String text) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("siege-bundle.toml");
    Files.writeString(file, text);
    return file;
  }

  private static int lineOf(Path file, String prefix) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) return i + 1;
    }
    throw new AssertionError(prefix + " not in " + file);
  }

  @Test
  void aMetadataFileThatIsAFifoIsRefusedWithoutHangingOnIt(@org.junit.jupiter.api.io.TempDir Path real)
      throws Exception {
    // Issue 9 item 12: siege verify hung forever on a FIFO named siege-bundle.toml.
    Path fifo = real.resolve("siege-bundle.toml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
    assertThatThrownBy(() -> BundleMetadata.read(fifo))
        .isInstanceOf(SiegeException.class)
        .hasMessageStartingWith("cannot read bundle metadata: the file is a FIFO");
  }

  @Test
  void aHugeMetadataFileIsRefusedFromItsSizeNamingTheLimit(@org.junit.jupiter.api.io.TempDir Path real)
      throws Exception {
    Path big = real.resolve("siege-bundle.toml");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: 3 GiB that are never read
    }
    assertThatThrownBy(() -> BundleMetadata.read(big))
        .isInstanceOf(SiegeException.class)
        .hasMessage("cannot read bundle metadata: the file is larger than the 1 MiB limit (3072.0 MiB)");
  }
}
