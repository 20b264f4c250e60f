package dev.siege.bundle.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomWriterTest {
  @TempDir Path tmp;

  @Test
  void writesValidCycloneDx16WithASerialNumberDerivedFromTheFingerprint() throws Exception {
    String json = SbomWriter.write(InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit())));

    assertThat(SbomWriter.validate(json.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(json).contains("\"specVersion\" : \"1.6\"")
        .contains("\"serialNumber\" : \"urn:uuid:" + java.util.UUID.nameUUIDFromBytes(
            "siege-sbom:00ff00ff00ff".getBytes(StandardCharsets.UTF_8)))
        .doesNotContain("timestamp");
  }

  @Test
  void theSameBundleGivesTheSameBytes() throws Exception {
    Path root = SampleBundle.write(tmp.resolve("b"), SampleBundle.mit());
    assertThat(SbomWriter.write(InventoryReader.read(root))).isEqualTo(SbomWriter.write(InventoryReader.read(root)));
  }

  @Test
  void usesThePurlJuliaTypeWithTheUuidQualifier() throws Exception {
    String json = SbomWriter.write(InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit())));

    assertThat(json).contains("\"purl\" : \"pkg:julia/Foo@1.2.3?uuid=" + SampleBundle.FOO + "\"")
        .contains("\"purl\" : \"pkg:julia/Dates?uuid=" + SampleBundle.DATES + "\"");
  }

  @Test
  void identifiedLicensesAreSpdxIdsAndUnidentifiedOnesSaySoWithTheirPath() throws Exception {
    String json = SbomWriter.write(InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit())));

    assertThat(json).contains("\"id\" : \"MIT\"").contains("\"name\" : \"unidentified license text\"")
        .contains("share/licenses/Foo/LICENSE");
  }

  @Test
  void rejectsWhatIsNotCycloneDx() {
    assertThat(SbomWriter.validate("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":7}"
        .getBytes(StandardCharsets.UTF_8))).isNotEmpty();
  }
}
