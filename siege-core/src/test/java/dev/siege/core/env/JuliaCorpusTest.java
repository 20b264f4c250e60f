package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.siege.core.SiegeException;
import dev.siege.core.check.EnvironmentChecks;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every file of the shared corpus of real Julia environment files and compares the model
 * with the figures of its INDEX.tsv (computed there with Python's tomllib). The corpus is
 * required: a missing corpus fails the build.
 */
class JuliaCorpusTest {

  static Path corpus() {
    String root = System.getProperty("siege.root");
    assertThat(root).as("system property siege.root (set by the parent pom)").isNotNull();
    Path dir = Path.of(root, "..", "shared", "julia-corpus").normalize();
    assertThat(dir.resolve("INDEX.tsv"))
        .as("the Julia corpus must exist at %s (CI requires it)", dir)
        .isRegularFile();
    return dir;
  }

  record Row(Map<String, String> cells) {
    String get(String column) {
      String v = cells.get(column);
      assertThat(v).as("INDEX.tsv column %s", column).isNotNull();
      return v;
    }

    int number(String column) {
      return Integer.parseInt(get(column));
    }

    Path file(Path corpus) {
      String path = get("path");
      return corpus.resolve(get("dir")).resolve(path.substring(path.lastIndexOf('/') + 1));
    }

    String kind() {
      return get("kind");
    }

    boolean valid() {
      return get("toml_valid").equals("yes");
    }

    /** {@code name=N} from the features column, or -1. */
    int feature(String name) {
      Matcher m = Pattern.compile("(?:^|;)" + Pattern.quote(name) + "=(\\d+)").matcher(get("features"));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
  }

  static List<Row> rows(Path corpus) throws IOException {
    List<String> lines = Files.readAllLines(corpus.resolve("INDEX.tsv"));
    String[] header = lines.get(0).split("\t", -1);
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] cells = line.split("\t", -1);
      assertThat(cells).as("INDEX.tsv row %s", line).hasSameSizeAs(header);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.length; i++) m.put(header[i], cells[i]);
      rows.add(new Row(m));
    }
    return rows;
  }

  @Test
  void indexListsEveryFileOfTheCorpusAndNothingElse() throws IOException {
    Path corpus = corpus();
    Set<Path> indexed = new HashSet<>();
    for (Row r : rows(corpus)) indexed.add(r.file(corpus));
    Set<Path> onDisk;
    try (Stream<Path> files = Files.walk(corpus)) {
      onDisk =
          files.filter(Files::isRegularFile)
              .filter(p -> !p.getParent().equals(corpus))
              .collect(Collectors.toSet());
    }
    assertThat(onDisk).isNotEmpty().containsExactlyInAnyOrderElementsOf(indexed);
  }

  @TestFactory
  Stream<DynamicTest> manifestsMatchTheIndex() throws IOException {
    Path corpus = corpus();
    return rows(corpus).stream()
        .filter(r -> r.kind().startsWith("manifest"))
        .map(r -> dynamicTest(r.get("dir") + "/" + r.file(corpus).getFileName(), () -> checkManifest(corpus, r)));
  }

  private static void checkManifest(Path corpus, Row r) throws SiegeException {
    Path file = r.file(corpus);
    if (!r.valid()) {
      SiegeException e = catchThrowableOfType(SiegeException.class, () -> Manifest.read(file));
      assertThat(e).as("invalid TOML must be rejected").isNotNull();
      assertThat(e.file()).contains(file);
      assertThat(e.line()).isNotEmpty();
      assertThat(e.describe()).startsWith(file + ":").doesNotContain("\n");
      if (r.get("features").contains("git-merge-conflict-markers")) {
        assertThat(e.getMessage()).contains("merge conflict");
      }
      return;
    }
    Manifest m = Manifest.read(file);
    String jv = r.get("julia_version");
    if (jv.equals("none")) {
      assertThat(m.juliaVersion()).isEmpty();
    } else {
      assertThat(m.juliaVersion()).contains(Version.parse(jv));
      assertThat(m.juliaVersion().orElseThrow().toString()).isEqualTo(jv);
    }
    assertThat(m.format()).isEqualTo(r.get("manifest_format"));
    assertThat(m.formatDeclared()).isEqualTo(r.get("format_declared").equals("yes"));
    assertThat(m.isKnownFormat()).isEqualTo(!r.kind().equals("manifest-unknown-format"));
    assertThat(m.entries()).hasSize(r.number("n_entries"));
    assertThat(count(m, ManifestEntry::isDeveloped)).as("entries with path").isEqualTo(r.number("n_path"));
    assertThat(count(m, ManifestEntry::isTracked)).as("entries with repo-url").isEqualTo(r.number("n_repo_url"));
    assertThat(count(m, e -> e.repoRev().isPresent())).as("repo-rev").isEqualTo(r.number("n_repo_rev"));
    assertThat(count(m, e -> e.repoSubdir().isPresent())).as("repo-subdir").isEqualTo(r.number("n_repo_subdir"));
    assertThat(count(m, ManifestEntry::isStdlib)).as("stdlib-like").isEqualTo(r.number("n_stdlib_like"));
    assertThat(count(m, ManifestEntry::pinned)).as("pinned").isEqualTo(r.number("n_pinned"));
    assertThat(m.entries().stream().map(ManifestEntry::uuid).distinct().count())
        .as("unique uuids").isEqualTo(r.number("n_unique_uuids"));
    assertThat(m.entries().stream().map(ManifestEntry::name).distinct().count())
        .as("distinct names").isEqualTo(r.number("n_distinct_names"));
    String hash = r.get("project_hash");
    assertThat(m.projectHash().orElse("none")).isEqualTo(hash);
    assertThat(m.entries()).allSatisfy(e -> assertThat(e.line()).isPositive());
  }

  private static long count(Manifest m, Predicate<ManifestEntry> p) {
    return m.entries().stream().filter(p).count();
  }

  @TestFactory
  Stream<DynamicTest> projectsParse() throws IOException {
    Path corpus = corpus();
    return rows(corpus).stream()
        .filter(r -> r.kind().equals("project"))
        .map(
            r ->
                dynamicTest(
                    r.get("dir") + "/" + r.file(corpus).getFileName(),
                    () -> {
                      ProjectFile p = ProjectFile.read(r.file(corpus));
                      assertThat(p.deps()).hasSize(r.number("package_count"));
                      assertThat(p.compatSpecs()).hasSameSizeAs(p.compat());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> artifactsMatchTheIndex() throws IOException {
    Path corpus = corpus();
    return rows(corpus).stream()
        .filter(r -> r.kind().equals("artifacts"))
        .map(
            r ->
                dynamicTest(
                    r.get("dir") + "/" + r.file(corpus).getFileName(),
                    () -> {
                      ArtifactsFile a = ArtifactsFile.read(r.file(corpus));
                      assertThat(a.names()).hasSize(r.number("package_count"));
                      assertThat(a.bindings()).hasSize(r.feature("bindings"));
                      assertThat(a.bindings().stream().mapToInt(b -> b.downloads().size()).sum())
                          .isEqualTo(r.feature("downloads"));
                      assertThat(a.lazyBindings()).hasSize(Math.max(0, r.feature("lazy")));
                    }));
  }

  /** Every corpus directory loads (or fails with a SiegeException naming a file) and checks without throwing. */
  @TestFactory
  Stream<DynamicTest> environmentsLoadAndCheckWithoutThrowing() throws IOException {
    Path corpus = corpus();
    Set<Path> invalid = new HashSet<>();
    for (Row r : rows(corpus)) if (!r.valid()) invalid.add(r.file(corpus));
    List<Path> dirs;
    try (Stream<Path> s = Files.list(corpus)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    return dirs.stream()
        .filter(d -> ProjectFile.FILE_NAMES.stream().anyMatch(n -> Files.isRegularFile(d.resolve(n))))
        .map(
            d ->
                dynamicTest(
                    d.getFileName().toString(),
                    () -> {
                      for (Version julia : new Version[] {null, Version.parse("1.10.4"), Version.parse("1.11.2"), Version.parse("1.12.5")}) {
                        Environment env;
                        try {
                          env = Environment.load(d, julia);
                        } catch (SiegeException e) {
                          assertThat(e.file()).isPresent();
                          assertThat(invalid).as("only known-invalid files fail: %s", e.describe()).contains(e.file().get());
                          continue;
                        }
                        assertThat(EnvironmentChecks.check(env, julia)).isNotNull();
                      }
                    }));
  }
}
