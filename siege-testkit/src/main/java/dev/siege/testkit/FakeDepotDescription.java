package dev.siege.testkit;

import dev.siege.core.layout.BundleLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FakeDepot#generate} wrote, so tests can assert on it without walking the tree.
 *
 * @param root the bundle-shaped directory ({@link BundleLayout}: {@code depot/}, {@code env/},
 *     {@code sysimage/sys.so})
 * @param packages packages in the manifest, in manifest order
 * @param stalePackageDirs extra {@code packages/<Name>/<slug>} dirs (old versions) that match no
 *     manifest entry, relative to the depot
 * @param prunableDirs depot subdirectories a pruner should remove, relative to the depot
 * @param regularFiles regular files in the whole tree
 * @param symlinks symbolic links in the whole tree
 * @param directories directories in the tree, not counting {@code root}
 * @param totalBytes bytes of all regular files
 * @param sysimageBytes bytes of {@code sysimage/sys.so}
 */
public record FakeDepotDescription(
    Path root,
    long seed,
    double scale,
    List<FakePackage> packages,
    List<FakeArtifact> artifacts,
    List<String> stalePackageDirs,
    List<String> prunableDirs,
    int regularFiles,
    int symlinks,
    int directories,
    long totalBytes,
    long sysimageBytes) {

  public FakeDepotDescription {
    Objects.requireNonNull(root, "root");
    packages = List.copyOf(packages);
    artifacts = List.copyOf(artifacts);
    stalePackageDirs = List.copyOf(stalePackageDirs);
    prunableDirs = List.copyOf(prunableDirs);
  }

  public BundleLayout layout() {
    return BundleLayout.at(root);
  }

  public Path depot() {
    return layout().depot();
  }

  /** One line for humans and benchmark logs. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d packages, %d artifacts, %d files, %d symlinks, %d dirs, %.1f MB (sysimage %.1f MB)",
        root,
        packages.size(),
        artifacts.size(),
        regularFiles,
        symlinks,
        directories,
        totalBytes / 1e6,
        sysimageBytes / 1e6);
  }
}
