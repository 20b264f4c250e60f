package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./siege} script's JVM options, run as the script runs them. */
class SiegeScriptTest {
  @TempDir Path tmp;

  /**
   * Runs {@code siege ARGS} in a new JVM with the options the script chooses for {@code ARGS[0]}
   * (for a checkout at {@code tmp/root}) and its {@code run_java}, on the test classpath; returns
   * stdout alone.
   */
  private String stdoutOf(String... args) throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("siege-cli/target"));
    Path script = Path.of("..", "siege").toAbsolutePath().normalize();
    String[] command = new String[5 + args.length];
    command[0] = "bash";
    command[1] = "-c";
    command[2] = "source \"$1\"; shift; root=$SIEGE_TEST_ROOT; jar=$root/siege-cli/target/siege.jar; jvm_options \"$1\";"
        + " run_java \"${jvm[@]}\" -cp \"$SIEGE_TEST_CP\" dev.siege.cli.SiegeCli \"$@\"";
    command[3] = "_";
    command[4] = script.toString();
    System.arraycopy(args, 0, command, 5, args.length);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SIEGE_TEST_ROOT", root.toString());
    pb.environment().put("SIEGE_TEST_CP", System.getProperty("java.class.path"));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void longCommandsRunWithCompilerDirectivesThatPrintNothingOnStdout() throws Exception {
    Path dir = tmp.resolve("plain");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "a\n");

    String out = stdoutOf("verify", dir.toString(), "--json");

    // The JVM reports loading a directives file on stdout ("2 compiler directives added") unless
    // told not to: the --json output must be all there is.
    assertThat(tmp.resolve("root/siege-cli/target/siege-long.jit.json")).exists();
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.has("format")).isTrue();
  }
}
