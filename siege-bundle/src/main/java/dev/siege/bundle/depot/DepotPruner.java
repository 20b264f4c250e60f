package dev.siege.bundle.depot;

import dev.siege.core.io.FileTrees;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prunes a bundle's depot to what runs offline (DESIGN.md step 6) and audits its packages.
 *
 * <p>Top-level entries, per JULIA-FACTS §3:
 *
 * <ul>
 *   <li>kept: {@code packages/} and {@code artifacts/} (code loading; JLL {@code __init__}
 *       resolves artifacts at load time, §6), {@code registries/} (Pkg.status needs one, and Pkg
 *       would otherwise try to download General), {@code conda/} (Conda.jl's environment);
 *   <li>{@code dev/}: kept only when the Manifest has {@code path} entries pointing there;
 *   <li>removed: {@code compiled/} (caches are rebuilt in DEPOT_PATH[1], and caches made without
 *       {@code -J sys.so} would not be reused under it anyway), {@code logs/}, {@code clones/}
 *       (redundant once {@code packages/} is populated), {@code scratchspaces/} (Scratch.jl only
 *       reads DEPOT_PATH[1]), {@code servers/} (Pkg server auth tokens of the build machine);
 *   <li>also removed: {@code environments/} (the launcher sets JULIA_PROJECT, and a shipped
 *       {@code environments/v1.X} would be stacked into every user's LOAD_PATH through
 *       {@code @v#.#}, which resolves in any depot) and {@code config/} (Julia reads only
 *       DEPOT_PATH[1]/config/startup.jl, which the bundle depot never is, and it may hold the
 *       build user's startup file);
 *   <li>anything else is kept untouched and reported as unknown.
 * </ul>
 */
public final class DepotPruner {
  static final Set<String> REMOVED =
      Set.of("compiled", "logs", "clones", "scratchspaces", "servers", "environments", "config");
  static final Set<String> KEPT = Set.of("packages", "artifacts", "registries", "conda");
  static final String DEV = "dev";

  private final List<PackageDir> expected;
  private final boolean devUsed;

  /**
   * @param expected the Manifest's packages that live in {@code packages/} (for the audit)
   * @param devUsed whether the Manifest has {@code path} entries pointing into the depot's {@code dev/}
   */
  public DepotPruner(Collection<PackageDir> expected, boolean devUsed) {
    this.expected = List.copyOf(expected);
    this.devUsed = devUsed;
  }

  /**
   * Audits, then removes what the bundle does not need. Removing a symbolic link never touches
   * its target.
   *
   * @throws SiegeException if the depot is not a directory or an entry cannot be removed
   */
  public PruneReport prune(Path depot, SiegeListener listener) throws SiegeException {
    if (!Files.isDirectory(depot)) {
      throw new SiegeException("depot is not a directory", "instantiate the project first", depot, 0, null);
    }
    List<Diagnostic> findings = DepotAudit.audit(depot, expected, devUsed);
    findings.forEach(d -> listener.on(new SiegeEvent.DiagnosticReported(d)));

    List<RemovedDir> removed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : DepotAudit.list(depot)) {
      Path entry = depot.resolve(name);
      if (REMOVED.contains(name) || (name.equals(DEV) && !devUsed)) {
        RemovedDir r = remove(entry);
        removed.add(r);
        listener.on(
            new SiegeEvent.Message(
                SiegeEvent.Level.INFO,
                String.format(Locale.ROOT, "pruned depot/%s (%d files, %.1f MB)", name, r.files(), r.bytes() / 1e6)));
      } else if (KEPT.contains(name) || name.equals(DEV)) {
        kept.add(name);
      } else {
        unknown.add(name);
        listener.on(
            new SiegeEvent.Message(
                SiegeEvent.Level.WARNING, "kept depot/" + name + ", which SIEGE does not know; it is shipped as is"));
      }
    }
    return new PruneReport(removed, kept, unknown, findings);
  }

  private static RemovedDir remove(Path entry) throws SiegeException {
    long[] totals = new long[2];
    try {
      Files.walkFileTree(
          entry,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                totals[0] += attrs.size();
                totals[1]++;
              }
              return FileVisitResult.CONTINUE;
            }
          });
      FileTrees.delete(entry);
    } catch (IOException e) {
      throw new SiegeException(
          "cannot remove from the depot: " + e.getMessage(), "check the permissions of the directory", entry, 0, e);
    }
    return new RemovedDir(entry.getFileName().toString(), totals[0], totals[1]);
  }
}
