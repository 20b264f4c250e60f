package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.sbom.SbomWriter;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewStepTest {
  @TempDir Path tmp;
  Path project;
  Path output;
  Path julia;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    project = TestProjects.CSV_MKL.write(tmp.resolve("env"));
    output = tmp.resolve("build");
    julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
  }

  private BuildResult build(boolean force) throws Exception {
    return SiegeBuilder.forProject(project)
        .output(output)
        .force(force)
        .build(SiegeBuilderTest.fakeContext(tmp, julia,
            new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString())), Map.of())
            .addListener(events::add));
  }

  private List<String> warnings() {
    return events.stream().filter(e -> e instanceof SiegeEvent.Message m && m.level() == SiegeEvent.Level.WARNING)
        .map(e -> ((SiegeEvent.Message) e).text()).toList();
  }

  @Test
  void everyBuildWritesAValidCycloneDxSbomAndAReportThatSha256SumsLists() throws Exception {
    build(false);

    BundleLayout b = BundleLayout.at(output);
    assertThat(SbomWriter.validate(Files.readAllBytes(b.sbom()))).isEmpty();
    assertThat(b.report()).isNotEmptyFile();
    Sha256Sums sums = Sha256Sums.read(b.checksums());
    assertThat(sums.entries()).containsKeys(BundleLayout.SBOM, BundleLayout.REPORT);
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
  }

  @Test
  void theSbomListsEveryPackageAndArtifactWithHashesAndLicenses() throws Exception {
    build(false);

    JsonNode sbom = new ObjectMapper().readTree(BundleLayout.at(output).sbom().toFile());
    assertThat(sbom.get("specVersion").asText()).isEqualTo("1.6");
    assertThat(sbom.at("/metadata/tools/components/0/name").asText()).isEqualTo("SIEGE");
    List<JsonNode> components = new ArrayList<>();
    sbom.get("components").forEach(components::add);
    JsonNode csv = find(components, "CSV");
    assertThat(csv.get("version").asText()).isEqualTo("0.10.14");
    assertThat(csv.get("purl").asText()).isEqualTo("pkg:julia/CSV@0.10.14?uuid=336ed68f-0bac-5ca0-87d4-7b16caf5d00b");
    assertThat(property(csv, "siege:git-tree-sha1")).isEqualTo("6c834533dc1fabd820c1db03c839bf97e45a3fab");
    assertThat(csv.at("/externalReferences/0/url").asText()).isEqualTo("https://github.com/example/CSV.jl.git");
    assertThat(csv.at("/licenses/0/license/properties/0/value").asText()).startsWith("depot/packages/CSV/");
    assertThat(property(find(components, "LinearAlgebra"), "siege:stdlib")).isEqualTo("true");
    JsonNode julia = find(components, "julia");
    assertThat(julia.get("version").asText()).isEqualTo("1.10.4");
    assertThat(property(julia, "siege:triplet")).isNotEmpty();
    JsonNode artifact = components.stream().filter(c -> c.get("bom-ref").asText().startsWith("julia-artifact:"))
        .findFirst().orElseThrow();
    assertThat(property(artifact, "siege:owner")).isEqualTo("MKL_jll");
    assertThat(artifact.get("licenses")).isNotNull();
    JsonNode sysimage = components.stream().filter(c -> c.get("name").asText().equals("sysimage/sys.so")).findFirst()
        .orElseThrow();
    assertThat(sysimage.at("/hashes/0/content").asText())
        .isEqualTo(Sha256Sums.hash(BundleLayout.at(output).sysimage()));
    assertThat(sbom.get("dependencies").toString())
        .contains("\"ref\":\"julia-package:336ed68f-0bac-5ca0-87d4-7b16caf5d00b\",\"dependsOn\":[\"julia-package:69de0a69");
  }

  @Test
  void twoBuildsOfTheSameInputsWriteByteIdenticalSboms() throws Exception {
    build(false);
    String first = Files.readString(BundleLayout.at(output).sbom());
    build(true);
    assertThat(Files.readString(BundleLayout.at(output).sbom())).isEqualTo(first).doesNotContain("timestamp");
  }

  @Test
  void aPackageThatShipsNoLicenseFileGetsABuildWarningNamingIt() throws Exception {
    build(false);
    try (Stream<Path> s = Files.list(BundleLayout.at(output).depot().resolve("packages/CSV"))) {
      Path dir = s.findFirst().orElseThrow();
      Files.delete(dir.resolve("LICENSE"));
    }
    events.clear();
    build(true);
    assertThat(warnings()).anySatisfy(w -> assertThat(w).startsWith("package CSV ships no license file"));
    assertThat(BundleLayout.at(output).report()).content().contains("package CSV ships no license file");
  }

  private static JsonNode find(List<JsonNode> components, String name) {
    return components.stream().filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static String property(JsonNode component, String name) {
    for (JsonNode p : component.get("properties")) {
      if (p.get("name").asText().equals(name)) {
        return p.get("value").asText();
      }
    }
    return null;
  }
}
