package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks of a delta archive ({@code siege bundle --since}): its own {@code SHA256SUMS} against
 * its files, {@code files/<sha256>} against their names, the {@code apply} script's exec bit, and
 * that every file of the new bundle comes from somewhere: the old bundle, {@code files/} or a
 * patch. What only the secure side can check (the old bundle itself) is left to {@code apply}.
 */
final class DeltaChecks {
  static final String DESCRIPTION = "DELTA";
  private static final String FORMAT = "# siege delta 1";

  private DeltaChecks() {}

  /** Whether the archive holds a delta: {@code DELTA} and {@code apply} at its top, no metadata. */
  static boolean isDelta(ArchiveScan scan, String root) {
    String prefix = root.isEmpty() ? "" : root + "/";
    return scan.files.containsKey(prefix + DESCRIPTION)
        && scan.files.containsKey(prefix + "apply")
        && !scan.files.containsKey(prefix + BundleLayout.METADATA);
  }

  static void check(ArchiveScan scan, String root, List<Finding> findings, List<String> notes) {
    String prefix = root.isEmpty() ? "" : root + "/";
    Map<String, BundleTree.FileFacts> files = new TreeMap<>();
    scan.files.forEach((name, facts) -> files.put(name.substring(prefix.length()), facts));
    byte[] description = scan.captured.get(prefix + DESCRIPTION);
    if (description == null || !new String(description, StandardCharsets.UTF_8).startsWith(FORMAT + "\n")) {
      findings.add(new Finding(Finding.Kind.METADATA, DESCRIPTION, "not a delta of a known format (expected \"" + FORMAT + "\")"));
      return;
    }
    if (!files.get("apply").executable()) {
      findings.add(new Finding(Finding.Kind.LAUNCHER, "apply", "the apply script is not executable"));
    }
    Sha256Sums own = parse(scan, prefix + BundleLayout.CHECKSUMS, findings);
    Sha256Sums oldSums = parse(scan, prefix + "old/" + BundleLayout.CHECKSUMS, findings);
    Sha256Sums newSums = parse(scan, prefix + "new/" + BundleLayout.CHECKSUMS, findings);
    if (own == null || oldSums == null || newSums == null) {
      return;
    }
    own.entries().forEach((name, sha) -> {
      BundleTree.FileFacts facts = files.get(name);
      if (facts == null) {
        findings.add(new Finding(Finding.Kind.MISSING, name, "listed in the delta's SHA256SUMS but absent"));
      } else if (!facts.sha256().equals(sha)) {
        findings.add(new Finding(Finding.Kind.TAMPERED, name, "sha256 differs from the delta's SHA256SUMS"));
      }
    });
    files.keySet().forEach(name -> {
      if (!name.equals(BundleLayout.CHECKSUMS) && !own.entries().containsKey(name)) {
        findings.add(new Finding(Finding.Kind.EXTRA, name, "not listed in the delta's SHA256SUMS"));
      }
    });
    Set<String> oldShas = new HashSet<>(oldSums.entries().values());
    Set<String> patched = new HashSet<>();
    files.forEach((name, facts) -> {
      if (name.startsWith("files/") && !name.substring("files/".length()).equals(facts.sha256())) {
        findings.add(new Finding(Finding.Kind.TAMPERED, name, "content differs from the sha256 it is named after"));
      }
      if (name.startsWith("patches/") && name.endsWith(".zst")) {
        String[] parts = name.substring("patches/".length(), name.length() - 4).split("\\.");
        if (parts.length == 2 && oldShas.contains(parts[1])) {
          patched.add(parts[0]);
        }
      }
    });
    newSums.entries().forEach((name, sha) -> {
      if (!oldShas.contains(sha) && !files.containsKey("files/" + sha) && !patched.contains(sha)) {
        findings.add(new Finding(Finding.Kind.MISSING, "new/" + name,
            "neither the old bundle, nor files/, nor a patch of the delta has this file"));
      }
    });
    notes.add("a delta: the old bundle it applies to is checked by its apply script (or 'siege apply') on the secure side");
  }

  private static Sha256Sums parse(ArchiveScan scan, String name, List<Finding> findings) {
    byte[] bytes = scan.captured.get(name);
    if (bytes == null) {
      findings.add(new Finding(Finding.Kind.CHECKSUMS, name, "missing or too large"));
      return null;
    }
    try {
      return Sha256Sums.parse(bytes, Path.of(name));
    } catch (SiegeException e) {
      findings.add(new Finding(Finding.Kind.CHECKSUMS, name, e.getMessage()));
      return null;
    }
  }
}
