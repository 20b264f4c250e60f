package dev.siege.bundle.meta;

import dev.siege.core.SiegeException;
import dev.siege.core.env.TomlTypes;
import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Writes and reads the TOML text of {@link BundleMetadata}; tomlj parses, and escapes strings. */
final class MetadataToml {
  static final String HINT = "the file is written by 'siege build'; rebuild the bundle rather than editing it";

  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private MetadataToml() {}

  static String format(BundleMetadata m) {
    StringBuilder sb = new StringBuilder();
    sb.append("# SIEGE bundle metadata, written by 'siege build' and checked by 'siege verify'.\n");
    sb.append("format = ").append(m.formatVersion()).append('\n');
    sb.append("siege_version = ").append(string(m.siegeVersion())).append('\n');
    // RFC 3339 with offset "Z": a TOML offset date-time, so readers get the instant back exactly.
    sb.append("build_time = ")
        .append(DateTimeFormatter.ISO_INSTANT.format(m.buildTime()))
        .append('\n');
    sb.append("fingerprint = ").append(string(m.fingerprint())).append('\n');
    if (!m.smokeTestIsolation().isEmpty()) {
      sb.append("smoke_test_isolation = ").append(string(m.smokeTestIsolation())).append('\n');
    }

    BundleMetadata.Julia j = m.julia();
    sb.append("\n[julia]\n");
    sb.append("version = ").append(string(j.version().toString())).append('\n');
    sb.append("arch = ").append(string(j.arch())).append('\n');
    sb.append("os = ").append(string(j.os())).append('\n');
    sb.append("libc = ").append(string(j.libc())).append('\n');
    sb.append("triplet = ").append(string(j.triplet())).append('\n');
    if (!j.commit().isEmpty()) {
      sb.append("commit = ").append(string(j.commit())).append('\n');
    }

    BundleMetadata.Sysimage s = m.sysimage();
    sb.append("\n[sysimage]\n");
    sb.append("present = ").append(s.present()).append('\n');
    sb.append("cpu_target = ").append(string(s.cpuTarget())).append('\n');
    sb.append("packages = ").append(strings(s.packages())).append('\n');

    BundleMetadata.Contents c = m.contents();
    sb.append("\n[contents]\n");
    sb.append("files = ").append(c.files()).append('\n');
    sb.append("bytes = ").append(c.bytes()).append('\n');
    sb.append("depot_packages = ").append(c.packages()).append('\n');
    sb.append("artifacts = ").append(c.artifacts()).append('\n');

    BundleMetadata.Options o = m.options();
    sb.append("\n[options]\n");
    sb.append("cpu_target = ").append(string(o.cpuTarget())).append('\n');
    sb.append("package_selection = ").append(string(o.packageSelection())).append('\n');
    o.precompileScript().ifPresent(v -> sb.append("precompile_script = ").append(string(v)).append('\n'));
    o.precompileStatements().ifPresent(v -> sb.append("precompile_statements = ").append(string(v)).append('\n'));
    sb.append("include_julia = ").append(o.includeJulia()).append('\n');
    sb.append("vendor_dev = ").append(o.vendorDev()).append('\n');
    o.group().ifPresent(v -> sb.append("group = ").append(string(v)).append('\n'));
    sb.append("insecure_download = ").append(o.insecureDownload()).append('\n');
    if (!o.registries().isEmpty()) {
      sb.append("registries = ").append(strings(o.registries())).append('\n');
    }
    if (o.resolve()) {
      sb.append("resolve = true\n");
    }

    BundleMetadata.Target t = m.target();
    if (t.recorded()) {
      sb.append("\n[target]\n");
      sb.append("platform = ").append(string(t.platform())).append('\n');
      sb.append("foreign = ").append(t.foreign()).append('\n');
      sb.append("check = ").append(string(t.check())).append('\n');
      sb.append("preferences = ").append(strings(t.preferences())).append('\n');
      sb.append("\n[target.tags]\n");
      t.tags().forEach((k, v) -> sb.append(key(k)).append(" = ").append(string(v)).append('\n'));
      if (t.julia().isPresent()) {
        BundleMetadata.ShippedJulia shipped = t.julia().get();
        sb.append("\n[target.julia]\n");
        sb.append("version = ").append(string(shipped.version())).append('\n');
        sb.append("triplet = ").append(string(shipped.triplet())).append('\n');
        sb.append("url = ").append(string(shipped.url())).append('\n');
        sb.append("sha256 = ").append(string(shipped.sha256())).append('\n');
        sb.append("signature = ").append(string(shipped.signature())).append('\n');
      }
    }

    sb.append("\n[inputs]\n");
    m.inputs().forEach((k, v) -> sb.append(key(k)).append(" = ").append(string(v)).append('\n'));

    for (BundleMetadata.Registry r : m.registries()) {
      sb.append("\n[[registries]]\n");
      sb.append("name = ").append(string(r.name())).append('\n');
      sb.append("uuid = ").append(string(r.uuid())).append('\n');
      sb.append("repo = ").append(string(r.repo())).append('\n');
    }
    return sb.toString();
  }

  private static String strings(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(string(values.get(i)));
    }
    return sb.append(']').toString();
  }

  private static String string(String s) {
    return "\"" + Toml.tomlEscape(s) + "\"";
  }

  private static String key(String k) {
    return BARE_KEY.matcher(k).matches() ? k : string(k);
  }

  static BundleMetadata parse(String text, Path file) throws SiegeException {
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      TomlParseError e = toml.errors().get(0);
      throw new SiegeException(
          "bundle metadata is not valid TOML: " + e.getMessage(), HINT, file, lineOf(e.position()), e);
    }
    Reader r = new Reader(toml, file);
    long format = r.integer(toml, "format", 1, Integer.MAX_VALUE);
    if (format > BundleMetadata.FORMAT_VERSION) {
      throw new SiegeException(
          "bundle metadata format " + format + " is newer than this SIEGE reads (" + BundleMetadata.FORMAT_VERSION + ")",
          "use the SIEGE version that built the bundle (siege_version in the file) or newer",
          file,
          lineOf(toml.inputPositionOf("format")),
          null);
    }
    // Keys are read in the order they are written, so the first error reported is the first in the file.
    String siegeVersion = r.string(toml, "", "siege_version");
    OffsetDateTime buildTime = r.dateTime(toml, "build_time");
    String fingerprint = r.fingerprint(toml);
    String smokeTestIsolation = r.optionalString(toml, "", "smoke_test_isolation").orElse("");

    TomlTable julia = r.table(toml, "julia");
    String versionText = r.string(julia, "julia.", "version");
    Version version;
    try {
      version = Version.parse(versionText);
    } catch (IllegalArgumentException e) {
      throw r.error(julia, "julia.", "version", "is not a Julia version number: \"" + versionText + "\"");
    }
    String arch = r.string(julia, "julia.", "arch");
    String os = r.string(julia, "julia.", "os");
    String libc = r.string(julia, "julia.", "libc");
    String triplet = r.string(julia, "julia.", "triplet");
    String commit = julia.contains(List.of("commit")) ? r.string(julia, "julia.", "commit") : "";
    BundleMetadata.Julia juliaInfo = new BundleMetadata.Julia(version, arch, os, libc, triplet, commit);

    TomlTable sysimage = r.table(toml, "sysimage");
    boolean present = r.bool(sysimage, "sysimage.", "present");
    String cpuTarget = r.string(sysimage, "sysimage.", "cpu_target");
    BundleMetadata.Sysimage sysimageInfo =
        new BundleMetadata.Sysimage(present, cpuTarget, r.strings(sysimage, "sysimage.", "packages"));

    TomlTable contents = r.table(toml, "contents");
    long files = r.integer(contents, "contents.", "files", 0, Long.MAX_VALUE);
    long bytes = r.integer(contents, "contents.", "bytes", 0, Long.MAX_VALUE);
    // Format 1 called the depot's package count "packages", like the sysimage's package list.
    int packages = (int) r.integer(contents, "contents.", format == 1 ? "packages" : "depot_packages", 0, Integer.MAX_VALUE);
    int artifacts = (int) r.integer(contents, "contents.", "artifacts", 0, Integer.MAX_VALUE);

    TomlTable optionsTable = r.table(toml, "options");
    BundleMetadata.Options options;
    Map<String, String> inputs;
    if (format == 1) {
      Map<String, String> old = r.stringMap(optionsTable, "options.");
      options = FormatOne.options(old);
      inputs = FormatOne.inputs(old);
    } else {
      options = new BundleMetadata.Options(
          r.string(optionsTable, "options.", "cpu_target"),
          r.string(optionsTable, "options.", "package_selection"),
          r.optionalString(optionsTable, "options.", "precompile_script"),
          r.optionalString(optionsTable, "options.", "precompile_statements"),
          r.bool(optionsTable, "options.", "include_julia"),
          r.bool(optionsTable, "options.", "vendor_dev"),
          r.optionalString(optionsTable, "options.", "group"),
          // Written since signatures are checked; older files verified nothing and say nothing.
          optionsTable.contains(List.of("insecure_download")) && r.bool(optionsTable, "options.", "insecure_download"),
          optionsTable.contains(List.of("registries")) ? r.strings(optionsTable, "options.", "registries") : List.of(),
          optionsTable.contains(List.of("resolve")) && r.bool(optionsTable, "options.", "resolve"));
      inputs = r.stringMap(r.table(toml, "inputs"), "inputs.");
    }
    List<BundleMetadata.Registry> registries = new ArrayList<>();
    Object regs = toml.get(List.of("registries"));
    if (regs != null) {
      if (!(regs instanceof TomlArray a)) {
        throw r.error(toml, "", "registries", "must be an array of tables [[registries]], not " + TomlTypes.describe(regs));
      }
      for (int i = 0; i < a.size(); i++) {
        if (!(a.get(i) instanceof TomlTable t)) {
          throw r.error(toml, "", "registries", "must be an array of tables [[registries]]");
        }
        String prefix = "registries[" + (i + 1) + "].";
        registries.add(new BundleMetadata.Registry(
            r.string(t, prefix, "name"), r.string(t, prefix, "uuid"), r.string(t, prefix, "repo")));
      }
    }
    return new BundleMetadata(
        (int) format,
        siegeVersion,
        buildTime.toInstant(),
        juliaInfo,
        sysimageInfo,
        options,
        inputs,
        fingerprint,
        new BundleMetadata.Contents(files, bytes, packages, artifacts),
        smokeTestIsolation,
        registries,
        target(r, toml));
  }

  private static BundleMetadata.Target target(Reader r, TomlParseResult toml) throws SiegeException {
    if (!toml.contains(List.of("target"))) {
      return BundleMetadata.Target.host();
    }
    TomlTable t = r.table(toml, "target");
    Map<String, String> tags = t.contains(List.of("tags")) ? r.stringMap(r.table(t, "tags"), "target.tags.") : Map.of();
    Optional<BundleMetadata.ShippedJulia> julia = Optional.empty();
    if (t.contains(List.of("julia"))) {
      TomlTable j = r.table(t, "julia");
      julia = Optional.of(new BundleMetadata.ShippedJulia(r.string(j, "target.julia.", "version"),
          r.string(j, "target.julia.", "triplet"), r.string(j, "target.julia.", "url"),
          r.string(j, "target.julia.", "sha256"), r.string(j, "target.julia.", "signature")));
    }
    return new BundleMetadata.Target(r.string(t, "target.", "platform"), tags, r.bool(t, "target.", "foreign"),
        t.contains(List.of("preferences")) ? r.strings(t, "target.", "preferences") : List.of(),
        r.string(t, "target.", "check"), julia);
  }

  private static int lineOf(TomlPosition p) {
    return p == null ? 0 : Math.max(p.line(), 0);
  }

  /** Typed access with errors that name file, line and the dotted key. */
  private static final class Reader {
    private final TomlParseResult root;
    private final Path file;

    Reader(TomlParseResult root, Path file) {
      this.root = root;
      this.file = file;
    }

    SiegeException error(TomlTable table, String prefix, String key, String problem) {
      TomlPosition pos = table.inputPositionOf(List.of(key));
      if (pos == null && !prefix.isEmpty()) {
        // A missing key: point at its table's header instead.
        pos = root.inputPositionOf(List.of(prefix.substring(0, prefix.length() - 1)));
      }
      return new SiegeException("key '" + prefix + key + "' " + problem, HINT, file, lineOf(pos), null);
    }

    private Object value(TomlTable table, String prefix, String key, String expected) throws SiegeException {
      Object v = table.get(List.of(key));
      if (v == null) {
        throw error(table, prefix, key, "is missing (expected " + expected + ")");
      }
      return v;
    }

    private SiegeException illTyped(TomlTable table, String prefix, String key, String expected, Object v) {
      return error(table, prefix, key, "must be " + expected + ", not " + TomlTypes.describe(v));
    }

    TomlTable table(TomlTable table, String key) throws SiegeException {
      Object v = value(table, "", key, "a table [" + key + "]");
      if (!(v instanceof TomlTable t)) {
        throw illTyped(table, "", key, "a table [" + key + "]", v);
      }
      return t;
    }

    String string(TomlTable table, String prefix, String key) throws SiegeException {
      Object v = value(table, prefix, key, "a string");
      if (!(v instanceof String s)) {
        throw illTyped(table, prefix, key, "a string", v);
      }
      return s;
    }

    boolean bool(TomlTable table, String prefix, String key) throws SiegeException {
      Object v = value(table, prefix, key, "true or false");
      if (!(v instanceof Boolean b)) {
        throw illTyped(table, prefix, key, "true or false", v);
      }
      return b;
    }

    long integer(TomlTable table, String key, long min, long max) throws SiegeException {
      return integer(table, "", key, min, max);
    }

    long integer(TomlTable table, String prefix, String key, long min, long max) throws SiegeException {
      Object v = value(table, prefix, key, "an integer");
      if (!(v instanceof Long n)) {
        throw illTyped(table, prefix, key, "an integer", v);
      }
      if (n < min || n > max) {
        throw error(table, prefix, key, "is out of range: " + n);
      }
      return n;
    }

    OffsetDateTime dateTime(TomlTable table, String key) throws SiegeException {
      String expected = "a date-time with offset, e.g. 2026-01-31T12:00:00Z";
      Object v = value(table, "", key, expected);
      if (!(v instanceof OffsetDateTime t)) {
        throw illTyped(table, "", key, expected, v);
      }
      return t;
    }

    String fingerprint(TomlTable table) throws SiegeException {
      String f = string(table, "", "fingerprint");
      if (!f.matches("[0-9a-f]*")) {
        throw error(table, "", "fingerprint", "must be lower-case hex digits");
      }
      return f;
    }

    List<String> strings(TomlTable table, String prefix, String key) throws SiegeException {
      Object v = value(table, prefix, key, "an array of strings");
      if (!(v instanceof TomlArray a)) {
        throw illTyped(table, prefix, key, "an array of strings", v);
      }
      List<String> out = new ArrayList<>(a.size());
      for (int i = 0; i < a.size(); i++) {
        // TOML 1.0 arrays may mix types, so each element is checked.
        if (!(a.get(i) instanceof String s)) {
          throw new SiegeException(
              "key '" + prefix + key + "' must be an array of strings, but element " + (i + 1) + " is " + TomlTypes.describe(a.get(i)),
              HINT, file, lineOf(a.inputPositionOf(i)), null);
        }
        out.add(s);
      }
      return out;
    }

    Optional<String> optionalString(TomlTable table, String prefix, String key) throws SiegeException {
      return table.contains(List.of(key)) ? Optional.of(string(table, prefix, key)) : Optional.empty();
    }

    Map<String, String> stringMap(TomlTable table, String prefix) throws SiegeException {
      Map<String, String> out = new LinkedHashMap<>();
      for (String k : table.keySet()) {
        out.put(k, string(table, prefix, k));
      }
      return out;
    }
  }
}
