package dev.siege.cli;

import dev.siege.cli.console.BuildConsole;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.RegistrySource;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siege plan}: prints what {@code siege build} would run, without running it. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    header = "Shows every step a build would run, with its script, parameters and environment.",
    description = {
      "Checks the project, finds and probes Julia (the probe is cached), and prints the build plan:"
          + " each step with the Julia script it runs, the parameters it passes, the variables it sets"
          + " and unsets, and what it reads and writes. Nothing is built.",
      "Exit status: 0 ok, 1 when the project has errors or no Julia is found, 2 for usage errors."
    })
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BuildSettings settings;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    settings.validate(spec);
    PrintWriter out = spec.commandLine().getOut();
    BuildPlan plan;
    try (BuildConsole console = new BuildConsole(spec.commandLine().getErr(), false, false, null)) {
      plan = settings.builder().plan(settings.context().addListener(console));
    }
    if (json) {
      Json.print(out, redacted(plan.describe()));
    } else {
      print(out, plan);
    }
    return SiegeCli.OK;
  }

  static void print(PrintWriter out, BuildPlan plan) {
    out.println("Plan for " + plan.options().projectDir() + " -> " + plan.output());
    out.println("  Julia " + plan.julia().version() + " (" + plan.julia().arch() + ", " + plan.julia().executable() + ")");
    out.println("  PackageCompiler " + plan.packageCompilerVersion() + " in " + plan.toolDepot().getParent());
    out.println("  target: " + plan.target().triplet() + (plan.foreignTarget()
        ? " (another platform than the build's Julia, " + plan.julia().triplet() + ": depot-only, target check instead of"
            + " the smoke test)"
        : " (the build's Julia's own platform" + (plan.target().tags().isEmpty() ? "" : ", with tags") + ")"));
    if (!plan.target().tags().isEmpty()) {
      out.println("  platform tags: " + String.join(", ", plan.target().tags().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    plan.shippedJulia().ifPresent(j -> out.println("  Julia shipped in julia/: "
        + dev.siege.core.BuildOption.forCli(j.summary())));
    if (!plan.options().preferences().isEmpty()) {
      out.println("  preferences (shipped in LocalPreferences.toml): " + String.join(", ",
          plan.options().preferences().stream().map(dev.siege.core.plan.Preference::spec).toList()));
    }
    out.println("  sysimage: " + (plan.sysimagePackages().isEmpty() ? "none" : String.join(", ", plan.sysimagePackages())));
    out.println("  registries: " + (plan.options().registries().isEmpty() ? "the default ones (General)"
        : String.join(", ", plan.options().registries().stream().map(RegistrySource::recorded).toList())
            + ", then the default ones"));
    out.println("  resolve: " + (plan.options().resolve()
        ? "yes: the manifest is re-resolved with Julia " + plan.julia().version() + ", and the resolved one ships"
        : "no: the manifest ships as it is"));
    out.println("  built in " + plan.staging() + ", then moved to " + plan.output());
    out.println("  fingerprint " + plan.fingerprint().hex());
    if (plan.options().insecureDownload()) {
      out.println("  insecure download: a downloaded Julia is used even without a valid release signature");
    }
    int n = 1;
    for (BuildStep s : plan.steps()) {
      out.printf("%2d. %-11s %s%n", n++, s.id().id(), s.id().title());
      if (s.skipReason().isPresent()) {
        out.println("      skipped: " + s.skipReason().get());
        continue;
      }
      s.julia().ifPresent(j -> {
        out.println("      script:  " + j.script().fileName());
        String wrapper = j.wrapper().isEmpty() ? "" : String.join(" ", j.wrapper()) + " ";
        out.println("      run:     " + wrapper + j.executable() + " (in " + j.workDir() + ")");
        block(out, "set:", j.setEnv());
        if (!j.unsetEnv().isEmpty()) {
          out.println("      unset:   " + String.join(" ", j.unsetEnv()));
        }
        block(out, "params:", j.parameters());
        out.println("      log:     " + j.log());
      });
      list(out, "reads:", s.inputs());
      list(out, "writes:", s.outputs());
    }
    @SuppressWarnings("unchecked")
    Map<String, String> launcher = (Map<String, String>) plan.describe().get("launcher_environment");
    out.println("On the secure machine, bin/julia sets:");
    launcher.forEach((k, v) -> out.println("      " + k + " = " + v));
    out.flush();
  }

  private static void block(PrintWriter out, String label, Map<String, ?> values) {
    String prefix = String.format("      %-8s ", label);
    for (Map.Entry<String, ?> e : new TreeMap<>(values).entrySet()) {
      out.println(prefix + e.getKey() + " = " + redacted(e.getValue()));
      prefix = " ".repeat(prefix.length());
    }
  }

  /**
   * {@code value} with the user information of every URL in it replaced by {@code ***}: a token
   * given in a {@code --registry} URL reaches Julia, but is never printed.
   */
  @SuppressWarnings("unchecked")
  static <T> T redacted(T value) {
    if (value instanceof String s) {
      String plain = RegistrySource.withoutUserInfo(s);
      return (T) (plain.equals(s) ? s : plain.replaceFirst("://", "://***@"));
    }
    if (value instanceof java.util.List<?> l) {
      return (T) l.stream().map(PlanCommand::redacted).toList();
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(k, redacted(v)));
      return (T) copy;
    }
    return value;
  }

  private static void list(PrintWriter out, String label, java.util.List<String> values) {
    String prefix = String.format("      %-8s ", label);
    for (String v : values) {
      out.println(prefix + v);
      prefix = " ".repeat(prefix.length());
    }
  }
}
