package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks a bundle gets whether it is a directory or an archive, over a {@link BundleTree}. */
final class BundleChecks {
  private BundleChecks() {}

  /** Reads one of the bundle's own files (metadata, checksums) from wherever the bundle is. */
  @FunctionalInterface
  interface Source<T> {
    T read() throws SiegeException;
  }

  /** The bundle's metadata and checksums, each either read or replaced by the finding saying why not. */
  record Loaded(BundleMetadata meta, Finding metadataProblem, Sha256Sums sums, Finding checksumsProblem) {}

  /** Reads metadata and checksums; {@code checksumsPresent} says whether {@code SHA256SUMS} is a regular file. */
  static Loaded load(Source<BundleMetadata> meta, boolean checksumsPresent, Source<Sha256Sums> sums) {
    BundleMetadata m = null;
    Finding metaProblem = null;
    try {
      m = meta.read();
    } catch (SiegeException e) {
      metaProblem = unreadable(Finding.Kind.METADATA, BundleLayout.METADATA, e);
    }
    Sha256Sums s = null;
    Finding sumsProblem = null;
    if (!checksumsPresent) {
      sumsProblem = new Finding(Finding.Kind.CHECKSUMS, BundleLayout.CHECKSUMS, "missing: file contents cannot be checked");
    } else {
      try {
        s = sums.read();
      } catch (SiegeException e) {
        sumsProblem = unreadable(Finding.Kind.CHECKSUMS, BundleLayout.CHECKSUMS, e);
      }
    }
    return new Loaded(m, metaProblem, s, sumsProblem);
  }

  /**
   * Every bundle check, in report order: checksums, launcher, then metadata (whose problems the
   * file findings before it often explain).
   */
  static void all(BundleTree tree, Loaded loaded, List<Finding> out) {
    if (loaded.checksumsProblem() != null) {
      out.add(loaded.checksumsProblem());
    }
    if (loaded.sums() != null) {
      checksums(loaded.sums(), tree, out);
    }
    boolean intact =
        out.stream()
            .noneMatch(
                f -> f.kind() == Finding.Kind.TAMPERED || f.kind() == Finding.Kind.MISSING || f.kind() == Finding.Kind.UNREADABLE);
    launcher(tree, out);
    if (loaded.metadataProblem() != null) {
      out.add(loaded.metadataProblem());
    }
    if (loaded.meta() != null) {
      metadata(loaded.meta(), loaded.sums(), tree, intact, out);
    }
  }

  /** Each listed file tampered, missing or unsafe, and each unlisted regular file. */
  static void checksums(Sha256Sums sums, BundleTree tree, List<Finding> out) {
    for (Map.Entry<String, String> listed : sums.entries().entrySet()) {
      String name = listed.getKey();
      Optional<String> unsafe = EntryNames.unsafeReason(name);
      if (unsafe.isPresent()) {
        out.add(new Finding(Finding.Kind.UNSAFE_PATH, name, "listed in SHA256SUMS: " + unsafe.get() + "; not checked"));
        continue;
      }
      BundleTree.FileFacts facts = tree.files().get(name);
      if (facts == null) {
        String instead = tree.others().get(name);
        out.add(
            instead == null
                ? new Finding(Finding.Kind.MISSING, name, "listed in SHA256SUMS, absent from the bundle")
                : new Finding(Finding.Kind.TAMPERED, name, "SHA256SUMS lists a regular file, found " + instead));
      } else if (facts.sha256() != null && !facts.sha256().equals(listed.getValue())) {
        out.add(new Finding(Finding.Kind.TAMPERED, name, "sha256 differs from SHA256SUMS"));
      }
    }
    for (String name : tree.files().keySet()) {
      if (!name.equals(BundleLayout.CHECKSUMS) && !name.equals(BundleLayout.CHECKSUMS_SIGNATURE)
          && !sums.entries().containsKey(name)) {
        out.add(new Finding(Finding.Kind.EXTRA, name, "not listed in SHA256SUMS"));
      }
    }
  }

  /** {@code bin/julia} present, a regular file, executable (DESIGN.md "Launcher"). */
  static void launcher(BundleTree tree, List<Finding> out) {
    String name = BundleLayout.LAUNCHER;
    BundleTree.FileFacts facts = tree.files().get(name);
    if (facts == null) {
      String instead = tree.others().get(name);
      out.add(
          new Finding(
              Finding.Kind.LAUNCHER,
              name,
              instead == null ? "launcher missing" : "launcher is " + instead + ", not a regular file"));
    } else if (!facts.executable()) {
      out.add(new Finding(Finding.Kind.LAUNCHER, name, "launcher is not executable (chmod +x " + name + ")"));
    }
  }

  /**
   * The metadata against the bundle: file count and total size against the files {@code
   * SHA256SUMS} lists (or, without it, the files present), and sysimage presence against {@link
   * BundleLayout#SYSIMAGE}. Sizes are compared only when {@code contentIntact} (no file missing or
   * tampered), since otherwise the difference is already reported.
   */
  static void metadata(
      BundleMetadata meta, Sha256Sums sumsOrNull, BundleTree tree, boolean contentIntact, List<Finding> out) {
    String name = BundleLayout.METADATA;
    Iterable<String> expected = sumsOrNull != null ? sumsOrNull.entries().keySet() : tree.files().keySet();
    long files = 0;
    long bytes = 0;
    for (String f : expected) {
      // The tree record is written after the metadata, so the metadata cannot count it.
      if (!BundleMetadata.Contents.isExcluded(f) && !f.equals(TreeRecord.FILE_NAME) && EntryNames.unsafeReason(f).isEmpty()) {
        files++;
        BundleTree.FileFacts facts = tree.files().get(f);
        bytes += facts == null ? 0 : facts.size();
      }
    }
    String against = sumsOrNull != null ? "SHA256SUMS lists " : "the bundle holds ";
    if (meta.contents().files() != files) {
      out.add(
          new Finding(
              Finding.Kind.METADATA, name, "records " + meta.contents().files() + " files, " + against + files));
    } else if (contentIntact && meta.contents().bytes() != bytes) {
      out.add(
          new Finding(
              Finding.Kind.METADATA,
              name,
              "records " + meta.contents().bytes() + " bytes of files, the bundle's files hold " + bytes));
    }
    boolean sysimage = tree.files().containsKey(BundleLayout.SYSIMAGE);
    if (meta.sysimage().present() && !sysimage) {
      out.add(
          new Finding(Finding.Kind.METADATA, name, "records a sysimage, but " + BundleLayout.SYSIMAGE + " is absent"));
    } else if (!meta.sysimage().present() && sysimage) {
      out.add(
          new Finding(
              Finding.Kind.METADATA, name, "records no sysimage, but " + BundleLayout.SYSIMAGE + " is present"));
    }
  }

  /** A finding for a {@code siege-bundle.toml} that cannot be read or parsed. */
  static Finding unreadable(Finding.Kind kind, String name, SiegeException e) {
    return new Finding(kind, name, (e.line().isPresent() ? "line " + e.line().getAsInt() + ": " : "") + e.getMessage());
  }

  static Finding notABundle(String where) {
    return new Finding(
        Finding.Kind.NOT_A_BUNDLE,
        "",
        where + " has no " + BundleLayout.METADATA + ": not a SIEGE bundle (make one with 'siege build')");
  }
}
