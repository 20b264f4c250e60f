package dev.siege.cli;

import dev.siege.core.SiegeException;
import dev.siege.cli.console.ConsoleWriter;
import dev.siege.core.SiegeVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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
      ApplyCommand.class,
      VerifyCommand.class,
      ReportCommand.class
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
          e.println("error: " + UserMessages.plain(String.valueOf(ex.getMessage()).replaceFirst("^Error: ", "")));
          String qualified = failed.getCommandSpec().qualifiedName();
          e.println("Run '" + qualified + " --help' for usage.");
          e.flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler((ex, failed, parseResult) -> report(ex, failed.getErr(), trace));
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error ex) {
      // picocli hands only Exceptions to the handler; an Error (out of memory) ends up here.
      return report(ex, cli.getErr(), trace);
    }
  }

  /**
   * Prints a failure in plain words (never a Java class name) and returns the exit code: a
   * {@link SiegeException} or an I/O error is the user's to act on, anything else is a bug.
   */
  static int report(Throwable ex, PrintWriter e, boolean trace) {
    if (ex instanceof SiegeException se) {
      e.println("error: " + UserMessages.plain(se.rawDescribe()));
      se.rawHint().ifPresent(h -> e.println("hint: " + UserMessages.plain(h)));
    } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      e.println("error: " + UserMessages.describe(ex));
    } else {
      e.println("internal error: " + UserMessages.describe(ex));
      if (!trace) {
        e.println("Run again with --stacktrace and report it as a bug.");
      }
    }
    if (trace) {
      ex.printStackTrace(e);
    }
    e.flush();
    // Options that cannot work together, found only once the plan knew the build's Julia.
    return ex instanceof dev.siege.core.UsageException ? USAGE : FAILED;
  }

  /**
   * The command tree with output bound to {@code out}/{@code err}, not yet executed. Both are
   * wrapped in a {@link ConsoleWriter}, the one place through which everything printed passes.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SiegeCli());
    cli.setOut(ConsoleWriter.of(out));
    cli.setErr(ConsoleWriter.of(err));
    // ANSI styles in the help would reach the terminal escaped, as text.
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Path.class, new PathConverter());
    return cli;
  }

  /** A path option or parameter: not empty, and a path this system can name. */
  static final class PathConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      if (value.isEmpty()) {
        throw new TypeConversionException("an empty path names nothing");
      }
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new TypeConversionException("'" + value + "' is not a usable path (" + e.getReason() + ")");
      }
    }
  }

  /** Reports the SIEGE version filtered in at build time. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"siege " + SiegeVersion.get(), "Java " + Runtime.version()};
    }
  }
}
