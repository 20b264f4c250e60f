package dev.siege.bundle.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What verifying a bundle directory or archive found: every problem, not just the first.
 *
 * @param target the directory or archive verified
 * @param archive whether {@code target} is an archive
 * @param files regular files whose content was hashed
 * @param bytes bytes of file content hashed
 * @param notes what was not checked and why (e.g. a bundle older than its tree record); not problems
 */
public record VerifyReport(
    Path target, boolean archive, List<Finding> findings, long files, long bytes, List<String> notes) {
  public VerifyReport {
    Objects.requireNonNull(target, "target");
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  /** A report without notes. */
  public VerifyReport(Path target, boolean archive, List<Finding> findings, long files, long bytes) {
    this(target, archive, findings, files, bytes, List.of());
  }

  /** True when nothing was found. */
  public boolean isClean() {
    return findings.isEmpty();
  }

  /** How many findings of each kind, in {@link Finding.Kind} order. */
  public Map<Finding.Kind, Integer> countsByKind() {
    Map<Finding.Kind, Integer> counts = new TreeMap<>();
    findings.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
    return java.util.Collections.unmodifiableMap(counts);
  }
}
