package dev.siege.cli;

import dev.siege.cli.console.ConsoleText;
import dev.siege.core.env.Environment;
import dev.siege.core.env.Manifest;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.version.Version;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siege inspect [DIR] [--json]}: what a Julia environment holds. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Shows what a Julia environment holds: manifest, julia_version, counts, direct deps.",
    description = {
      "Shows the project, the manifest file and format, julia_version, counts (entries, direct"
          + " deps, stdlibs, JLLs, developed, tracked) and the direct dependencies with versions."
    })
public final class InspectCommand implements Callable<Integer> {
  /** Version of this command's {@code --json} output. */
  static final int JSON_FORMAT = 1;

  @Spec CommandSpec spec;

  @Mixin EnvironmentOptions environment;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Environment env = environment.load();
    Map<String, Object> report = report(env);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, JSON_FORMAT, report);
    } else {
      printText(out, env, report);
    }
    return SiegeCli.OK;
  }

  static Map<String, Object> report(Environment env) {
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("file", env.project().path().toString());
    project.put("name", env.project().name().orElse(null));
    project.put("uuid", env.project().uuid().map(UUID::toString).orElse(null));
    project.put("version", env.project().version().map(Version::toString).orElse(null));

    Map<String, Object> manifest = null;
    if (env.manifest().isPresent()) {
      Manifest m = env.manifest().get();
      manifest = new LinkedHashMap<>();
      manifest.put("file", m.path().toString());
      manifest.put("format", m.format());
      manifest.put("format_declared", m.formatDeclared());
    }

    List<ManifestEntry> entries = env.entries();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("entries", entries.size());
    counts.put("direct_deps", env.directDeps().size());
    counts.put("stdlibs", count(entries, ManifestEntry::isStdlib));
    counts.put("jlls", count(entries, ManifestEntry::isJll));
    counts.put("developed", count(entries, ManifestEntry::isDeveloped));
    counts.put("tracked", count(entries, ManifestEntry::isTracked));

    List<Map<String, Object>> direct = new ArrayList<>();
    env.directEntries()
        .forEach(
            (name, entry) -> {
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("name", name);
              d.put("uuid", env.directDeps().get(name).toString());
              d.put("in_manifest", entry.isPresent());
              d.put("version", entry.flatMap(ManifestEntry::version).map(Version::toString).orElse(null));
              direct.add(d);
            });

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("project", project);
    report.put("manifest", manifest);
    report.put(
        "julia_version",
        env.manifest().flatMap(Manifest::juliaVersion).map(Version::toString).orElse(null));
    report.put("counts", counts);
    report.put("direct_deps", direct);
    return report;
  }

  private static long count(List<ManifestEntry> entries, Predicate<ManifestEntry> p) {
    return entries.stream().filter(p).count();
  }

  @SuppressWarnings("unchecked")
  private static void printText(PrintWriter out, Environment env, Map<String, Object> report) {
    Map<String, Object> counts = (Map<String, Object>) report.get("counts");
    row(out, "project", env.project().name().orElse("(unnamed)")
        + env.project().version().map(v -> " v" + v).orElse(""));
    row(out, "project file", env.project().path().toString());
    row(
        out,
        "manifest",
        env.manifest()
            .map(m -> m.path() + " (format " + m.format() + (m.formatDeclared() ? "" : ", implicit") + ")")
            .orElse("none (resolved at build time)"));
    row(out, "julia_version", Optional.ofNullable(report.get("julia_version")).map(Object::toString).orElse("none"));
    row(out, "entries", counts.get("entries"));
    row(out, "direct deps", counts.get("direct_deps"));
    row(out, "stdlibs", counts.get("stdlibs"));
    row(out, "JLLs", counts.get("jlls"));
    row(out, "developed", counts.get("developed"));
    row(out, "tracked", counts.get("tracked"));
    if (!env.directDeps().isEmpty()) {
      out.println("direct dependencies:");
      // Padded as shown: a name holding a control character is wider once escaped.
      int width = env.directDeps().keySet().stream().mapToInt(n -> ConsoleText.safe(n).length()).max().orElse(0);
      env.directEntries()
          .forEach(
              (name, entry) ->
                  out.printf(
                      "  %-" + width + "s  %s%n",
                      ConsoleText.safe(name),
                      env.manifest().isEmpty()
                          ? "(resolved at build time)"
                          : entry.isEmpty()
                          ? "(not in the manifest)"
                          : entry.get().version().map(Version::toString).orElse("(no version: stdlib)")));
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, Object value) {
    out.printf("%-14s %s%n", label + ":", value);
  }
}
