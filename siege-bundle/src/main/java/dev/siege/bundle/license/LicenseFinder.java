package dev.siege.bundle.license;

import dev.siege.bundle.checksum.Sha256Sums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the license files a package or artifact directory ships: {@code LICENSE*}, {@code
 * LICENCE*} and {@code COPYING*} at its top, and every file of {@code share/licenses/<Name>/},
 * where the JLL artifacts built by Yggdrasil put the licenses of what they contain. Links are
 * not followed: a license file is a regular file of the bundle.
 */
public final class LicenseFinder {
  /** A license text is a few KB; past this it is listed as unidentified, unread. */
  public static final long MAX_BYTES = 1 << 20;

  private LicenseFinder() {}

  /**
   * The license files of {@code dir}, identified, sorted by path.
   *
   * @param root the bundle root, against which the paths are written
   */
  public static List<LicenseFile> find(Path root, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : list(dir)) {
      String name = p.getFileName().toString().toUpperCase(Locale.ROOT);
      if (name.startsWith("LICENSE") || name.startsWith("LICENCE") || name.startsWith("COPYING")) {
        files.add(p);
      }
    }
    Path shared = dir.resolve("share").resolve("licenses");
    if (Files.isDirectory(shared, LinkOption.NOFOLLOW_LINKS)) {
      for (Path owner : list(shared)) {
        if (Files.isDirectory(owner, LinkOption.NOFOLLOW_LINKS)) {
          files.addAll(list(owner));
        }
      }
    }
    List<LicenseFile> found = new ArrayList<>();
    for (Path f : files) {
      if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      found.add(identify(root, f));
    }
    found.sort(Comparator.comparing(LicenseFile::path));
    return List.copyOf(found);
  }

  static LicenseFile identify(Path root, Path file) throws IOException {
    String path = Sha256Sums.relativeName(root, file);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return new LicenseFile(path, List.of(), "not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      return new LicenseFile(path, List.of(), "larger than 1 MiB, not read");
    }
    // Old license files are often Latin-1: a replaced byte never matches a template word.
    return new LicenseFile(path, LicenseMatcher.identify(new String(bytes, StandardCharsets.UTF_8)), "");
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }
}
