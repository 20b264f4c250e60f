package dev.siege.testkit;

import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import dev.siege.core.depot.DepotPaths;

/**
 * A realistic fake bundle tree, deterministic from a seed and a scale: a depot ({@code
 * packages/<Name>/<slug>/} with many small {@code .jl} files, {@code artifacts/<sha>/} with
 * {@code .so} files behind {@code libfoo.so -> libfoo.so.1 -> libfoo.so.1.2.3} relative links,
 * an unpacked {@code registries/General}, and {@code compiled/} and {@code logs/} for a pruner to
 * remove), the {@code env/} Project and Manifest, and a large {@code sysimage/sys.so}
 * (JULIA-FACTS §3 for the depot layout).
 *
 * <p>Scale 1 is about 20,000 files and 650 MB; package and artifact counts and the sysimage size
 * scale linearly, down to one package and one artifact. The same seed and scale give a
 * byte-identical tree (contents, names, modes and links).
 */
public final class FakeDepot {
  /** Scale-1 numbers, tuned so the totals match real depots of CSV/DataFrames/Plots size. */
  private static final int PACKAGES = 170;
  private static final int JLLS = 60;
  private static final int STALE = 14;
  private static final long SYSIMAGE_BYTES = 310L << 20;
  static final String JULIA_VERSION = "1.10.4";
  /** The build server path that the fake logs mention. */
  static final String BUILD_PATH = "/srv/siege/build/bundle";

  private static final String[] SYLLABLES = {
    "ab", "cal", "dor", "fen", "gra", "hel", "jun", "kor", "lum", "mir", "nex", "or", "pax",
    "quil", "rho", "sto", "tur", "vel", "wyn", "zed", "ar", "bex", "cor", "dyn", "ens", "fal"
  };
  private static final String[] SUFFIXES = {"", "", "", "s", "Base", "Utils", "Core", "IO", "Tools"};
  private static final String[] SUBDIRS = {"internals", "io", "algorithms", "types", "plots"};

  private final SplittableRandom random;
  private final FakeTree tree;

  private FakeDepot(Path root, long seed) {
    this.random = new SplittableRandom(seed);
    this.tree = new FakeTree(root);
  }

  /**
   * Generates the tree under {@code root}, which must not exist or be an empty directory.
   *
   * @param scale 1 for about 20,000 files and 650 MB; e.g. 0.01 for tests
   * @throws FileAlreadyExistsException if {@code root} is a non-empty directory
   */
  public static FakeDepotDescription generate(Path root, long seed, double scale) throws IOException {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive number, was " + scale);
    }
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        if (entries.iterator().hasNext()) {
          throw new FileAlreadyExistsException(root.toString(), null, "directory is not empty");
        }
      }
    }
    Files.createDirectories(root);
    return new FakeDepot(root, seed).write(seed, scale);
  }

  /** {@code <dir> <seed> <scale>}: generates the tree and prints its one-line summary. */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    if (args.length != 3) {
      System.err.println("usage: FakeDepot <dir> <seed> <scale>   (scale 1 = about 20k files, 650 MB)");
      System.exit(2);
    }
    FakeDepotDescription d =
        generate(Path.of(args[0]), Long.parseLong(args[1]), Double.parseDouble(args[2]));
    out.println(d.summary());
  }

  private FakeDepotDescription write(long seed, double scale) throws IOException {
    int packageCount = count(PACKAGES, scale);
    int jllCount = count(JLLS, scale);
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < packageCount + jllCount) {
      names.add(name(names.size() >= packageCount));
    }
    List<String> nameList = List.copyOf(names);
    String depot = BundleLayout.DEPOT + "/";

    List<FakePackage> packages = new ArrayList<>();
    List<FakeArtifact> artifacts = new ArrayList<>();
    List<List<String>> deps = new ArrayList<>();
    for (int i = 0; i < jllCount; i++) {
      String name = nameList.get(packageCount + i);
      FakeArtifact artifact = writeArtifact(depot, name, random.split());
      artifacts.add(artifact);
      packages.add(writeJll(depot, name, artifact, random.split()));
      deps.add(List.of());
    }
    for (int i = 0; i < packageCount; i++) {
      List<FakePackage> earlier = List.copyOf(packages);
      List<String> own = new ArrayList<>();
      for (int k = random.nextInt(Math.min(4, earlier.size() + 1)); k > 0; k--) {
        String dep = earlier.get(random.nextInt(earlier.size())).name();
        if (!own.contains(dep)) own.add(dep);
      }
      packages.add(writePackage(depot, nameList.get(i), own, earlier, random.split()));
      deps.add(List.copyOf(own));
    }

    List<String> stale = new ArrayList<>();
    for (int i = 0; i < count(STALE, scale); i++) {
      FakePackage p = packages.get(jllCount + random.nextInt(packageCount));
      String dir = "packages/" + p.name() + "/" + slug(p.uuid(), FakeContent.hex(40, random));
      if (stale.contains(dir) || dir.equals(p.dir())) continue;
      tree.text(depot + dir + "/Project.toml", FakeTomls.project(p.name(), p.uuid(), "0.1.0", List.of()));
      tree.text(depot + dir + "/src/" + p.name() + ".jl", FakeContent.juliaSource(p.name(), 1500, random));
      stale.add(dir);
    }

    for (FakePackage p : packages) {
      String dir = depot + "compiled/v1.10/" + p.name() + "/";
      String cache = FakeContent.hex(4, random) + "_" + FakeContent.hex(5, random);
      tree.binary(dir + cache + ".ji", FakeContent.logNormal(60e3, 0.8, 2_000, 2_000_000, random), false, random);
      tree.binary(dir + cache + ".so", FakeContent.logNormal(150e3, 0.8, 8_000, 8_000_000, random), true, random);
    }
    // A fixed build path keeps the tree independent of where it is generated.
    tree.text(depot + "logs/manifest_usage.toml", FakeTomls.usage(BUILD_PATH + "/env/Manifest.toml"));
    tree.text(depot + "logs/artifact_usage.toml", FakeTomls.usage(BUILD_PATH + "/depot/artifacts"));

    tree.text(depot + "registries/General/Registry.toml", FakeTomls.registry(packages));
    for (int i = 0; i < packages.size(); i++) {
      FakePackage p = packages.get(i);
      String dir = depot + "registries/General/" + p.name().substring(0, 1).toUpperCase(Locale.ROOT) + "/" + p.name() + "/";
      tree.text(dir + "Package.toml", FakeTomls.registryPackage(p));
      tree.text(dir + "Versions.toml", "[\"" + p.version() + "\"]\ngit-tree-sha1 = \"" + p.treeSha1() + "\"\n");
      tree.text(dir + "Deps.toml", FakeTomls.registryDeps(deps.get(i), packages));
      tree.text(dir + "Compat.toml", "[\"" + p.version() + "\"]\njulia = \"1.6.0-1\"\n");
    }

    List<String> direct = new ArrayList<>();
    for (int i = 0; i < Math.min(5, packageCount); i++) {
      direct.add(packages.get(packages.size() - 1 - i).name());
    }
    tree.text(BundleLayout.ENV + "/Project.toml", FakeTomls.envProject(direct, packages));
    tree.text(BundleLayout.ENV + "/Manifest.toml", FakeTomls.manifest(JULIA_VERSION, packages, deps, random));

    long sysimage = Math.max(64 << 10, (long) (SYSIMAGE_BYTES * scale));
    tree.binary(BundleLayout.SYSIMAGE, sysimage, true, random.split());

    return new FakeDepotDescription(
        tree.root(), seed, scale, packages, artifacts, stale, List.of("compiled", "logs"),
        tree.files, tree.symlinks, tree.directories, tree.bytes, sysimage);
  }

  private FakePackage writePackage(
      String depot, String name, List<String> deps, List<FakePackage> known, SplittableRandom r)
      throws IOException {
    UUID uuid = uuid(r);
    String sha = FakeContent.hex(40, r);
    String slug = slug(uuid, sha);
    String version = r.nextInt(4) + "." + r.nextInt(20) + "." + r.nextInt(10);
    String dir = depot + "packages/" + name + "/" + slug + "/";
    int before = tree.files;
    tree.text(dir + "Project.toml", FakeTomls.project(name, uuid, version, deps.stream()
        .map(d -> known.stream().filter(p -> p.name().equals(d)).findFirst().orElseThrow())
        .toList()));
    tree.text(dir + "README.md", FakeContent.prose("# " + name + ".jl", 400 + r.nextInt(4000), r));
    tree.text(dir + "LICENSE.md", FakeContent.prose("MIT License", 1100, r));
    int src = 4 + (int) (square(r) * 180);
    StringBuilder module = new StringBuilder("module " + name + "\n\n");
    for (int k = 0; k < src; k++) {
      String file = (k >= 25 ? SUBDIRS[(k / 25) % SUBDIRS.length] + k / 25 + "/" : "") + "part" + k + ".jl";
      module.append("include(\"").append(file).append("\")\n");
      tree.text(dir + "src/" + file, FakeContent.juliaSource(name, sourceSize(r), r));
    }
    tree.text(dir + "src/" + name + ".jl", module.append("\nend # module\n").toString());
    int tests = 1 + (int) (square(r) * 75);
    tree.text(dir + "test/runtests.jl", "using " + name + "\nusing Test\n\n@testset \"" + name + "\" begin\nend\n");
    for (int k = 0; k < tests; k++) {
      tree.text(dir + "test/test_" + k + ".jl", FakeContent.juliaSource(name, sourceSize(r), r));
    }
    tree.text(dir + "docs/make.jl", "using Documenter, " + name + "\nmakedocs(sitename = \"" + name + "\")\n");
    for (int k = r.nextInt(10); k >= 0; k--) {
      tree.text(dir + "docs/src/page" + k + ".md", FakeContent.prose("# Page " + k, 300 + r.nextInt(6000), r));
    }
    if (r.nextInt(8) == 0) {
      tree.text(dir + "deps/build.jl", "# writes deps.jl at build time (JULIA-FACTS §6)\n");
    }
    return new FakePackage(name, uuid, version, sha, slug, Optional.empty(), tree.files - before);
  }

  private FakeArtifact writeArtifact(String depot, String jll, SplittableRandom r) throws IOException {
    String sha = FakeContent.hex(40, r);
    String base = jll.substring(0, jll.length() - "_jll".length());
    String lower = base.toLowerCase(Locale.ROOT);
    String dir = depot + "artifacts/" + sha + "/";
    int before = tree.files;
    List<String> libs = new ArrayList<>();
    List<String> links = new ArrayList<>();
    String[] variants = {"", "_core", "_util"};
    for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
      String so = "lib" + lower.substring(3) + variants[k] + ".so";
      int major = r.nextInt(4);
      String soMajor = so + "." + major;
      String real = soMajor + "." + r.nextInt(10) + "." + r.nextInt(20);
      tree.binary(dir + "lib/" + real, FakeContent.logNormal(1.0e6, 1.0, 16_000, 60_000_000, r), true, r);
      tree.link(dir + "lib/" + soMajor, real);
      tree.link(dir + "lib/" + so, soMajor);
      libs.add("lib/" + real);
      links.add("lib/" + soMajor);
      links.add("lib/" + so);
      tree.text(dir + "lib/pkgconfig/" + lower + variants[k] + ".pc",
          "prefix=${pcfiledir}/../..\nlibdir=${prefix}/lib\nName: " + base + "\nLibs: -L${libdir} -l" + so + "\n");
    }
    for (int k = 2 + r.nextInt(18); k > 0; k--) {
      tree.text(dir + "include/" + lower + "/h" + k + ".h", FakeContent.prose("/* " + base + " */", 500 + r.nextInt(8000), r));
    }
    tree.text(dir + "share/licenses/" + base + "/LICENSE", FakeContent.prose(base + " licence", 1500, r));
    if (r.nextInt(3) == 0) {
      tree.binary(dir + "bin/" + lower + "-tool", FakeContent.logNormal(120e3, 0.7, 8_000, 4_000_000, r), true, r);
    }
    return new FakeArtifact(base, jll, sha, libs, links, tree.files - before);
  }

  private FakePackage writeJll(String depot, String name, FakeArtifact artifact, SplittableRandom r)
      throws IOException {
    UUID uuid = uuid(r);
    String sha = FakeContent.hex(40, r);
    String slug = slug(uuid, sha);
    String version = (1 + r.nextInt(3)) + "." + r.nextInt(12) + "." + r.nextInt(10) + "+" + r.nextInt(3);
    String dir = depot + "packages/" + name + "/" + slug + "/";
    int before = tree.files;
    tree.text(dir + "Project.toml", FakeTomls.project(name, uuid, version, List.of()));
    tree.text(dir + "Artifacts.toml", "[" + artifact.name() + "]\ngit-tree-sha1 = \"" + artifact.treeSha1() + "\"\n");
    tree.text(dir + "README.md", FakeContent.prose("# `" + name + "`", 1800, r));
    tree.text(dir + "LICENSE", FakeContent.prose("MIT License", 1100, r));
    tree.text(dir + "src/" + name + ".jl", "baremodule " + name + "\nusing Base\nJLLWrappers.@generate_main_file_header(\"" + artifact.name() + "\")\nend\n");
    tree.text(dir + "src/wrappers/x86_64-linux-gnu.jl", FakeContent.juliaSource(name, 900, r));
    return new FakePackage(name, uuid, version, sha, slug, Optional.of(artifact.treeSha1()), tree.files - before);
  }

  private String name(boolean jll) {
    StringBuilder sb = new StringBuilder();
    for (int k = 2 + random.nextInt(2); k > 0; k--) {
      sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    String word = Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
    return jll ? "Lib" + word.toLowerCase(Locale.ROOT) + "_jll" : word + SUFFIXES[random.nextInt(SUFFIXES.length)];
  }

  private static int count(int atScaleOne, double scale) {
    return (int) Math.max(1, Math.round(atScaleOne * scale));
  }

  private static double square(SplittableRandom r) {
    double x = r.nextDouble();
    return x * x;
  }

  private static int sourceSize(SplittableRandom r) {
    return (int) FakeContent.logNormal(2000, 0.9, 120, 120_000, r);
  }

  private static UUID uuid(SplittableRandom r) {
    long msb = (r.nextLong() & ~0xf000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** The package's directory name under {@code packages/<Name>/}: Pkg's slug (JULIA-FACTS §3). */
  static String slug(UUID uuid, String treeSha1) {
    return DepotPaths.versionSlug(uuid, treeSha1, DepotPaths.SLUG_LENGTH);
  }
}
