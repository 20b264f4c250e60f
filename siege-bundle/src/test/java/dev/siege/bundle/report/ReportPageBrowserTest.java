package dev.siege.bundle.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review page in a real browser: Debian's chromium, headless, which {@code .ci/run} installs.
 * Without chromium this test fails and says so: it is never skipped.
 */
class ReportPageBrowserTest {
  @TempDir Path tmp;

  @Test
  void rendersWithNoConsoleErrorAndEverySectionInTheDomAndAScreenshotThatIsNotBlank() throws Exception {
    Path page = tmp.resolve("report.html");
    Files.writeString(page, ReportPage.render(ReportPageTest.sample(tmp.resolve("b")),
        ReportPage.Verification.notChecked("checked by siege verify"), List.of("a warning <b>not bold</b>")));

    Path png = tmp.resolve("report.png");
    // One browser run: the DOM on stdout, the console on stderr, the screenshot in a file.
    Run dom = chromium("--dump-dom", "--screenshot=" + png, "--window-size=1200,1400", page.toUri().toString());
    assertThat(dom.exit).as(dom.err).isZero();
    assertThat(dom.out).contains("id=\"summary\"", "id=\"verification\"", "id=\"packages\"", "id=\"artifacts\"",
        "id=\"chart\"", "id=\"warnings\"", "<svg", "<rect").contains("a warning &lt;b&gt;not bold&lt;/b&gt;");
    assertThat(consoleLines(dom.err)).as("console messages of the page").isEmpty();

    BufferedImage image = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(10);
    if (System.getenv("SIEGE_KEEP_SCREENSHOT") != null) {
      Files.copy(png, Path.of(System.getenv("SIEGE_KEEP_SCREENSHOT")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void theConsoleCheckSeesAScriptError() throws Exception {
    Path page = tmp.resolve("bad.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>");

    Run dom = chromium("--dump-dom", page.toUri().toString());
    assertThat(consoleLines(dom.err)).anySatisfy(l -> assertThat(l).contains("boom"));
  }

  private static List<String> consoleLines(String stderr) {
    return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  record Run(int exit, String out, String err) {}

  private Run chromium(String... args) throws Exception {
    String exe = find();
    assertThat(exe).as("chromium is not installed: .ci/run installs Debian's chromium (apt-get install chromium)")
        .isNotNull();
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
    cmd.addAll(List.of(args));
    File out = tmp.resolve("out-" + System.nanoTime()).toFile();
    File err = tmp.resolve("err-" + System.nanoTime()).toFile();
    Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  private static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
