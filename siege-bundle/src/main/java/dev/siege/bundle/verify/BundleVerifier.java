package dev.siege.bundle.verify;

import dev.siege.bundle.checksum.FileNames;
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Verifies a bundle directory: every file against {@code SHA256SUMS} (tampered, missing, extra),
 * the launcher, the metadata, links that leave the bundle, and links and modes against the
 * build's {@code BUNDLE-TREE} (see {@link TreeChecks}). Reports every finding rather than
 * stopping at the first, and {@code verify} progress events while it hashes.
 */
public final class BundleVerifier {
  /** The task name of the progress events. */
  public static final String TASK = "verify";

  private static final int BUFFER = 1 << 16;

  private final SiegeListener listener;

  public BundleVerifier(SiegeListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Verifies the bundle at {@code dir}.
   *
   * @throws SiegeException if {@code dir} is not a readable directory
   */
  public VerifyReport verify(Path dir) throws SiegeException {
    return verify(dir, null);
  }

  /**
   * Verifies the bundle at {@code dir}, taking the digest of each file whose identity is unchanged
   * since it was stamped from {@code stamps} instead of reading it, and stamping the files it
   * reads. {@code siege build} uses this to confirm an up-to-date bundle quickly.
   *
   * @param stamps remembered digests, or null to hash every file
   */
  public VerifyReport verify(Path dir, FileStamps stamps) throws SiegeException {
    if (!Files.isDirectory(dir)) {
      throw new SiegeException(
          Files.exists(dir) ? "not a directory" : "no such directory",
          "give the bundle directory made by 'siege build'",
          dir,
          0,
          null);
    }
    Path root;
    try {
      root = dir.toRealPath(); // the walk would not descend into a symbolic link given as the bundle
    } catch (IOException e) {
      throw new SiegeException("cannot read the bundle: " + e.getMessage(), null, dir, 0, e);
    }
    List<Finding> findings = new ArrayList<>();
    Walk walk = walk(root, findings);
    LinkResolver resolver = new LinkResolver(walk.links);
    walk.links.keySet().stream()
        .sorted()
        .forEach(
            link ->
                resolver
                    .escape(link, "")
                    .ifPresent(
                        why -> findings.add(new Finding(Finding.Kind.UNSAFE_LINK, link, "symbolic link leaving the bundle: " + why))));

    if (!walk.files.containsKey(BundleLayout.METADATA) && !walk.others.containsKey(BundleLayout.METADATA)) {
      findings.add(BundleChecks.notABundle("the directory"));
      return new VerifyReport(dir, false, findings, 0, 0);
    }
    BundleLayout layout = BundleLayout.at(root);
    BundleChecks.Loaded loaded =
        BundleChecks.load(
            () -> {
              // Only a regular file is opened: a fifo would block the read forever.
              String instead = walk.others.get(BundleLayout.METADATA);
              if (instead != null) {
                throw new SiegeException("is " + instead + ", not a regular file", null, layout.metadata(), 0, null);
              }
              return BundleMetadata.read(layout.metadata());
            },
            walk.files.containsKey(BundleLayout.CHECKSUMS),
            () -> Sha256Sums.read(layout.checksums()));
    long[] hashed = {0, 0};
    if (loaded.sums() != null) {
      hashListed(root, loaded.sums(), walk.files, findings, hashed, stamps);
    }
    BundleChecks.all(new BundleTree(walk.files, walk.others), loaded, findings);
    List<String> notes = new ArrayList<>();
    TreeRecord record =
        TreeChecks.load(
            walk.files.containsKey(TreeRecord.FILE_NAME),
            walk.others.get(TreeRecord.FILE_NAME),
            loaded.sums() != null && loaded.sums().entries().containsKey(TreeRecord.FILE_NAME),
            () -> TreeRecord.read(root.resolve(TreeRecord.FILE_NAME)),
            findings,
            notes);
    TreeChecks.all(walk.tree, record, resolver, findings);
    return new VerifyReport(dir, false, findings, hashed[0], hashed[1], notes);
  }

  /** Hashes the listed files that are present, replacing their facts with ones carrying the hash. */
  private void hashListed(
      Path dir, Sha256Sums sums, Map<String, BundleTree.FileFacts> files, List<Finding> findings, long[] hashed,
      FileStamps stamps) {
    List<String> names = new ArrayList<>();
    long total = 0;
    for (String name : sums.entries().keySet()) {
      BundleTree.FileFacts facts = files.get(name);
      if (facts != null) {
        names.add(name);
        total += facts.size();
      }
    }
    ProgressMeter meter = new ProgressMeter(listener, TASK, total, names.size());
    MessageDigest digest = Sha256Sums.newDigest();
    byte[] buffer = new byte[BUFFER];
    for (String name : names) {
      Path file;
      try {
        file = dir.resolve(name);
      } catch (java.nio.file.InvalidPathException e) {
        findings.add(new Finding(Finding.Kind.FILE_NAME, name, FileNames.problem()));
        meter.fileDone();
        continue;
      }
      BundleTree.FileFacts known = files.get(name);
      java.util.Optional<String> remembered = stamps == null ? java.util.Optional.empty() : stamps.digest(name, file);
      if (remembered.isPresent()) {
        files.put(name, new BundleTree.FileFacts(known.size(), known.executable(), remembered.get()));
        hashed[0]++;
        meter.bytes(known.size());
        meter.fileDone();
        continue;
      }
      digest.reset();
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          meter.bytes(n);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        files.put(name, new BundleTree.FileFacts(known.size(), known.executable(), sha));
        if (stamps != null) {
          stamps.put(name, file, sha);
        }
        hashed[0]++;
      } catch (IOException e) {
        findings.add(new Finding(Finding.Kind.UNREADABLE, name, "cannot read: " + e.getMessage()));
      }
      meter.fileDone();
    }
    meter.finish();
    hashed[1] = meter.bytes();
  }

  private static final class Walk {
    final Map<String, BundleTree.FileFacts> files = new TreeMap<>();
    final Map<String, String> others = new HashMap<>();
    final Map<String, String> links = new HashMap<>();
    final Map<String, TreeRecord.Entry> tree = new HashMap<>();
  }

  private static Walk walk(Path root, List<Finding> findings) throws SiegeException {
    Walk walk = new Walk();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
              if (d.equals(root)) {
                walk.tree.put(".", new TreeRecord.Entry(TreeRecord.Type.DIRECTORY, TreeRecord.mode(d, attrs), null));
                return FileVisitResult.CONTINUE;
              }
              if (!representable(d)) {
                return FileVisitResult.SKIP_SUBTREE; // everything below has the same name problem
              }
              String name = Sha256Sums.relativeName(root, d);
              walk.others.put(name, "a directory");
              walk.tree.put(name, new TreeRecord.Entry(TreeRecord.Type.DIRECTORY, TreeRecord.mode(d, attrs), null));
              return FileVisitResult.CONTINUE;
            }

            private boolean representable(Path p) {
              if (FileNames.representable(p)) {
                return true;
              }
              findings.add(new Finding(Finding.Kind.FILE_NAME, FileNames.bytes(root, p), FileNames.problem()));
              return false;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              if (!representable(file)) {
                return FileVisitResult.CONTINUE;
              }
              String name = Sha256Sums.relativeName(root, file);
              if (attrs.isRegularFile()) {
                walk.files.put(name, new BundleTree.FileFacts(attrs.size(), executable(file, attrs), null));
                walk.tree.put(name, new TreeRecord.Entry(TreeRecord.Type.FILE, TreeRecord.mode(file, attrs), null));
              } else if (attrs.isSymbolicLink()) {
                String target = separators(Files.readSymbolicLink(file));
                walk.others.put(name, "a symbolic link");
                walk.links.put(name, target);
                walk.tree.put(name, new TreeRecord.Entry(TreeRecord.Type.LINK, 0777, target));
              } else if (attrs.isDirectory()) {
                walk.others.put(name, "a directory");
              } else {
                walk.others.put(name, dev.siege.bundle.checksum.RegularFiles.notRegular(file).orElse("a special file"));
                findings.add(
                    new Finding(Finding.Kind.SPECIAL_FILE, name, "not a regular file, directory or link (device, fifo or socket)"));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              findings.add(
                  new Finding(Finding.Kind.UNREADABLE, Sha256Sums.relativeName(root, file), "cannot read: " + e.getMessage()));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new SiegeException("cannot read the bundle: " + e.getMessage(), null, root, 0, e);
    }
    return walk;
  }

  private static boolean executable(Path file, BasicFileAttributes attrs) throws IOException {
    PosixFileAttributes posix;
    if (attrs instanceof PosixFileAttributes p) {
      posix = p;
    } else {
      try {
        posix = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        return Files.isExecutable(file);
      }
    }
    // The owner's bit: the launcher must at least run for whoever installed the bundle.
    return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
  }

  private static String separators(Path target) {
    String sep = target.getFileSystem().getSeparator();
    return sep.equals("/") ? target.toString() : target.toString().replace(sep, "/");
  }
}
