import dev.siege.testkit.FakeJuliaExecutable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Installs the testkit's fake {@code julia} (FakeJuliaExecutable) for bench scripts. Run with
 * the single-file source launcher, so the fake reuses this JVM's class path:
 * {@code java -cp siege.jar:siege-testkit/target/classes bench/InstallFakeJulia.java DIR [NAME=VALUE...]}.
 * Prints the path of the installed executable.
 */
public class InstallFakeJulia {
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: InstallFakeJulia DIR [NAME=VALUE...]");
      System.exit(2);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("not NAME=VALUE: " + args[i]);
        System.exit(2);
      }
      env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    System.out.println(FakeJuliaExecutable.install(Path.of(args[0]), env));
  }
}
