package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Links and modes, whether the bundle is a directory or an archive: against the build's {@link
 * TreeRecord} when the bundle has one (a link removed, added or retargeted, a directory gone or
 * added, a mode changed), and always for what no bundle should hold (a link loop, anything
 * world-writable, a setuid, setgid or sticky bit the build did not set, a file or directory its
 * owner cannot read).
 *
 * <p>A mode that only lost write permission or a setuid/setgid/sticky bit is not reported: that
 * opens nothing, and {@code tar xf} run by a user takes write bits away through the umask. Any
 * bit gained, and a lost read or execute bit, is.
 */
final class TreeChecks {
  private static final int LOST_BITS_IGNORED = 07222;

  private TreeChecks() {}

  /**
   * Reads the record of a bundle, or says in a finding or note why there is none.
   *
   * @param instead what {@code BUNDLE-TREE} is when it is not a regular file, null when absent
   * @param regular whether it is a regular file (then {@code read} reads it)
   * @param listed whether {@code SHA256SUMS} lists it (then its absence is already "missing")
   * @return the record, or null
   */
  static TreeRecord load(
      boolean regular, String instead, boolean listed, BundleChecks.Source<TreeRecord> read, List<Finding> out,
      List<String> notes) {
    if (regular) {
      try {
        return read.read();
      } catch (SiegeException e) {
        out.add(BundleChecks.unreadable(Finding.Kind.TREE_RECORD, TreeRecord.FILE_NAME, e));
        return null;
      }
    }
    if (instead != null) {
      out.add(new Finding(Finding.Kind.TREE_RECORD, TreeRecord.FILE_NAME, "is " + instead + ", not a regular file"));
    } else if (!listed) {
      notes.add(
          "this bundle has no " + TreeRecord.FILE_NAME + " (built before SIEGE recorded links and modes):"
              + " links and modes were checked only for loops, setuid/setgid/sticky bits, world-writable"
              + " and unreadable entries, not against the build");
    }
    return null;
  }

  /**
   * Every check of this class, findings in name order.
   *
   * @param actual what the bundle holds: relative name ({@code "."} for the bundle itself) to entry
   * @param record the build's record, or null
   * @param links the bundle's symbolic links, by the same names
   */
  static void all(Map<String, TreeRecord.Entry> actual, TreeRecord record, LinkResolver links, List<Finding> out) {
    Set<String> names = new TreeSet<>(actual.keySet());
    Set<String> implied = new HashSet<>();
    implied.add(".");
    if (record != null) {
      names.addAll(record.entries().keySet());
      for (String name : actual.keySet()) {
        for (String p = EntryNames.parent(name); !p.isEmpty() && implied.add(p); p = EntryNames.parent(p)) {
          // every directory that holds something is there, with or without an entry of its own
        }
      }
    }
    for (String name : names) {
      TreeRecord.Entry a = actual.get(name);
      TreeRecord.Entry r = record == null ? null : record.entries().get(name);
      if (record != null) {
        againstRecord(name, a, r, implied, out);
      }
      if (a == null) {
        continue;
      }
      if (a.type() == TreeRecord.Type.LINK) {
        if (links.loops(name)) {
          out.add(new Finding(Finding.Kind.LINK, name, "symbolic link loop (-> " + a.target() + ")"));
        }
        continue;
      }
      List<String> problems = new ArrayList<>();
      boolean sameType = r != null && r.type() == a.type();
      if (sameType && changed(r.mode(), a.mode())) {
        problems.add("mode " + a.octalMode() + ", recorded " + r.octalMode());
      }
      if ((a.mode() & 0002) != 0) {
        problems.add("world-writable: anyone can change what it holds");
      }
      int special = a.mode() & 07000 & ~(sameType ? r.mode() : 0);
      if ((special & 04000) != 0) problems.add("setuid bit set");
      if ((special & 02000) != 0) problems.add("setgid bit set");
      if ((special & 01000) != 0) problems.add("sticky bit set");
      if (!problems.isEmpty()) {
        out.add(new Finding(Finding.Kind.MODE, name, String.join("; ", problems)));
      }
      if ((a.mode() & 0400) == 0) {
        out.add(
            new Finding(
                Finding.Kind.UNREADABLE, name, "mode " + a.octalMode() + ": its owner cannot read it (only root can)"));
      }
    }
  }

  private static void againstRecord(
      String name, TreeRecord.Entry a, TreeRecord.Entry r, Set<String> implied, List<Finding> out) {
    if (name.equals(BundleLayout.CHECKSUMS) || name.equals(TreeRecord.FILE_NAME)
        || name.equals(BundleLayout.CHECKSUMS_SIGNATURE)) {
      return; // never recorded; SHA256SUMS covers the record, and its signature is added later
    }
    if (a == null) {
      if (r.type() == TreeRecord.Type.LINK) {
        out.add(new Finding(Finding.Kind.LINK, name, "recorded symbolic link (-> " + r.target() + ") is gone"));
      } else if (r.type() == TreeRecord.Type.DIRECTORY && !implied.contains(name)) {
        out.add(new Finding(Finding.Kind.MISSING, name, "directory recorded at build time is absent"));
      }
      return; // a missing file is SHA256SUMS's finding
    }
    if (r == null) {
      if (a.type() == TreeRecord.Type.LINK) {
        out.add(new Finding(Finding.Kind.LINK, name, "symbolic link not made by the build (-> " + a.target() + ")"));
      } else if (a.type() == TreeRecord.Type.DIRECTORY) {
        out.add(new Finding(Finding.Kind.EXTRA, name, "directory not made by the build"));
      }
      return; // an extra file is SHA256SUMS's finding
    }
    if (r.type() != a.type()) {
      if (r.type() != TreeRecord.Type.FILE) { // a recorded file is listed in SHA256SUMS, which reports it
        boolean link = r.type() == TreeRecord.Type.LINK || a.type() == TreeRecord.Type.LINK;
        out.add(
            new Finding(
                link ? Finding.Kind.LINK : Finding.Kind.TAMPERED,
                name,
                "recorded as " + describe(r) + ", found " + describe(a)));
      }
    } else if (r.type() == TreeRecord.Type.LINK && !r.target().equals(a.target())) {
      out.add(new Finding(Finding.Kind.LINK, name, "retargeted: recorded -> " + r.target() + ", now -> " + a.target()));
    }
  }

  /** Whether going from {@code recorded} to {@code now} gained any bit or lost one that matters. */
  static boolean changed(int recorded, int now) {
    int gained = now & ~recorded;
    int lost = recorded & ~now & ~LOST_BITS_IGNORED;
    return gained != 0 || lost != 0;
  }

  private static String describe(TreeRecord.Entry e) {
    return e.type() == TreeRecord.Type.LINK ? "a symbolic link (-> " + e.target() + ")" : e.type().describe();
  }
}
