package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every command shares: usage errors, how failures read, the console writer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiegeCliTest {
  @TempDir static Path shared;

  Path env;
  Path dir;

  @BeforeAll
  void fixtures() throws IOException {
    env = BuildFixture.project(shared.resolve("env"));
    dir = Files.createDirectories(shared.resolve("dir"));
    Files.writeString(dir.resolve("file.jl"), "x = 1\n");
    Files.createDirectories(shared.resolve("taken.tar.gz"));
  }

  static final int USAGE = SiegeCli.USAGE;
  static final int FAILED = SiegeCli.FAILED;

  /**
   * Bad invocations: a bad value for every option that takes one, and bad arguments. {@code
   * {env}} is a valid project, {@code {dir}} a plain directory, {@code {tmp}} a scratch folder.
   */
  static Stream<Arguments> badInvocations() {
    return Stream.of(
        // siege
        bad(USAGE),
        bad(USAGE, "nonsense"),
        bad(USAGE, "--nonsense"),
        // every command's DIR
        bad(USAGE, "check", ""),
        bad(USAGE, "inspect", ""),
        bad(USAGE, "plan", ""),
        bad(USAGE, "build", ""),
        bad(USAGE, "bundle", "", "-o", "x.tar.gz"),
        bad(USAGE, "verify", ""),
        bad(USAGE, "verify"),
        bad(USAGE, "bundle", "{dir}"),
        bad(USAGE, "check", "{env}", "extra"),
        // --julia-version (check, inspect, plan, build)
        bad(USAGE, "check", "{env}", "--julia-version", "x"),
        bad(USAGE, "inspect", "{env}", "--julia-version", ""),
        bad(USAGE, "plan", "{env}", "--julia-version", "1.x"),
        bad(USAGE, "build", "{env}", "--julia-version", "-1"),
        bad(USAGE, "build", "{env}", "--julia-version"),
        // plan and build
        bad(USAGE, "plan", "{env}", "--packages", ","),
        bad(USAGE, "build", "{env}", "--packages", ","),
        bad(USAGE, "build", "{env}", "--packages", ""),
        bad(USAGE, "build", "{env}", "--packages", "a,,b"),
        bad(USAGE, "build", "{env}", "--packages", " , "),
        bad(USAGE, "build", "{env}", "--packages", "CSV", "--no-packages"),
        bad(USAGE, "plan", "{env}", "--cpu-target", ""),
        bad(USAGE, "build", "{env}", "--cpu-target", "  "),
        bad(USAGE, "plan", "{env}", "-o", ""),
        bad(USAGE, "build", "{env}", "-o", ""),
        bad(USAGE, "build", "{env}", "-o", "/"),
        bad(USAGE, "build", "{env}", "-o", " "),
        bad(USAGE, "build", "{env}", "--julia", ""),
        bad(USAGE, "build", "{env}", "--julia", "{tmp}/julia", "--julia-version", "1.10.4"),
        bad(USAGE, "build", "{env}", "--precompile-script", ""),
        bad(USAGE, "build", "{env}", "--precompile-statements", ""),
        bad(USAGE, "build", "{env}", "--group", ""),
        bad(USAGE, "build", "{env}", "--group", " "),
        bad(USAGE, "build", "{env}", "--cache-dir", ""),
        bad(USAGE, "build", "{env}", "-o"),
        // bundle
        bad(USAGE, "bundle", "{dir}", "-o", ""),
        bad(USAGE, "bundle", "{dir}", "-o", "/"),
        bad(USAGE, "bundle", "{dir}", "-o", "out/"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/"),
        bad(USAGE, "bundle", "{dir}", "-o", "."),
        bad(USAGE, "bundle", "{dir}", "-o", ".."),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.zip"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--format", "nonsense"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--format", ""),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--level", "99"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--level", "0"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--level", "-1"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--level", "abc"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--level", ""),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.zst", "--level", "20"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--threads", "0"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--threads", "-3"),
        bad(USAGE, "bundle", "{dir}", "-o", "{tmp}/x.tar.gz", "--threads", "99999999999"),
        // not usage errors: the arguments are well formed, what they name is wrong
        bad(FAILED, "check", "{tmp}/missing"),
        bad(FAILED, "inspect", "{dir}/file.jl"),
        bad(FAILED, "bundle", "{tmp}/missing", "-o", "{tmp}/x.tar.gz"),
        bad(FAILED, "bundle", "{dir}/file.jl", "-o", "{tmp}/x.tar.gz"),
        bad(FAILED, "bundle", "{dir}", "-o", "{tmp}/missing/x.tar.gz"),
        bad(FAILED, "bundle", "{dir}", "-o", "{tmp}/taken.tar.gz"),
        bad(FAILED, "verify", "{tmp}/missing"),
        bad(FAILED, "verify", "{dir}/file.jl"));
  }

  static Arguments bad(int exit, String... args) {
    return Arguments.of(exit, args);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInvocations")
  void aBadInvocationIsAPlainErrorWithoutJavaNamesOrStackTrace(int exit, String[] template) {
    List<String> args = new ArrayList<>(Arrays.stream(template)
        .map(a -> a.replace("{env}", env.toString()).replace("{dir}", dir.toString()).replace("{tmp}", shared.toString()))
        .toList());
    // Should a case ever be accepted, its build writes into the scratch folder, not the working directory.
    List<String> given = List.of(template);
    if (!args.isEmpty() && List.of("plan", "build").contains(args.get(0))) {
      if (!given.contains("-o")) {
        args.addAll(1, List.of("-o", shared.resolve("out").toString()));
      }
      if (!given.contains("--cache-dir")) {
        args.addAll(1, List.of("--cache-dir", shared.resolve("cache").toString()));
      }
    }

    CliRun run = CliRun.of(args.toArray(String[]::new));

    String all = run.out() + run.err();
    assertThat(run.exit()).as(all).isEqualTo(exit);
    assertThat(run.err()).as(all).startsWith("error: ");
    assertThat(all).doesNotContain("java.").doesNotContain("Exception").doesNotContain("null")
        .doesNotContain("\tat ").doesNotContain("internal error");
    if (exit == USAGE) {
      assertThat(run.err()).contains("--help' for usage.");
    }
    assertThat(shared.resolve("out")).doesNotExist();
  }

  @Test
  void printsAnIoErrorInWordsWithoutItsClassName() {
    StringWriter err = new StringWriter();
    int exit = SiegeCli.report(new UncheckedIOException(new AccessDeniedException("/srv/build")), new PrintWriter(err),
        false);

    assertThat(exit).isEqualTo(SiegeCli.FAILED);
    assertThat(err.toString()).isEqualTo("error: permission denied: /srv/build\n");
  }

  @Test
  void printsAnInternalErrorWithoutItsClassNameAndAsksForTheTrace() {
    StringWriter err = new StringWriter();
    SiegeCli.report(new IllegalStateException("java.lang.IllegalArgumentException: bad state"), new PrintWriter(err), false);
    SiegeCli.report(new NullPointerException(), new PrintWriter(err), false);
    SiegeCli.report(new OutOfMemoryError("Java heap space"), new PrintWriter(err), false);

    assertThat(err.toString().lines()).containsExactly(
        "internal error: bad state",
        "Run again with --stacktrace and report it as a bug.",
        "internal error: unexpected error (no details)",
        "Run again with --stacktrace and report it as a bug.",
        "internal error: out of memory: Java heap space",
        "Run again with --stacktrace and report it as a bug.");
  }

  @Test
  void stacktraceShowsTheFullTrace() {
    StringWriter err = new StringWriter();
    SiegeCli.report(new IllegalStateException("bad state"), new PrintWriter(err), true);

    assertThat(err.toString()).startsWith("internal error: bad state\n").contains("IllegalStateException").contains("\tat ");
  }

  @Test
  void usageErrorsShowTheArgumentsEscaped() {
    CliRun run = CliRun.of("--x" + Hostile.TEXT);

    assertThat(run.exit()).isEqualTo(SiegeCli.USAGE);
    Hostile.assertShownEscaped(run.err());
  }

  @Test
  void verifyShowsThePathsItReportsEscaped() throws IOException {
    Path hostile = Files.createDirectories(shared.resolve("v" + Hostile.TEXT));
    Files.writeString(hostile.resolve("f" + Hostile.TEXT), "x");

    CliRun run = CliRun.of("verify", hostile.toString());
    CliRun missing = CliRun.of("verify", shared.resolve("m" + Hostile.TEXT).toString());

    assertThat(run.exit()).isEqualTo(SiegeCli.FAILED);
    Hostile.assertShownEscaped(run.out());
    assertThat(run.out()).contains("v" + Hostile.SHOWN);
    Hostile.assertShownEscaped(missing.err());
  }

  @Test
  void helpHasNoTerminalStylesEvenWhereAnsiWouldBeOn() {
    String before = System.getProperty("picocli.ansi");
    System.setProperty("picocli.ansi", "true");
    try {
      CliRun run = CliRun.of("build", "--help");

      assertThat(run.exit()).isZero();
      assertThat(run.out()).contains("--cpu-target").doesNotContain("\\e[");
      Hostile.assertNoControlCharacters(run.out());
    } finally {
      if (before == null) {
        System.clearProperty("picocli.ansi");
      } else {
        System.setProperty("picocli.ansi", before);
      }
    }
  }
}
