package dev.siege.bundle.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.sbom.BundleInventory;
import dev.siege.bundle.sbom.InventoryReader;
import dev.siege.bundle.sbom.SampleBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {
  @TempDir Path tmp;

  static BundleInventory sample(Path root) throws Exception {
    return InventoryReader.read(SampleBundle.write(root, SampleBundle.mit()));
  }

  @Test
  void holdsTheBuildSummaryPackagesArtifactsChartAndWarnings() throws Exception {
    String html = ReportPage.render(sample(tmp.resolve("b")), ReportPage.Verification.notChecked("not yet"),
        List.of("3 file(s) of the bundle contain the path it was built in"));

    assertThat(html).contains("<section id=\"summary\">", "<section id=\"verification\">", "<section id=\"packages\">",
        "<section id=\"artifacts\">", "<section id=\"chart\">", "<section id=\"warnings\">");
    assertThat(html).contains("<dt>Julia</dt><dd>1.10.4 (commit 48d4fd48430)</dd>", "<dd>x86_64-linux-gnu</dd>",
        "<dd>generic;sandybridge,-xsaveopt,clone_all</dd>", "<dd>00ff00ff00ff</dd>", "<dd>0.1.0-test</dd>",
        "<dd>2026-01-02T03:04:05Z</dd>");
    assertThat(html).contains("<tr><td>Foo</td><td>1.2.3</td><td>MIT")
        .contains("<td>yes</td>")
        .contains("3 file(s) of the bundle contain the path it was built in")
        .contains("package Foo_jll ships no license file")
        .contains("unidentified license text: depot/artifacts/" + SampleBundle.ARTIFACT + "/share/licenses/Foo/LICENSE");
  }

  @Test
  void isSelfContained() throws Exception {
    String html = ReportPage.render(sample(tmp.resolve("b")), ReportPage.Verification.notChecked("x"), List.of());

    assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "@import", "url(")
        .contains("<style>", "<svg", "Content-Security-Policy");
  }

  @Test
  void escapesNamesFromTomlAndFileNames() throws Exception {
    Path root = SampleBundle.write(tmp.resolve("b"), SampleBundle.mit());
    Files.writeString(root.resolve("env/Project.toml"),
        "name = \"<script>alert(1)</script>\"\n[deps]\nFoo = \"" + SampleBundle.FOO + "\"\n");
    String hostile = "<img src=x onerror=alert(2)>&\"'";

    String html = ReportPage.render(InventoryReader.read(root), ReportPage.Verification.notChecked(hostile),
        List.of(hostile));

    assertThat(html).doesNotContain("<script>alert", "<img src=x")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;&amp;&quot;&#39;");
  }

  @Test
  void chartsTheSysimageFirstThenTheLargestItems() throws Exception {
    String svg = ReportPage.chart(sample(tmp.resolve("b")));

    assertThat(svg).startsWith("<svg");
    assertThat(svg.indexOf("sysimage sysimage/sys.so")).isLessThan(svg.indexOf("artifact Foo"));
    assertThat(svg.indexOf("artifact Foo")).isLessThan(svg.indexOf("package Foo<"));
  }

  @Test
  void writesSizesWithBinaryUnits() {
    assertThat(ReportPage.bytes(512)).isEqualTo("512 B");
    assertThat(ReportPage.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(ReportPage.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }
}
