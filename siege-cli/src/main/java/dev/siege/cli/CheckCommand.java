package dev.siege.cli;

import dev.siege.core.OptionException;
import dev.siege.bundle.pipeline.SiegeBuilder;
import dev.siege.core.BuildOption;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.check.EnvironmentChecks;
import dev.siege.core.env.Environment;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code siege check [DIR]}: lists every problem of a Julia environment; exit 1 on any error. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Checks a Julia environment for problems that would break a bundle.",
    description = {
      "Checks Project.toml and the manifest Julia would read with it; prints each problem as"
          + " file:line: severity: message, then a hint.",
      "Exit status: 0 when there is no error (warnings allowed), 1 otherwise."
    })
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin EnvironmentOptions environment;

  /** The target options of build and plan, so that check says about them what plan says. */
  @Mixin TargetOptions target;

  @Override
  public Integer call() throws Exception {
    SiegeBuilder builder;
    try {
      builder = target.applyTo(SiegeBuilder.forProject(environment.dir));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), BuildOption.forCli(UserMessages.plain(OptionException.rawMessageOf(e))));
    }
    Environment env = environment.load();
    List<Diagnostic> diagnostics = new java.util.ArrayList<>(EnvironmentChecks.check(env, environment.juliaFor(env)));
    diagnostics.addAll(builder.checkTarget(env, System.getenv()));
    PrintWriter out = spec.commandLine().getOut();
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    for (Diagnostic d : diagnostics) {
      out.println(d.describe());
      d.hintText().ifPresent(h -> out.println("  hint: " + h));
    }
    long warnings = diagnostics.size() - errors;
    out.println(
        environment.dir + ": " + plural(errors, "error") + ", " + plural(warnings, "warning")
            + (errors == 0 ? " (ok)" : ""));
    out.flush();
    return errors > 0 ? SiegeCli.FAILED : SiegeCli.OK;
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
