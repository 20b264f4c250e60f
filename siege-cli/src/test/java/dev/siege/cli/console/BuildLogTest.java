package dev.siege.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogTest {
  @TempDir Path tmp;

  Path target() {
    return tmp.resolve("results.log");
  }

  Path partial() {
    return tmp.resolve(".results.siege-log");
  }

  BuildLog log() {
    return new BuildLog(target(), partial(), tmp.resolve("cache/logs"), "1.2.3", "siege build env -o results");
  }

  @Test
  void aBuildThatNeverStartsWritesNoFileAtAll() throws Exception {
    BuildLog log = log();
    log.line("error: the output is not a SIEGE bundle");
    log.keep();
    try (var s = Files.list(tmp)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(log.file()).isNull();
  }

  @Test
  void startsWithAHeaderGivingTheDateTheVersionAndTheCommandAndEveryLineCarriesTheDate() throws Exception {
    BuildLog log = log();
    log.line("before the checks passed");
    log.start();
    log.line("step instantiate started");
    log.keep();

    List<String> lines = Files.readAllLines(target());
    assertThat(lines.get(0)).startsWith(BuildLog.HEADER + " ").contains("siege 1.2.3").endsWith(": siege build env -o results");
    OffsetDateTime.parse(lines.get(0).split(" ")[4], BuildLog.TIME);
    assertThat(lines.subList(1, 3)).allSatisfy(l -> OffsetDateTime.parse(l.substring(0, l.indexOf(' ')), BuildLog.TIME));
    assertThat(lines.get(1)).endsWith(" before the checks passed");
    assertThat(lines.get(2)).endsWith(" step instantiate started");
    assertThat(partial()).doesNotExist();
  }

  @Test
  void aFileSiegeDidNotWriteIsNeverReplacedAndTheLogGoesToTheCache() throws Exception {
    Files.writeString(target(), "my own results\n");
    BuildLog log = log();
    List<String> notices = log.start();
    log.line("step instantiate started");
    log.keep();

    assertThat(target()).hasContent("my own results");
    assertThat(log.file()).startsWith(tmp.resolve("cache/logs"));
    assertThat(Files.readString(log.file())).contains("step instantiate started");
    assertThat(notices).singleElement().asString().contains(target().toString()).contains(log.file().toString());
  }

  @Test
  void aLinkAtTheLogsPlaceIsNeitherFollowedNorReplaced() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim.txt"), BuildLog.HEADER + " but not ours\n");
    Files.createSymbolicLink(target(), victim);
    BuildLog log = log();
    log.start();
    log.keep();
    assertThat(Files.isSymbolicLink(target())).isTrue();
    assertThat(victim).hasContent(BuildLog.HEADER + " but not ours");
  }

  @Test
  void aLinkPlantedAtThePartialLogsPlaceIsNotFollowed() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
    Files.createSymbolicLink(partial(), victim);
    BuildLog log = log();
    log.start();
    log.line("step instantiate started");
    log.keep();
    assertThat(victim).hasContent("precious");
    assertThat(Files.readString(target())).contains("step instantiate started");
  }

  @Test
  void aLogSiegeWroteIsReplacedAndADiscardedRunKeepsIt() throws Exception {
    BuildLog first = log();
    first.start();
    first.line("first build");
    first.keep();
    BuildLog noop = log();
    noop.start();
    noop.line("nothing to do");
    noop.discard();
    assertThat(Files.readString(target())).contains("first build").doesNotContain("nothing to do");
    BuildLog second = log();
    second.start();
    second.line("second build");
    second.keep();
    assertThat(Files.readString(target())).contains("second build").doesNotContain("first build");
  }

  @Test
  void aKilledBuildKeepsWhatItLoggedAndTheNextBuildKeepsThatAsTheLog() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BuildLogKillChild.class.getName(),
        target().toString(), partial().toString(), tmp.resolve("cache/logs").toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      assertThat(child.waitFor()).isEqualTo(128 + 9);
    }

    assertThat(Files.readString(partial())).startsWith(BuildLog.HEADER).contains("before the first step")
        .contains("step instantiate started").contains("instantiate stderr: Installed CSV");
    assertThat(target()).doesNotExist();

    BuildLog next = log();
    List<String> notices = next.start();
    next.discard(); // an up-to-date build: the interrupted build's log stays the log
    assertThat(Files.readString(target())).contains("instantiate stderr: Installed CSV");
    assertThat(notices).singleElement().asString().contains("interrupted build");
    assertThat(partial()).doesNotExist();
  }
}
