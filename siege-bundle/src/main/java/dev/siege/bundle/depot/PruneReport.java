package dev.siege.bundle.depot;

import dev.siege.core.check.Diagnostic;
import java.util.List;

/**
 * What {@link DepotPruner} did to one depot.
 *
 * @param removed removed top-level entries with their sizes, by name
 * @param kept top-level entries kept because the bundle needs them, by name
 * @param unknown top-level entries SIEGE does not know, kept untouched, by name
 * @param findings the audit of {@code packages/} ({@link DepotAudit}) and the warning about
 *     scratch spaces
 * @param scratchSpaces the packages (names, else UUIDs) whose scratch spaces the build made and
 *     the pruning removed
 */
public record PruneReport(
    List<RemovedDir> removed, List<String> kept, List<String> unknown, List<Diagnostic> findings,
    List<String> scratchSpaces) {

  public PruneReport {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    unknown = List.copyOf(unknown);
    findings = List.copyOf(findings);
    scratchSpaces = List.copyOf(scratchSpaces);
  }

  /** A report without scratch spaces. */
  public PruneReport(List<RemovedDir> removed, List<String> kept, List<String> unknown, List<Diagnostic> findings) {
    this(removed, kept, unknown, findings, List.of());
  }

  public long removedBytes() {
    return removed.stream().mapToLong(RemovedDir::bytes).sum();
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(Diagnostic::isError);
  }
}
