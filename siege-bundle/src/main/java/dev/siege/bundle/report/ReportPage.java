package dev.siege.bundle.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.sbom.BundleInventory;
import dev.siege.bundle.sbom.BundleInventory.ArtifactItem;
import dev.siege.bundle.sbom.BundleInventory.FileItem;
import dev.siege.bundle.sbom.BundleInventory.Origin;
import dev.siege.bundle.sbom.BundleInventory.PackageItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The review page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched)
 * to open on the air-gapped side. Every text that comes from a TOML file or a file name goes
 * through Guava's HTML escaper.
 */
public final class ReportPage {
  /** How many packages and artifacts the chart of sizes shows, beside the sysimage. */
  public static final int CHART_ITEMS = 20;

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();
  private static final String CSS = """
      body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#1d2330;background:#fff;padding:0 1em}
      h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #d7dbe3;padding-bottom:.2em;margin-top:2em}
      table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #e4e7ed;vertical-align:top}
      th{background:#f1f3f7}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}code{font-size:.92em;word-break:break-all}
      .ok{color:#11692f;font-weight:bold}.bad{color:#a3141a;font-weight:bold}.muted{color:#5b6372}
      dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}dt{font-weight:bold}dd{margin:0}
      ul.warn li{margin:.3em 0}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
      """;

  private ReportPage() {}

  /**
   * What is known of the bundle's integrity when the page is written.
   *
   * @param checked whether the bundle was checked against its checksums
   * @param passed whether that check found nothing
   * @param lines what the check found, or why it did not run
   */
  public record Verification(boolean checked, boolean passed, List<String> lines) {
    public Verification {
      lines = List.copyOf(lines);
    }

    public static Verification notChecked(String why) {
      return new Verification(false, false, List.of(why));
    }
  }

  /** The page for {@code inventory}, with the verification result and the build's warnings. */
  public static String render(BundleInventory inventory, Verification verification, List<String> warnings) {
    Objects.requireNonNull(verification, "verification");
    BundleMetadata m = inventory.metadata();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>SIEGE bundle report: ").append(e(inventory.name())).append("</title>\n<style>").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>SIEGE bundle: ").append(e(inventory.name())).append("</h1>\n");
    h.append("<p class=\"muted\">").append(inventory.packages().size()).append(" packages, ")
        .append(inventory.artifacts().size()).append(" artifacts, ").append(bytes(m.contents().bytes()))
        .append(" in ").append(m.contents().files()).append(" files</p>\n");

    h.append("<section id=\"summary\">\n<h2>Build</h2>\n<dl>\n");
    dt(h, "Julia", m.julia().version() + (m.julia().commit().isEmpty() ? "" : " (commit " + m.julia().commit() + ")"));
    BundleMetadata.Target target = m.target();
    if (target.platform().isEmpty()) {
      dt(h, "Platform", m.julia().triplet());
    } else {
      dt(h, "Platform", target.platform() + (target.foreign()
          ? " (built on " + m.julia().triplet() + ": depot-only, checked by the target check, not loaded)"
          : " (the build's own platform)"));
    }
    if (!target.tags().isEmpty()) {
      dt(h, "Platform tags", String.join(", ", target.tags().entrySet().stream()
          .map(t -> t.getKey() + "=" + t.getValue()).toList()));
    }
    if (!target.preferences().isEmpty()) {
      dt(h, "Preferences", String.join(", ", target.preferences()));
    }
    target.julia().ifPresent(j -> dt(h, "Shipped Julia", "official Julia " + j.version() + " for " + j.triplet()
        + ", archive sha256 " + j.sha256() + ", signature " + j.signature() + " (" + j.url() + ")"));
    dt(h, "CPU target", m.sysimage().present() ? m.sysimage().cpuTarget() : "no sysimage");
    dt(h, "Options", options(m.options()));
    dt(h, "Fingerprint", m.fingerprint());
    dt(h, "SIEGE", m.siegeVersion());
    dt(h, "Built", m.buildTime().toString());
    h.append("</dl>\n</section>\n");

    h.append("<section id=\"verification\">\n<h2>Verification</h2>\n<p class=\"")
        .append(verification.checked() ? (verification.passed() ? "ok" : "bad") : "muted").append("\">")
        .append(verification.checked() ? (verification.passed() ? "Every file matches SHA256SUMS and BUNDLE-TREE."
            : "The bundle does not match its checksums.") : "Not checked.").append("</p>\n");
    list(h, "", verification.lines());
    h.append("</section>\n");

    h.append("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
    List<String> all = new ArrayList<>(warnings);
    inventory.packagesWithoutLicense().forEach(p -> all.add("package " + p.name() + " ships no license file"));
    inventory.unidentifiedLicenses().forEach(l -> all.add("unidentified license text: " + l.path()
        + (l.note().isEmpty() ? "" : " (" + l.note() + ")")));
    if (all.isEmpty()) {
      h.append("<p class=\"ok\">None.</p>\n");
    } else {
      list(h, "warn", all);
    }
    if (!inventory.notes().isEmpty()) {
      h.append("<h3>Notes</h3>\n");
      list(h, "", inventory.notes());
    }
    h.append("</section>\n");

    h.append("<section id=\"chart\">\n<h2>Where the bytes are</h2>\n").append(chart(inventory)).append("</section>\n");

    h.append("<section id=\"packages\">\n<h2>Packages</h2>\n<table>\n<thead><tr><th>Name</th><th>Version</th><th>License</th>"
        + "<th>Size</th><th>Sysimage</th><th>Source</th></tr></thead>\n<tbody>\n");
    for (PackageItem p : inventory.packages()) {
      h.append("<tr><td>").append(e(p.name())).append("</td><td>").append(e(p.version().orElse("")))
          .append("</td><td>").append(licenses(p.licenses(), p.origin() == Origin.STDLIB ? "ships with Julia" : "none found"))
          .append("</td><td class=\"n\">").append(p.dir().isPresent() ? bytes(p.bytes()) : "")
          .append("</td><td>").append(p.inSysimage() ? "yes" : "no").append("</td><td>")
          .append(p.origin() == Origin.STDLIB ? "stdlib" : "<code>" + e(p.repository().orElse(p.origin().name()
              .toLowerCase(Locale.ROOT))) + "</code>").append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");

    h.append("<section id=\"artifacts\">\n<h2>Artifacts</h2>\n<table>\n<thead><tr><th>Name</th><th>Owner</th><th>License</th>"
        + "<th>Size</th><th>Tree hash</th></tr></thead>\n<tbody>\n");
    for (ArtifactItem a : inventory.artifacts()) {
      h.append("<tr><td>").append(e(a.name().isEmpty() ? "(not named by any Artifacts.toml)" : a.name()))
          .append("</td><td>").append(e(a.owner().orElse(""))).append("</td><td>").append(licenses(a.licenses(), "none found"))
          .append("</td><td class=\"n\">").append(bytes(a.bytes())).append("</td><td><code>").append(e(a.treeSha1()))
          .append("</code></td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");

    h.append("<section id=\"files\">\n<h2>Files</h2>\n<table>\n<thead><tr><th>File</th><th>Size</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
    for (FileItem f : inventory.files()) {
      h.append("<tr><td><code>").append(e(f.path())).append("</code></td><td class=\"n\">").append(bytes(f.bytes()))
          .append("</td><td><code>").append(e(f.sha256())).append("</code></td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
    return h.toString();
  }

  /** A horizontal bar chart: the sysimage and the {@link #CHART_ITEMS} largest packages and artifacts. */
  static String chart(BundleInventory inv) {
    record Bar(String label, long bytes, String colour) {}
    List<Bar> bars = new ArrayList<>();
    inv.packages().stream().filter(p -> p.bytes() > 0)
        .forEach(p -> bars.add(new Bar("package " + p.name(), p.bytes(), "#3b6fd4")));
    inv.artifacts().forEach(a -> bars.add(new Bar("artifact " + (a.name().isEmpty() ? a.treeSha1() : a.name()), a.bytes(),
        "#d9822b")));
    bars.sort(Comparator.comparingLong(Bar::bytes).reversed().thenComparing(Bar::label));
    List<Bar> shown = new ArrayList<>(bars.subList(0, Math.min(CHART_ITEMS, bars.size())));
    inv.files().stream().filter(f -> f.role().equals("sysimage")).findFirst()
        .ifPresent(f -> shown.add(0, new Bar("sysimage " + f.path(), f.bytes(), "#2e9d5b")));
    if (shown.isEmpty()) {
      return "<p class=\"muted\">Nothing to chart.</p>\n";
    }
    long max = Math.max(1, shown.stream().mapToLong(Bar::bytes).max().orElse(1));
    int row = 22;
    int labelWidth = 260;
    int barWidth = 520;
    int height = shown.size() * row + 10;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Sizes\" width=\"")
        .append(labelWidth + barWidth + 110).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
        .append(labelWidth + barWidth + 110).append(' ').append(height).append("\">\n");
    for (int i = 0; i < shown.size(); i++) {
      Bar b = shown.get(i);
      int y = 5 + i * row;
      long w = Math.max(1, Math.round((double) b.bytes() * barWidth / max));
      String label = b.label().length() > 40 ? b.label().substring(0, 39) + "\u2026" : b.label();
      s.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
          .append(e(label)).append("</text>")
          .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"").append(w)
          .append("\" height=\"").append(row - 6).append("\" fill=\"").append(b.colour()).append("\"><title>")
          .append(e(b.label())).append("</title></rect>")
          .append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 15).append("\">")
          .append(bytes(b.bytes())).append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  private static String licenses(List<LicenseFile> files, String none) {
    if (files.isEmpty()) {
      return "<span class=\"muted\">" + e(none) + "</span>";
    }
    return files.stream()
        .map(f -> (f.identified() ? e(f.describe()) : "<span class=\"bad\">" + e(f.describe()) + "</span>")
            + " <span class=\"muted\"><code>" + e(f.path()) + "</code></span>")
        .collect(Collectors.joining("<br>"));
  }

  private static String options(BundleMetadata.Options o) {
    List<String> parts = new ArrayList<>();
    parts.add("cpu target " + o.cpuTarget());
    parts.add("packages: " + o.packageSelection());
    o.precompileScript().ifPresent(s -> parts.add("precompile script " + s));
    o.precompileStatements().ifPresent(s -> parts.add("precompile statements " + s));
    if (o.includeJulia()) {
      parts.add("Julia included");
    }
    if (o.vendorDev()) {
      parts.add("developed packages vendored");
    }
    o.group().ifPresent(g -> parts.add("group " + g));
    return String.join(", ", parts);
  }

  private static void dt(StringBuilder h, String term, String value) {
    h.append("<dt>").append(e(term)).append("</dt><dd>").append(e(value)).append("</dd>\n");
  }

  private static void list(StringBuilder h, String cls, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    h.append(cls.isEmpty() ? "<ul>\n" : "<ul class=\"" + cls + "\">\n");
    items.forEach(i -> h.append("<li>").append(e(i)).append("</li>\n"));
    h.append("</ul>\n");
  }

  /** Escapes text for HTML and SVG (Guava's escaper: {@code & < > " '}). */
  static String e(String s) {
    return HTML.escape(s);
  }

  /** A byte count with a binary unit, e.g. {@code 1.5 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
