package dev.siege.bundle.depot;

import dev.siege.core.io.FileTrees;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.env.PackageNames;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
 *
 * <p>Scratch spaces the build made ({@code scratchspaces/<uuid>/}) are reported as a warning
 * naming their packages before they go: Scratch.jl only ever uses DEPOT_PATH[1] (§3, §8), which
 * on the secure machine is the user depot, so the package makes them again there, perhaps by
 * downloading. Pkg's own space (its precompile state, Pkg release-1.6 src/API.jl
 * {@code save_precompile_state}) is not reported.
 */
public final class DepotPruner {
  static final Set<String> REMOVED =
      Set.of("compiled", "logs", "clones", "scratchspaces", "servers", "environments", "config");
  static final Set<String> KEPT = Set.of("packages", "artifacts", "registries", "conda");
  static final String DEV = "dev";
  static final String SCRATCH = "scratchspaces";
  /** The warning's code when the build made scratch spaces. */
  public static final String SCRATCH_SPACES = "depot-scratch-spaces";
  /** Pkg's UUID: Pkg keeps its own state in its scratch space (Operations.pkg_scratchpath). */
  static final String PKG_UUID = "44cfe95a-1eb2-52ea-b672-e2afdf69b78f";
  private static final Pattern UUID_NAME = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private final List<PackageDir> expected;
  private final boolean devUsed;
  private final Map<String, String> namesByUuid;

  /**
   * @param expected the Manifest's packages that live in {@code packages/} (for the audit)
   * @param devUsed whether the Manifest has {@code path} entries pointing into the depot's {@code dev/}
   */
  public DepotPruner(Collection<PackageDir> expected, boolean devUsed) {
    this(expected, devUsed, Map.of());
  }

  /**
   * @param namesByUuid the Manifest's package names by UUID (lower case), to name the packages
   *     whose scratch spaces are pruned
   */
  public DepotPruner(Collection<PackageDir> expected, boolean devUsed, Map<String, String> namesByUuid) {
    this.expected = List.copyOf(expected);
    this.devUsed = devUsed;
    this.namesByUuid = Map.copyOf(namesByUuid);
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
    List<Diagnostic> findings = new ArrayList<>(DepotAudit.audit(depot, expected, devUsed));
    List<String> scratch = scratchSpaces(depot);
    if (!scratch.isEmpty()) {
      findings.add(Diagnostic.warning(SCRATCH_SPACES, depot.resolve(SCRATCH), 0,
          "the build made scratch spaces for " + String.join(", ", scratch) + "; they are not shipped",
          "Scratch.jl only uses the first depot, which on the secure machine is the user depot: these"
              + " packages make their scratch spaces again there on first use, which fails offline if they"
              + " download into them"));
    }
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
    return new PruneReport(removed, kept, unknown, findings, scratch);
  }

  /**
   * The packages that own a directory under {@code scratchspaces/}: their manifest names where
   * known, else the UUID directory's name; sorted, Pkg's own space left out.
   */
  private List<String> scratchSpaces(Path depot) throws SiegeException {
    Path dir = depot.resolve(SCRATCH);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    Set<String> owners = new TreeSet<>();
    for (String uuid : DepotAudit.list(dir)) {
      String key = uuid.toLowerCase(Locale.ROOT);
      if (key.equals(PKG_UUID)) {
        continue;
      }
      String name = namesByUuid.get(key);
      owners.add(name != null ? name + " (" + key + ")" : UUID_NAME.matcher(uuid).matches() ? key : PackageNames.quote(uuid));
    }
    return List.copyOf(owners);
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
