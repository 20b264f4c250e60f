package dev.siege.bundle.depot;

import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a depot's {@code packages/} against the package directories the Manifest expects
 * (DESIGN.md step 6): a directory no entry explains is shipped but never loaded (an old version,
 * build tooling); an expected directory that is missing means the bundle cannot load that package
 * offline.
 *
 * <p>Only {@link PackageDir}s become paths here, and a {@link PackageDir} holds a valid package
 * name ({@code PackageNames.requireValid}): a manifest name such as {@code ../x} never reaches
 * the file system through the audit. Directory names read from the depot are only compared.
 */
public final class DepotAudit {
  public static final String UNEXPECTED_PACKAGE = "depot-unexpected-package";
  public static final String MISSING_PACKAGE = "depot-missing-package";
  public static final String MISSING_DEV = "depot-missing-dev";

  private DepotAudit() {}

  /**
   * @param expected the Manifest's packages that live in {@code packages/}
   * @param devUsed whether the Manifest has {@code path} entries pointing into the depot's {@code dev/}
   * @return findings sorted by path: warnings for unexpected directories, errors for missing ones
   */
  public static List<Diagnostic> audit(Path depot, Collection<PackageDir> expected, boolean devUsed)
      throws SiegeException {
    List<Diagnostic> findings = new ArrayList<>();
    Set<PackageDir> found = new HashSet<>();
    Path packages = depot.resolve("packages");
    for (String name : list(packages)) {
      Path nameDir = packages.resolve(name);
      if (!Files.isDirectory(nameDir, LinkOption.NOFOLLOW_LINKS)) {
        findings.add(unexpected(nameDir));
        continue;
      }
      for (String slug : list(nameDir)) {
        PackageDir match =
            expected.stream().filter(p -> p.matches(name, slug)).findFirst().orElse(null);
        if (match == null) {
          findings.add(unexpected(nameDir.resolve(slug)));
        } else {
          found.add(match);
        }
      }
    }
    for (PackageDir p : expectedSorted(expected)) {
      if (!found.contains(p)) {
        findings.add(
            Diagnostic.error(
                MISSING_PACKAGE,
                depot.resolve(p.relativePath()),
                0,
                "package " + p.name() + " of the manifest is not installed in the depot",
                "the bundle could not load it offline; instantiate the project again"));
      }
    }
    if (devUsed && !Files.isDirectory(depot.resolve("dev"))) {
      findings.add(
          Diagnostic.error(
              MISSING_DEV,
              depot.resolve("dev"),
              0,
              "the manifest uses developed packages in the depot's dev/, which is missing",
              "develop the packages into the bundle depot, or add them as regular packages"));
    }
    findings.sort(Comparator.comparing(d -> d.file().toString()));
    return List.copyOf(findings);
  }

  private static Diagnostic unexpected(Path dir) {
    return Diagnostic.warning(
        UNEXPECTED_PACKAGE,
        dir,
        0,
        "package directory matches no manifest entry",
        "it is shipped but never loaded (an old version or build tooling); build into a fresh depot to drop it");
  }

  private static Set<PackageDir> expectedSorted(Collection<PackageDir> expected) {
    Set<PackageDir> sorted =
        new TreeSet<>(Comparator.comparing(PackageDir::name).thenComparing(PackageDir::slug));
    sorted.addAll(expected);
    return sorted;
  }

  /** Sorted names in {@code dir}; none when it does not exist. */
  static List<String> list(Path dir) throws SiegeException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new SiegeException("cannot list directory: " + e.getMessage(), null, dir, 0, e);
    }
    names.sort(null);
    return names;
  }
}
