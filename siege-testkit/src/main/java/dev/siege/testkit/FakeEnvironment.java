package dev.siege.testkit;

import dev.siege.core.SiegeException;
import dev.siege.core.env.Environment;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The fake Julia's view of a project: its Project and Manifest files read the way Pkg reads them
 * (JULIA-FACTS §4: file-name precedence, format 1.0 and 2.x manifests, list and table {@code
 * deps}), and a deterministic "resolver" for projects without a Manifest.
 */
final class FakeEnvironment {

  /** Stdlibs the resolver recognises by name, with their registered UUIDs. */
  static final Map<String, UUID> STDLIBS = stdlibs(
      "Artifacts 56f22d72-fd6d-98f1-02f0-08ddc0907c33", "Base64 2a0f44e3-6c83-55bd-87e4-b1978d98bd5f",
      "Dates ade2ca70-3891-5945-98fb-dc099432e06a", "DelimitedFiles 8bb1440f-4735-579b-a4ab-409b98df4dab",
      "Distributed 8ba89e20-285c-5b6f-9357-94700520ee1b", "Downloads f43a241f-c20a-4ad4-852c-f6b1247861c6",
      "InteractiveUtils b77e0a4c-d291-57a0-90e8-8db25a27a240", "LazyArtifacts 4af54fe1-eca0-43a8-85a7-787d91b784e3",
      "LibGit2 76f85450-5226-5b5a-8eaa-529ad045b433", "Libdl 8f399da3-3557-5675-b5ff-fb832c97cbdb",
      "LinearAlgebra 37e2e46d-f89d-539d-b4ee-838fcccc9c8e", "Logging 56ddb016-857b-54e1-b83d-db4d58db5568",
      "Markdown d6f4376e-aef5-505a-96c1-9c027394607a", "Mmap a63ad114-7e13-5084-954f-fe012c677804",
      "Pkg 44cfe95a-1eb2-52ea-b672-e2afdf69b78f", "Printf de0858da-6303-5e67-8744-51eddeeeb8d7",
      "Profile 9abbd945-dff8-562f-b5e8-e1ebf5ef1b79", "REPL 3fa0cd96-eef1-5676-8a61-b3b8758bbffb",
      "Random 9a3f8284-a2c9-5f02-9a11-845980a1fd5c", "SHA ea8e919c-243c-51af-8825-aaa63cd721ce",
      "Serialization 9e88b42a-f829-5b0c-bbe9-9e923198166b", "Sockets 6462fe0b-24de-5631-8697-dd941f90decc",
      "SparseArrays 2f01184e-e22b-5df5-ae63-d93ebab69eaf", "Statistics 10745b16-79ce-11e8-11f9-7d13ad32a3b2",
      "TOML fa267f1f-6049-4f14-aa54-33bafae1ed76", "Tar a4e569a6-e804-4fa4-b0f3-eef7a1d5b13e",
      "Test 8dfed614-e22c-5e08-85e1-65c5234f0b40", "UUIDs cf7118a7-6976-5b1a-9a39-7adc72f591a4",
      "Unicode 4ec0a83e-493e-50e2-b9ac-8f72acf5a8f5");

  /**
   * Registered packages the resolver adds as transitive dependencies: name, UUID, deps. They
   * give every resolved manifest a JLL with ordinary artifacts and one with lazy artifacts.
   */
  private static final List<String[]> TRANSITIVE = List.of(
      new String[] {"Preferences", "21216c6a-2e73-6563-6e65-726566657250", "TOML"},
      new String[] {"JLLWrappers", "692b3bcd-3c85-4b1f-b108-f13ce0eb3210", "Artifacts,Preferences"},
      new String[] {"OpenSpecFun_jll", "efe28fd5-8261-553b-a9e1-b2916fc3738e", "Artifacts,JLLWrappers,Libdl"},
      new String[] {"MKL_jll", "856f044c-d86e-5d09-b602-aeab76dc8ba7", "Artifacts,JLLWrappers,LazyArtifacts,Libdl"});

  private FakeEnvironment() {}

  /** A project directory as Julia sees it. */
  record Project(Path dir, Path file, String name, UUID uuid, Map<String, UUID> deps, Path manifestFile) {
    Project {
      // Sorted, not Map.copyOf: its order changes from JVM to JVM, and resolve() must not.
      deps = Collections.unmodifiableMap(new TreeMap<>(deps));
    }
  }

  /**
   * One manifest entry. Stdlibs have neither {@code treeSha1} nor {@code path} (JULIA-FACTS §4).
   *
   * @param version null where the manifest has none
   * @param treeSha1 null for stdlibs and developed packages
   * @param path the {@code path} of a developed package, or null
   */
  record Entry(String name, UUID uuid, String version, String treeSha1, String path, String repoUrl, List<String> deps) {
    Entry {
      deps = List.copyOf(deps);
    }

    boolean installable() {
      return treeSha1 != null;
    }

    boolean isJll() {
      return name.endsWith("_jll");
    }
  }

  /** A manifest: its {@code julia_version} (null in format 1.0) and entries in file order. */
  record Manifest(String juliaVersion, List<Entry> entries) {
    Manifest {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String name) {
      return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }
  }

  /** Reads the project in {@code dir}, or empty when it has no (Julia)Project.toml. */
  static Optional<Project> readProject(Path dir, String juliaVersion) throws IOException {
    Path file;
    try {
      file = Environment.locateProject(dir);
    } catch (SiegeException e) {
      return Optional.empty(); // no such directory, or no project file in it: Julia finds no project either
    }
    TomlParseResult toml = parse(file);
    Map<String, UUID> deps = new TreeMap<>();
    TomlTable table = toml.getTableOrEmpty(List.of("deps"));
    for (String key : table.keySet()) {
      deps.put(key, uuid(table.get(List.of(key)), file));
    }
    UUID uuid = toml.isString(List.of("uuid")) ? uuid(toml.getString(List.of("uuid")), file) : null;
    return Optional.of(new Project(dir, file, toml.getString(List.of("name")), uuid, deps,
        manifestFile(dir, file, toml, juliaVersion)));
  }

  /**
   * The manifest Pkg reads, and writes when it resolves: where one exists, the one Julia reads
   * ({@link Environment#locateManifest}, JULIA-FACTS §4); else where Pkg would create it.
   */
  private static Path manifestFile(Path dir, Path projectFile, TomlTable project, String juliaVersion) {
    Optional<String> key = project.isString(List.of("manifest"))
        ? Optional.of(project.getString(List.of("manifest"))) : Optional.empty();
    // Deliberately unlike Base's loader (which Environment follows): Pkg's EnvCache, what
    // instantiate and PackageCompiler use, takes the manifest key even when that file does not
    // exist yet, rather than falling back to Manifest.toml, because that is where it writes the
    // resolved manifest.
    if (key.isPresent() && !Files.isRegularFile(dir.resolve(key.get()))) {
      return dir.resolve(key.get());
    }
    // With no manifest at all, Pkg's manifestfile_path pairs JuliaProject.toml with
    // JuliaManifest.toml, anything else with Manifest.toml. (A workspace member whose root has no
    // manifest yet gets its own here, where Pkg would create the root's: not modelled.)
    return Environment.locateManifest(dir, key, Version.parse(juliaVersion)).orElseGet(() ->
        dir.resolve(projectFile.getFileName().toString().startsWith("Julia") ? "JuliaManifest.toml" : "Manifest.toml"));
  }

  /** Reads a manifest of format 1.0 or 2.x. */
  static Manifest readManifest(Path file) throws IOException {
    TomlParseResult toml = parse(file);
    Object format = toml.get(List.of("manifest_format"));
    // JULIA-FACTS §4: v1 when manifest_format is absent or is a dependency's table.
    boolean v1 = format == null || (format instanceof TomlTable t && t.contains(List.of("uuid")));
    TomlTable deps = v1 ? toml : toml.getTableOrEmpty(List.of("deps"));
    List<Entry> entries = new ArrayList<>();
    for (String name : deps.keySet()) {
      if (!(deps.get(List.of(name)) instanceof TomlArray array) || !FakeEnvironment.allTables(array)) {
        continue;
      }
      for (int i = 0; i < array.size(); i++) {
        entries.add(entry(name, array.getTable(i), file));
      }
    }
    return new Manifest(v1 ? null : toml.getString(List.of("julia_version")), entries);
  }

  private static Entry entry(String name, TomlTable t, Path file) {
    List<String> deps = new ArrayList<>();
    Object d = t.get(List.of("deps"));
    if (d instanceof TomlArray a) {
      for (int i = 0; i < a.size(); i++) {
        deps.add(String.valueOf(a.get(i)));
      }
    } else if (d instanceof TomlTable table) {
      deps.addAll(new TreeMap<>(table.toMap()).keySet()); // [deps.A.deps] B = "uuid" (§4)
    }
    return new Entry(name, uuid(t.get(List.of("uuid")), file), t.getString(List.of("version")),
        t.getString(List.of("git-tree-sha1")), t.getString(List.of("path")), t.getString(List.of("repo-url")), deps);
  }

  /**
   * What {@code Pkg.resolve()} would write for {@code project}: every direct dependency (stdlibs
   * as stdlib entries), plus {@link #TRANSITIVE} when there is any registered one. Versions and
   * tree hashes are derived from the names, so the same project always resolves the same way.
   */
  static Manifest resolve(Project project, String juliaVersion) {
    Map<String, Entry> entries = new TreeMap<>();
    List<String> registered = new ArrayList<>();
    for (Map.Entry<String, UUID> dep : project.deps().entrySet()) {
      if (STDLIBS.containsKey(dep.getKey())) {
        entries.put(dep.getKey(), stdlib(dep.getKey(), dep.getValue(), juliaVersion));
      } else {
        registered.add(dep.getKey());
      }
    }
    if (!registered.isEmpty()) {
      for (String[] t : TRANSITIVE) {
        List<String> deps = List.of(t[2].split(","));
        entries.putIfAbsent(t[0], registered(t[0], UUID.fromString(t[1]), deps));
        for (String d : deps) {
          if (STDLIBS.containsKey(d)) {
            entries.putIfAbsent(d, stdlib(d, STDLIBS.get(d), juliaVersion));
          }
        }
      }
    }
    for (int i = 0; i < registered.size(); i++) {
      String name = registered.get(i);
      List<String> deps = new ArrayList<>(i == 0 ? List.of("MKL_jll", "OpenSpecFun_jll", "Preferences") : List.of("Preferences"));
      deps.remove(name);
      entries.put(name, registered(name, project.deps().get(name), deps));
    }
    return new Manifest(juliaVersion, List.copyOf(entries.values()));
  }

  /** Format 2.0 text (JULIA-FACTS §4), entries sorted by name as Pkg writes them. */
  static String render(Manifest manifest, String projectHash) {
    StringBuilder sb = new StringBuilder("# This file is machine-generated - editing it directly is not advised\n\n");
    sb.append("julia_version = \"").append(manifest.juliaVersion()).append("\"\n");
    sb.append("manifest_format = \"2.0\"\n");
    sb.append("project_hash = \"").append(projectHash).append("\"\n");
    List<Entry> sorted = new ArrayList<>(manifest.entries());
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    for (Entry e : sorted) {
      sb.append("\n[[deps.").append(e.name()).append("]]\n");
      if (!e.deps().isEmpty()) {
        sb.append("deps = [").append(String.join(", ", e.deps().stream().sorted().map(FakeEnvironment::quote).toList()))
            .append("]\n");
      }
      if (e.treeSha1() != null) {
        sb.append("git-tree-sha1 = \"").append(e.treeSha1()).append("\"\n");
      }
      if (e.path() != null) {
        sb.append("path = ").append(quote(e.path())).append('\n');
      }
      sb.append("uuid = \"").append(e.uuid()).append("\"\n");
      if (e.version() != null) {
        sb.append("version = \"").append(e.version()).append("\"\n");
      }
    }
    return sb.toString();
  }

  /** A package's own Project.toml, with {@code deps} looked up in {@code manifest}. */
  static String packageProject(Entry e, Manifest manifest) {
    StringBuilder sb = new StringBuilder();
    sb.append("name = ").append(quote(e.name())).append('\n');
    sb.append("uuid = \"").append(e.uuid()).append("\"\n");
    if (e.version() != null) {
      sb.append("version = \"").append(e.version()).append("\"\n");
    }
    if (!e.deps().isEmpty()) {
      sb.append("\n[deps]\n");
      for (String d : e.deps().stream().sorted().toList()) {
        manifest.entry(d).ifPresent(dep -> sb.append(d).append(" = \"").append(dep.uuid()).append("\"\n"));
      }
    }
    sb.append("\n[compat]\njulia = \"1.6\"\n");
    return sb.toString();
  }

  static Entry registered(String name, UUID uuid, List<String> deps) {
    String h = sha1(name);
    int a = Integer.parseInt(h.substring(0, 2), 16);
    int b = Integer.parseInt(h.substring(2, 4), 16);
    int c = Integer.parseInt(h.substring(4, 6), 16);
    String version = (a % 2) + "." + (b % 20) + "." + (c % 10) + (name.endsWith("_jll") ? "+" + (a % 3) : "");
    return new Entry(name, uuid, version, sha1("tree:" + name + "@" + version), null, null, deps);
  }

  static Entry stdlib(String name, UUID uuid, String juliaVersion) {
    // JULIA-FACTS §4: stdlib entries carry a version only from Julia 1.11 on.
    Version v = Version.parse(juliaVersion);
    String version = v.compareTo(Version.of(1, 11, 0)) >= 0 ? v.major() + "." + v.minor() + ".0" : null;
    return new Entry(name, uuid, version, null, null, null, List.of());
  }

  static TomlParseResult parse(Path file) throws IOException {
    TomlParseResult toml = Toml.parse(file);
    if (toml.hasErrors()) {
      var e = toml.errors().get(0);
      throw FakeJuliaError.uncaught(file.getFileName().toString(), "TOML Parser error:",
          file + ":" + e.position().line() + ":" + e.position().column() + " error: " + e.getMessage());
    }
    return toml;
  }

  private static UUID uuid(Object value, Path file) {
    try {
      return UUID.fromString(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw FakeJuliaError.uncaught(file.getFileName().toString(), "ArgumentError: invalid UUID " + value + " in " + file);
    }
  }

  /** An array of tables ({@code [[name]]}); tomlj 1.1 arrays may mix types. */
  static boolean allTables(TomlArray array) {
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof TomlTable)) {
        return false;
      }
    }
    return !array.isEmpty();
  }

  /** A TOML basic string. */
  static String quote(String s) {
    return "\"" + Toml.tomlEscape(s) + "\"";
  }

  /** Lower-case hex SHA-1 of {@code text}: the fake's tree hashes and other derived ids. */
  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-1 of a file's bytes, as Pkg's {@code project_hash} (a hash of the project) stands in. */
  static String sha1(Path file) throws IOException {
    return sha1(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static Map<String, UUID> stdlibs(String... pairs) {
    Map<String, UUID> m = new LinkedHashMap<>();
    for (String p : pairs) {
      String[] parts = p.split(" ");
      m.put(parts[0], UUID.fromString(parts[1]));
    }
    return Map.copyOf(m);
  }
}
