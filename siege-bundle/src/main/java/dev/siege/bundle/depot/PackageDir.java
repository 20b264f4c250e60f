package dev.siege.bundle.depot;

import dev.siege.core.env.PackageNames;
import java.util.Objects;

/**
 * A package directory the Manifest expects in the depot: {@code packages/<name>/<slug>}, where
 * the slug is {@code Base.version_slug(uuid, git-tree-sha1)} (JULIA-FACTS §3). The pipeline gets
 * both from the Manifest and the installed depot; nothing here depends on the Manifest model.
 *
 * <p>The name becomes a directory, so it must be a package name ({@link PackageNames}): {@code
 * ../x} or a name with a slash never becomes a path here.
 */
public record PackageDir(String name, String slug) {

  public PackageDir {
    Objects.requireNonNull(name, "name");
    PackageNames.requireValid(name);
    requireComponent(slug, "slug");
  }

  /** {@code packages/<name>/<slug>}, relative to the depot. */
  public String relativePath() {
    return "packages/" + name + "/" + slug;
  }

  /**
   * Whether {@code packages/<dirName>/<dirSlug>} is this package. Pkg also accepts the older
   * 4-character slug (JULIA-FACTS §3); base-62 digits are written least significant first, so a
   * 4-character slug is the prefix of the 5-character one.
   */
  public boolean matches(String dirName, String dirSlug) {
    return name.equals(dirName)
        && (slug.equals(dirSlug) || (dirSlug.length() == 4 && slug.length() == 5 && slug.startsWith(dirSlug)));
  }

  private static void requireComponent(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0
        || s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must be one path component, was \"" + s + "\"");
    }
  }
}
