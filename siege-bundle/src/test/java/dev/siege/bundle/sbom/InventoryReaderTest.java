package dev.siege.bundle.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.sbom.BundleInventory.ArtifactItem;
import dev.siege.bundle.sbom.BundleInventory.Origin;
import dev.siege.bundle.sbom.BundleInventory.PackageItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryReaderTest {
  @TempDir Path tmp;

  @Test
  void readsRepositoryUrlsFromAPackedRegistry() throws Exception {
    BundleInventory inv = InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit()));

    PackageItem foo = find(inv.packages(), "Foo");
    assertThat(foo.repository()).contains("https://github.com/example/Foo.jl.git");
    assertThat(foo.registry()).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("General"));
    assertThat(foo.deps()).containsExactly(SampleBundle.FOO_JLL, SampleBundle.DATES);
    assertThat(foo.inSysimage()).isTrue();
    assertThat(foo.licenses()).singleElement().satisfies(l -> assertThat(l.spdxIds()).containsExactly("MIT"));
    assertThat(inv.notes()).isEmpty();
  }

  @Test
  void marksStdlibsAndGivesThemNoDirectory() throws Exception {
    BundleInventory inv = InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit()));

    PackageItem dates = find(inv.packages(), "Dates");
    assertThat(dates.origin()).isEqualTo(Origin.STDLIB);
    assertThat(dates.dir()).isEmpty();
    assertThat(inv.packagesWithoutLicense()).extracting(PackageItem::name).containsExactly("Foo_jll");
  }

  @Test
  void namesEachArtifactFromItsOwnersArtifactsTomlWithItsDownload() throws Exception {
    BundleInventory inv = InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit()));

    ArtifactItem a = inv.artifacts().get(0);
    assertThat(a.name()).isEqualTo("Foo");
    assertThat(a.owner()).contains("Foo_jll");
    assertThat(a.downloads()).singleElement()
        .satisfies(d -> assertThat(d.url()).isEqualTo("https://example.org/Foo.v0.5.0.x86_64-linux-gnu.tar.gz"));
    assertThat(a.bytes()).isGreaterThanOrEqualTo(4096);
    assertThat(a.licenses()).singleElement().satisfies(l -> {
      assertThat(l.identified()).isFalse();
      assertThat(l.path()).isEqualTo("depot/artifacts/" + SampleBundle.ARTIFACT + "/share/licenses/Foo/LICENSE");
    });
  }

  @Test
  void aPackedRegistryWhoseTarballIsMissingCostsTheUrlsAndSaysSo() throws Exception {
    Path root = SampleBundle.write(tmp.resolve("b"), SampleBundle.mit());
    Files.delete(root.resolve("depot/registries/General.tar.gz"));

    BundleInventory inv = InventoryReader.read(root);
    assertThat(find(inv.packages(), "Foo").repository()).isEmpty();
    assertThat(inv.notes()).singleElement().asString().contains("General.toml").contains("no repository URL");
  }

  @Test
  void listsTheSysimageAndLauncherWithTheirHashes() throws Exception {
    BundleInventory inv = InventoryReader.read(SampleBundle.write(tmp.resolve("b"), SampleBundle.mit()));

    assertThat(inv.files()).extracting(BundleInventory.FileItem::path).containsExactly("bin/julia", "sysimage/sys.so");
    assertThat(inv.files().get(1).sha256()).hasSize(64);
  }

  static PackageItem find(List<PackageItem> packages, String name) {
    return packages.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
