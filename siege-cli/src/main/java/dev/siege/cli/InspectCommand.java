package dev.siege.cli;

import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.sbom.BundleInventory;
import dev.siege.bundle.sbom.InventoryReader;
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
          + " deps, stdlibs, JLLs, developed, tracked) and the direct dependencies with versions.",
      "With --licenses, DIR is a bundle: the license files of every package and artifact, with"
          + " the SPDX ids their texts match, or 'unidentified'."
    })
public final class InspectCommand implements Callable<Integer> {
  /** Version of this command's {@code --json} output. */
  static final int JSON_FORMAT = 1;

  @Spec CommandSpec spec;

  @Mixin EnvironmentOptions environment;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = "--licenses", description = "DIR is a bundle: list the license files of its packages and artifacts,"
      + " identified as SPDX ids, and those that match none.")
  boolean licenses;

  /** The version of the {@code --licenses --json} output. */
  static final int LICENSES_FORMAT = 1;

  @Override
  public Integer call() throws Exception {
    if (licenses) {
      return licenses(InventoryReader.read(environment.dir), spec.commandLine().getOut());
    }
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

  private int licenses(BundleInventory inv, PrintWriter out) {
    if (json) {
      Json.print(out, licensesJson(inv));
      return SiegeCli.OK;
    }
    for (BundleInventory.PackageItem p : inv.packages()) {
      if (p.origin() == BundleInventory.Origin.STDLIB) {
        continue;
      }
      out.println(ConsoleText.safe(p.name()) + p.version().map(v -> " v" + v).orElse("") + ": "
          + (p.licenses().isEmpty() ? "NO LICENSE FILE" : ""));
      p.licenses().forEach(l -> out.println("  " + ConsoleText.safe(l.describe()) + "  " + ConsoleText.safe(l.path())));
    }
    for (BundleInventory.ArtifactItem a : inv.artifacts()) {
      out.println("artifact " + ConsoleText.safe(a.name().isEmpty() ? a.treeSha1() : a.name())
          + a.owner().map(o -> " (" + ConsoleText.safe(o) + ")").orElse("") + ": " + (a.licenses().isEmpty() ? "no license file" : ""));
      a.licenses().forEach(l -> out.println("  " + ConsoleText.safe(l.describe()) + "  " + ConsoleText.safe(l.path())));
    }
    long unidentified = inv.unidentifiedLicenses().size();
    out.println(inv.packagesWithoutLicense().size() + " package(s) without a license file, " + unidentified
        + " unidentified license text(s)");
    out.flush();
    return SiegeCli.OK;
  }

  static Map<String, Object> licensesJson(BundleInventory inv) {
    List<Map<String, Object>> packages = new ArrayList<>();
    for (BundleInventory.PackageItem p : inv.packages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("uuid", p.uuid().toString());
      m.put("version", p.version().orElse(null));
      m.put("stdlib", p.origin() == BundleInventory.Origin.STDLIB);
      m.put("licenses", files(p.licenses()));
      packages.add(m);
    }
    List<Map<String, Object>> artifacts = new ArrayList<>();
    for (BundleInventory.ArtifactItem a : inv.artifacts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.name());
      m.put("git_tree_sha1", a.treeSha1());
      m.put("owner", a.owner().orElse(null));
      m.put("licenses", files(a.licenses()));
      artifacts.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", LICENSES_FORMAT);
    out.put("packages", packages);
    out.put("artifacts", artifacts);
    out.put("without_license", inv.packagesWithoutLicense().stream().map(BundleInventory.PackageItem::name).toList());
    out.put("unidentified", inv.unidentifiedLicenses().stream().map(LicenseFile::path).toList());
    return out;
  }

  private static List<Map<String, Object>> files(List<LicenseFile> files) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LicenseFile f : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("spdx_ids", f.spdxIds());
      m.put("identified", f.identified());
      if (!f.note().isEmpty()) {
        m.put("note", f.note());
      }
      out.add(m);
    }
    return out;
  }

  private static void row(PrintWriter out, String label, Object value) {
    out.printf("%-14s %s%n", label + ":", value);
  }
}
