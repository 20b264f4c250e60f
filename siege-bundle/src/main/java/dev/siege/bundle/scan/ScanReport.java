package dev.siege.bundle.scan;

import java.util.List;

/**
 * Result of a {@link RelocatabilityScanner} run.
 *
 * @param findings sorted by file and line
 * @param textFiles text files read
 * @param binaryFiles files skipped as binary (a NUL byte near the start)
 * @param largeFiles files skipped for their size
 */
public record ScanReport(List<RelocationFinding> findings, long textFiles, long binaryFiles, long largeFiles) {
  public ScanReport {
    findings = List.copyOf(findings);
  }

  public boolean isRelocatable() {
    return findings.isEmpty();
  }
}
