package dev.siege.bundle.sbom;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.license.LicenseFinder;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.sbom.BundleInventory.ArtifactItem;
import dev.siege.bundle.sbom.BundleInventory.FileItem;
import dev.siege.bundle.sbom.BundleInventory.Origin;
import dev.siege.bundle.sbom.BundleInventory.PackageItem;
import dev.siege.core.SiegeException;
import dev.siege.core.depot.DepotPaths;
import dev.siege.core.env.ArtifactsFile;
import dev.siege.core.env.Environment;
import dev.siege.core.env.ManifestEntry;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Reads a {@link BundleInventory} from a bundle directory: its metadata, manifest and depot. */
public final class InventoryReader {
  private InventoryReader() {}

  /** Reads the bundle at {@code root}; a missing or unreadable metadata or manifest is an error. */
  public static BundleInventory read(Path root) throws SiegeException {
    BundleLayout bundle = BundleLayout.at(root);
    BundleMetadata meta = BundleMetadata.read(bundle.metadata());
    Environment env = Environment.load(bundle.env(), meta.julia().version());
    try {
      return read(bundle, meta, env);
    } catch (IOException e) {
      throw new SiegeException("cannot read the bundle's contents: " + e.getMessage(), "check the bundle with 'siege verify'",
          root, 0, e);
    }
  }

  private static BundleInventory read(BundleLayout bundle, BundleMetadata meta, Environment env) throws IOException {
    Path root = bundle.root();
    List<ManifestEntry> entries = env.entries();
    List<String> notes = new ArrayList<>();
    RegistryIndex registries;
    try {
      registries = RegistryIndex.read(bundle.depot(), entries.stream().map(ManifestEntry::uuid).toList());
    } catch (IOException | RuntimeException e) {
      // A damaged registry costs the repository URLs, not the inventory.
      registries = RegistryIndex.read(bundle.depot().resolve("no-registries"), List.of());
      notes.add("the bundle's registries could not be read (" + e.getMessage() + "): no repository URL is given");
    }
    notes.addAll(registries.notes());
    Map<String, List<UUID>> byName = new HashMap<>();
    entries.forEach(e -> byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e.uuid()));
    Set<String> sysimage = Set.copyOf(meta.sysimage().packages());

    List<PackageItem> packages = new ArrayList<>();
    // Tree hash -> (artifact name, owner): the first Artifacts.toml, in package order, that names it.
    Map<String, ArtifactItem> named = new TreeMap<>();
    for (ManifestEntry e : entries) {
      Optional<Path> dir = packageDir(bundle, e);
      Origin origin = e.isStdlib() ? Origin.STDLIB : e.isDeveloped() ? Origin.DEVELOPED : e.isTracked()
          ? Origin.TRACKED : Origin.REGISTERED;
      Optional<RegistryIndex.Listing> listing = origin == Origin.REGISTERED ? registries.find(e.uuid()) : Optional.empty();
      Optional<String> repository = e.isTracked() ? e.repoUrl() : listing.flatMap(RegistryIndex.Listing::repo);
      List<LicenseFile> licenses = dir.isPresent() ? LicenseFinder.find(root, dir.get()) : List.of();
      packages.add(new PackageItem(e.name(), e.uuid(), e.version().map(Version::toString), e.gitTreeSha1(), origin,
          repository, listing.map(RegistryIndex.Listing::registry), dir.map(d -> Sha256Sums.relativeName(root, d)),
          dir.isPresent() ? size(dir.get()) : 0, sysimage.contains(e.name()), licenses,
          uuids(e.deps(), byName), uuids(e.weakdeps(), byName)));
      if (dir.isPresent()) {
        collectArtifacts(bundle, dir.get(), Optional.of(e.name()), Optional.of(e.uuid()), named);
      }
    }
    collectArtifacts(bundle, bundle.env(), Optional.empty(), Optional.empty(), named);
    packages.sort(Comparator.comparing(PackageItem::name).thenComparing(p -> p.uuid().toString()));

    List<ArtifactItem> artifacts = new ArrayList<>();
    Path artifactsDir = bundle.depot().resolve("artifacts");
    List<Path> artifactDirs = List.of();
    if (Files.isDirectory(artifactsDir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(artifactsDir)) {
        artifactDirs = s.filter(a -> Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
    }
    for (Path a : artifactDirs) {
      String hash = a.getFileName().toString();
      ArtifactItem known = named.get(hash);
      artifacts.add(new ArtifactItem(known == null ? "" : known.name(), hash,
          known == null ? Optional.empty() : known.owner(), known == null ? Optional.empty() : known.ownerUuid(),
          known == null ? List.of() : known.downloads(), Sha256Sums.relativeName(root, a), size(a),
          LicenseFinder.find(root, a)));
    }
    artifacts.sort(Comparator.comparing(ArtifactItem::name).thenComparing(ArtifactItem::treeSha1));

    List<FileItem> files = new ArrayList<>();
    addFile(files, root, "sysimage", bundle.sysimage());
    addFile(files, root, "launcher", bundle.launcher());
    addFile(files, root, "launcher", bundle.windowsLauncher());
    addFile(files, root, "julia", bundle.julia().resolve("bin").resolve("julia"));
    addFile(files, root, "julia", bundle.julia().resolve("bin").resolve("julia.exe"));
    files.sort(Comparator.comparing(FileItem::path));
    String name = env.project().name().orElse(String.valueOf(root.toAbsolutePath().normalize().getFileName()));
    List<UUID> direct = env.directDeps().values().stream().sorted(Comparator.comparing(UUID::toString)).toList();
    return new BundleInventory(meta, name, direct, packages, artifacts, files, notes);
  }

  /** The entry's code in the bundle: its depot directory, or a developed package inside the bundle. */
  private static Optional<Path> packageDir(BundleLayout bundle, ManifestEntry e) {
    if (e.isDeveloped()) {
      Path dir = bundle.env().resolve(e.path().get()).normalize();
      return dir.startsWith(bundle.root()) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(dir) : Optional.empty();
    }
    if (e.gitTreeSha1().isEmpty()) {
      return Optional.empty();
    }
    Path packages = bundle.depot().resolve("packages");
    for (int length : new int[] {DepotPaths.SLUG_LENGTH, 4}) {
      String slug;
      try {
        slug = DepotPaths.versionSlug(e.uuid(), e.gitTreeSha1().get(), length);
      } catch (IllegalArgumentException notATreeHash) {
        return Optional.empty();
      }
      Path dir = packages.resolve(e.name()).resolve(slug).normalize();
      if (dir.getParent().getParent().equals(packages) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static void collectArtifacts(BundleLayout bundle, Path dir, Optional<String> owner, Optional<UUID> ownerUuid,
      Map<String, ArtifactItem> named) {
    Optional<ArtifactsFile> file;
    try {
      file = ArtifactsFile.load(dir);
    } catch (SiegeException e) {
      return;
    }
    if (file.isEmpty()) {
      return;
    }
    for (ArtifactsFile.Binding b : file.get().bindings()) {
      named.putIfAbsent(b.gitTreeSha1(), new ArtifactItem(b.name(), b.gitTreeSha1(), owner, ownerUuid, b.downloads(),
          "", 0, List.of()));
    }
  }

  private static List<UUID> uuids(List<ManifestEntry.Dep> deps, Map<String, List<UUID>> byName) {
    return deps.stream()
        .map(d -> d.uuid().or(() -> Optional.ofNullable(byName.get(d.name())).filter(l -> l.size() == 1).map(l -> l.get(0))))
        .flatMap(Optional::stream)
        .filter(u -> byName.values().stream().anyMatch(l -> l.contains(u)))
        .distinct()
        .sorted(Comparator.comparing(UUID::toString))
        .toList();
  }

  private static void addFile(List<FileItem> files, Path root, String role, Path file) throws IOException {
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      files.add(new FileItem(role, Sha256Sums.relativeName(root, file), Sha256Sums.hash(file), Files.size(file)));
    }
  }

  /** Total size of the regular files under {@code dir}; links are neither followed nor counted. */
  static long size(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }
}
