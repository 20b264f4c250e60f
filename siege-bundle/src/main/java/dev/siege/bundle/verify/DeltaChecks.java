package dev.siege.bundle.verify;

import java.util.List;

/** Checks of a delta archive (stub). */
final class DeltaChecks {
  private DeltaChecks() {}

  static boolean isDelta(ArchiveScan scan, String root) {
    return false;
  }

  static void check(ArchiveScan scan, String root, List<Finding> findings, List<String> notes) {}
}
