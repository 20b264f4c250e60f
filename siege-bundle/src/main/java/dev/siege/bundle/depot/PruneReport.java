package dev.siege.bundle.depot;

import dev.siege.core.check.Diagnostic;
import java.util.List;

/**
 * What {@link DepotPruner} did to one depot.
 *
 * @param removed removed top-level entries with their sizes, by name
 * @param kept top-level entries kept because the bundle needs them, by name
 * @param unknown top-level entries SIEGE does not know, kept untouched, by name
 * @param findings the audit of {@code packages/} ({@link DepotAudit})
 */
public record PruneReport(
    List<RemovedDir> removed, List<String> kept, List<String> unknown, List<Diagnostic> findings) {

  public PruneReport {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    unknown = List.copyOf(unknown);
    findings = List.copyOf(findings);
  }

  public long removedBytes() {
    return removed.stream().mapToLong(RemovedDir::bytes).sum();
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(Diagnostic::isError);
  }
}
