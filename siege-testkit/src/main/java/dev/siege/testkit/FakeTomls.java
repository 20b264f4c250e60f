package dev.siege.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** TOML texts of the fake tree: package and env Project/Manifest files, the registry, logs. */
final class FakeTomls {
  private FakeTomls() {}

  static String project(String name, UUID uuid, String version, List<FakePackage> deps) {
    StringBuilder sb = new StringBuilder();
    sb.append("name = \"").append(name).append("\"\n");
    sb.append("uuid = \"").append(uuid).append("\"\n");
    sb.append("authors = [\"SIEGE testkit <testkit@example.org>\"]\n");
    sb.append("version = \"").append(version).append("\"\n");
    if (!deps.isEmpty()) {
      sb.append("\n[deps]\n");
      deps.stream()
          .sorted(Comparator.comparing(FakePackage::name))
          .forEach(d -> sb.append(d.name()).append(" = \"").append(d.uuid()).append("\"\n"));
    }
    sb.append("\n[compat]\njulia = \"1.6\"\n");
    return sb.toString();
  }

  static String envProject(List<String> direct, List<FakePackage> packages) {
    StringBuilder sb = new StringBuilder("[deps]\n");
    direct.stream()
        .sorted()
        .forEach(n -> sb.append(n).append(" = \"").append(find(n, packages).uuid()).append("\"\n"));
    return sb.toString();
  }

  /** A format-2.0 manifest with one entry per package (JULIA-FACTS §4), sorted by name. */
  static String manifest(
      String juliaVersion, List<FakePackage> packages, List<List<String>> deps, SplittableRandom r) {
    StringBuilder sb = new StringBuilder("# This file is machine-generated - editing it directly is not advised\n\n");
    sb.append("julia_version = \"").append(juliaVersion).append("\"\n");
    sb.append("manifest_format = \"2.0\"\n");
    sb.append("project_hash = \"").append(FakeContent.hex(40, r)).append("\"\n");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) order.add(i);
    order.sort(Comparator.comparing(i -> packages.get(i).name()));
    for (int i : order) {
      FakePackage p = packages.get(i);
      sb.append("\n[[deps.").append(p.name()).append("]]\n");
      if (!deps.get(i).isEmpty()) {
        sb.append("deps = [");
        sb.append(String.join(", ", deps.get(i).stream().sorted().map(d -> "\"" + d + "\"").toList()));
        sb.append("]\n");
      }
      sb.append("git-tree-sha1 = \"").append(p.treeSha1()).append("\"\n");
      sb.append("uuid = \"").append(p.uuid()).append("\"\n");
      sb.append("version = \"").append(p.version()).append("\"\n");
    }
    return sb.toString();
  }

  static String registry(List<FakePackage> packages) {
    StringBuilder sb = new StringBuilder();
    sb.append("name = \"General\"\n");
    sb.append("uuid = \"23338594-aafe-5451-b93e-139f81909106\"\n");
    sb.append("repo = \"https://github.com/JuliaRegistries/General.git\"\n\n");
    sb.append("description = \"\"\"\nFake copy of the General registry (SIEGE testkit).\n\"\"\"\n\n[packages]\n");
    packages.stream()
        .sorted(Comparator.comparing(FakePackage::uuid))
        .forEach(p -> sb.append(p.uuid()).append(" = { name = \"").append(p.name())
            .append("\", path = \"").append(p.name().substring(0, 1).toUpperCase(java.util.Locale.ROOT))
            .append('/').append(p.name()).append("\" }\n"));
    return sb.toString();
  }

  static String registryPackage(FakePackage p) {
    return "name = \"" + p.name() + "\"\nuuid = \"" + p.uuid() + "\"\nrepo = \"https://github.com/example/"
        + p.name() + ".jl.git\"\n";
  }

  static String registryDeps(List<String> deps, List<FakePackage> packages) {
    StringBuilder sb = new StringBuilder("[\"0-9\"]\n");
    deps.stream().sorted().forEach(d -> sb.append(d).append(" = \"").append(find(d, packages).uuid()).append("\"\n"));
    return sb.toString();
  }

  /** A {@code logs/*_usage.toml} naming an absolute path, as Pkg writes them (JULIA-FACTS §3). */
  static String usage(String path) {
    return "[[\"" + path + "\"]]\ntime = 2024-01-01T00:00:00Z\n";
  }

  private static FakePackage find(String name, List<FakePackage> packages) {
    return packages.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
