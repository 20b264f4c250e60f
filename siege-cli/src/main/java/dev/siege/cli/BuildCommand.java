package dev.siege.cli;

import dev.siege.core.BuildOption;
import dev.siege.bundle.pipeline.BuildResult;
import dev.siege.cli.console.BuildConsole;
import dev.siege.cli.console.BuildLog;
import dev.siege.core.SiegeVersion;
import dev.siege.core.layout.OutputFiles;
import dev.siege.julia.install.UserCache;
import dev.siege.cli.console.ConsoleText;
import dev.siege.cli.console.CtrlC;
import dev.siege.cli.console.Terminal;
import dev.siege.julia.JuliaException;
import dev.siege.cli.console.Units;
import dev.siege.core.SiegeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siege build}: builds the bundle (or says it is up to date). */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    header = "Builds an offline bundle of a Julia project: depot, sysimage, launcher, checksums.",
    description = {
      "Run on an internet-connected build server of the same OS and CPU family as the secure"
          + " system. The bundle is built beside the output and replaces it only when every step"
          + " succeeded; an up-to-date bundle is left alone without starting Julia.",
      "Exit status: 0 ok, 1 failed, 2 usage error."
    })
public final class BuildCommand implements Callable<Integer> {
  /** Version of this command's {@code --json} output. */
  static final int JSON_FORMAT = 1;

  @Spec CommandSpec spec;

  @Mixin BuildSettings settings;

  @Option(names = "--force", description = "Rebuild even when the bundle is up to date.")
  boolean force;

  @Option(names = "--json", description = "Print the result as JSON on standard output.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Show every line Julia prints (the log has them all anyway).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    settings.validate(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BuildResult result;
    Path log;
    int warnings;
    try (BuildConsole console = BuildConsole.logging(err, Terminal.stderr(), verbose, buildLog())) {
      try {
        result = CtrlC.run("build", () -> settings.builder().force(force).build(settings.context().addListener(console)));
      } catch (SiegeException | InterruptedException e) {
        if (e instanceof SiegeException se) {
          console.logOnly("error: " + BuildOption.forCli(se.rawDescribe()));
          se.rawHint().ifPresent(h -> console.logOnly("hint: " + BuildOption.forCli(h)));
        }
        if (e instanceof JuliaException je && !verbose && !je.lastLines().isEmpty()) {
          console.close();
          err.println("Julia's last lines:");
          je.lastLines().forEach(l -> err.println("    | " + l));
        }
        console.keepLog();
        if (console.logFile() != null) {
          err.println("log: " + console.logFile());
        }
        throw e instanceof InterruptedException ? new SiegeException("interrupted: Julia was stopped and " + settings.output + " was left as it was") : e;
      }
      // A no-op build keeps the log of the build that made the bundle.
      if (result.upToDate()) {
        console.discardLog();
      } else {
        console.keepLog();
      }
      log = console.logFile();
      warnings = console.warningsShown();
    }
    if (json) {
      Json.print(out, JSON_FORMAT, toJson(result, log));
    } else {
      summary(out, result, log, warnings);
    }
    return SiegeCli.OK;
  }

  /**
   * The log of this build: {@code <output>.log} beside the output's real path when that is absent
   * or a log SIEGE wrote, else a new file in the cache's {@code logs/} (see {@link BuildLog}).
   */
  private BuildLog buildLog() {
    OutputFiles files;
    try {
      files = OutputFiles.of(settings.output);
    } catch (IllegalArgumentException e) {
      return null; // the output resolves to /: the build refuses it, and there is nothing to log beside it
    }
    Path cache = settings.cacheDir != null ? settings.cacheDir : UserCache.root(System.getenv());
    String command = "siege " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    return new BuildLog(files.log(), files.partialLog(), cache.resolve("logs"), SiegeVersion.get(), command);
  }

  /** {@code build.log} beside a {@code build} output (beside its real path): easy to find, replaced by the next build. */
  static Path logFile(Path output) {
    return OutputFiles.of(output).log();
  }

  private static void summary(PrintWriter out, BuildResult r, Path log, int warnings) {
    if (r.upToDate()) {
      out.println(r.bundle() + " is up to date (" + Units.bytes(r.bytes()) + ", " + r.files() + " files); nothing was built.");
    } else {
      out.println("Bundle ready: " + r.bundle());
      out.println("  " + Units.bytes(r.bytes()) + " in " + r.files() + " files; " + r.packages() + " packages; sysimage "
          + (r.sysimageBytes() > 0 ? Units.bytes(r.sysimageBytes()) : "none") + "; built in "
          + Units.duration(r.elapsed().toNanos()));
      if (!r.changed().isEmpty()) {
        out.println("  rebuilt because these changed: " + String.join(", ", r.changed()));
      }
      if (log != null) {
        out.println("  log: " + log);
      }
    }
    if (warnings > 0) {
      out.println("  " + warnings + " warning(s), shown above and in the log");
    }
    out.println(next(r.bundle(), BundleCommand.isForWindows(r.bundle())));
    out.flush();
  }

  /**
   * The commands to run next. Each path is one shell word ({@link ConsoleText#shellWord}): pasted
   * into a shell, a folder named {@code $(...)} or holding a quote is a name, never a command. For
   * a Windows bundle the secure side is cmd: {@code tar -xf} (Windows 10 and 11 have tar) and
   * {@code bin\julia.cmd}.
   */
  static String next(Path bundle, boolean forWindows) {
    String name = bundle.getFileName().toString();
    String archive = word(name + ".tar.gz");
    String unpack = forWindows
        ? "tar -xf " + cmdWord(name + ".tar.gz") + " && " + cmdWord(name + "\\bin\\julia.cmd")
        : "tar xf " + archive + " && " + word(name + "/bin/julia");
    return "Next: siege bundle " + word(bundle.toString()) + " -o " + archive
        + "   (copy it to the secure system, then: " + unpack + ")";
  }

  /** {@code path} for cmd: quoted unless plain (cmd splits at space , ; = and reads {@code & ( ) ^}; no Windows name holds {@code "}). */
  private static String cmdWord(String path) {
    return path.matches("[A-Za-z0-9._\\\\:+-]+") ? path : "\"" + path + "\"";
  }

  /** {@code path} as a shell word; a relative one starting with {@code -} gets {@code ./} so no command takes it for an option. */
  private static String word(String path) {
    return ConsoleText.shellWord(path.startsWith("-") ? "./" + path : path);
  }

  private static Map<String, Object> toJson(BuildResult r, Path log) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bundle", r.bundle().toString());
    m.put("up_to_date", r.upToDate());
    m.put("changed", r.changed());
    m.put("files", r.files());
    m.put("bytes", r.bytes());
    m.put("packages", r.packages());
    m.put("sysimage_bytes", r.sysimageBytes());
    m.put("warnings", r.warnings().stream().map(d -> d.describe()).toList());
    m.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
    m.put("log", log == null ? null : log.toString());
    r.logDirectory().ifPresent(d -> m.put("julia_logs", d.toString()));
    return m;
  }
}
