package dev.siege.cli;

import dev.siege.core.SiegeException;
import dev.siege.core.SiegeVersion;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code siege} command. Exit codes: 0 ok, 1 failed, 2 usage error. Only this module writes
 * to the console; the library reports through events.
 */
@Command(
    name = "siege",
    mixinStandardHelpOptions = true,
    versionProvider = SiegeCli.VersionProvider.class,
    description = "Bundles a Julia project for a machine with no internet: offline depot, sysimage, launcher.",
    subcommands = {
      CommandLine.HelpCommand.class,
      CheckCommand.class,
      InspectCommand.class,
      PlanCommand.class,
      BuildCommand.class,
      BundleCommand.class,
      VerifyCommand.class
    })
public final class SiegeCli implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print the full stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    int code =
        execute(
            new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }

  /** Runs the CLI with the given streams and returns the exit code (tests call this). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(out, err);
    boolean trace = Arrays.asList(args).contains("--stacktrace");
    cli.setParameterExceptionHandler(
        (ex, ignoredArgs) -> {
          CommandLine failed = ex.getCommandLine();
          PrintWriter e = failed.getErr();
          // picocli starts some of its own messages with "Error: ".
          e.println("error: " + ex.getMessage().replaceFirst("^Error: ", ""));
          String qualified = failed.getCommandSpec().qualifiedName();
          e.println("Run '" + qualified + " --help' for usage.");
          e.flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          PrintWriter e = failed.getErr();
          if (ex instanceof SiegeException se) {
            e.println("error: " + se.describe());
            se.hint().ifPresent(h -> e.println("hint: " + h));
          } else {
            e.println("internal error: " + ex);
            if (!trace) {
              e.println("Run again with --stacktrace and report it as a bug.");
            }
          }
          if (trace) {
            ex.printStackTrace(e);
          }
          e.flush();
          return FAILED;
        });
    return cli.execute(args);
  }

  /** The command tree with output bound to {@code out}/{@code err}, not yet executed. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SiegeCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /** Reports the SIEGE version filtered in at build time. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"siege " + SiegeVersion.get(), "Java " + Runtime.version()};
    }
  }
}
