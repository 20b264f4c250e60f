package dev.siege.core.io;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a read in a child JVM that file permissions apply to. Root ignores them (CAP_DAC_OVERRIDE),
 * so as root the child runs in a new user namespace as uid 1000 (util-linux {@code unshare
 * --user --map-user=1000}): files owned by root are then its own, and mode 000 denies it like
 * any user. As another user it runs as that user.
 */
public final class Unprivileged {
  private Unprivileged() {}

  /** The child's output: {@code ok} or the {@link SiegeException#describe()} it got. */
  public static String read(Path file) throws IOException, InterruptedException {
    return run("read", file);
  }

  /** The child's output for {@link Environment#load(Path)}. */
  public static String load(Path dir) throws IOException, InterruptedException {
    return run("load", dir);
  }

  private static String run(String what, Path path) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (System.getProperty("user.name").equals("root")) {
      cmd.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
    }
    cmd.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:off", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        Unprivileged.class.getName(), what, path.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  /** The child: {@code read FILE} or {@code load DIR}. */
  public static void main(String[] args) {
    try {
      Path path = Path.of(args[1]);
      if (args[0].equals("read")) {
        RegularFiles.read(path, RegularFiles.MIB);
      } else {
        Environment.load(path);
      }
      System.out.println("ok");
    } catch (SiegeException e) {
      System.out.println(e.describe());
    }
  }
}
