package dev.siege.core.plan;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A package registry to install into the bundle depot before instantiate ({@code --registry}):
 * a git URL, a local registry directory, or the name of a registry the user already has in a
 * depot ({@code ~/.julia/registries/<Name>}). With an isolated depot Pkg installs only the
 * default registries, so a package of any other registry fails with "expected package X to be
 * registered" (JULIA-FACTS §8, Pkg release-1.10 {@code src/Operations.jl} {@code
 * check_registered}).
 *
 * @param kind how {@code given} reads
 * @param given the text as the user gave it (a URL may hold credentials: never record it, see
 *     {@link #recorded()})
 * @param directory the local directory to copy: for {@link Kind#DIRECTORY} the path given, for
 *     {@link Kind#NAME} the one found in the user's depots ({@link #resolvedTo}); empty for a URL
 *     and for a name not looked up yet
 */
public record RegistrySource(Kind kind, String given, Optional<Path> directory) {

  /** What {@link #given} is. */
  public enum Kind {
    /** A git URL ({@code https://...}, {@code ssh://...}, {@code git@host:path}), added by Pkg. */
    URL,
    /** A local registry directory (holding {@code Registry.toml}), copied by SIEGE. */
    DIRECTORY,
    /** A registry name present in the user's depots, copied from there by SIEGE. */
    NAME
  }

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  public RegistrySource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(given, "given");
    Objects.requireNonNull(directory, "directory");
    if (given.isBlank() || given.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("a registry must be a URL, a directory or a registry name, not "
          + dev.siege.core.env.PackageNames.quote(given));
    }
  }

  /**
   * Reads a {@code --registry} value: a URL ({@code scheme://...} or {@code user@host:path}), a
   * path (holding {@code /}, or starting with {@code .} or {@code ~}), else a registry name.
   *
   * @param fs the file system of a directory's path (that of the project); a relative path or
   *     one starting with {@code ~/} stays as given until {@link #resolvedTo}
   * @throws IllegalArgumentException for an empty value or one that is none of these
   */
  public static RegistrySource parse(String value, java.nio.file.FileSystem fs) {
    String v = Objects.requireNonNull(value, "value").strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("a registry is empty: give a git URL, a registry directory or a registry name");
    }
    if (SCHEME.matcher(v).matches() || SCP_LIKE.matcher(v).matches()) {
      return new RegistrySource(Kind.URL, v, Optional.empty());
    }
    if (v.contains("/") || v.startsWith(".") || v.startsWith("~")) {
      return new RegistrySource(Kind.DIRECTORY, v, Optional.of(fs.getPath(v)));
    }
    if (NAME.matcher(v).matches()) {
      return new RegistrySource(Kind.NAME, v, Optional.empty());
    }
    throw new IllegalArgumentException("a registry must be a git URL, a registry directory or a registry name, not "
        + dev.siege.core.env.PackageNames.quote(v));
  }

  /**
   * This registry with its local copy found: a name looked up in the user's depots, or a
   * directory made absolute. {@code dir} is a registry directory, or a packed registry's {@code
   * <Name>.toml} (Julia 1.7+ keeps General as a tarball and that file, Pkg docs/src/registries.md).
   */
  public RegistrySource resolvedTo(Path dir) {
    return new RegistrySource(kind, given, Optional.of(dir));
  }

  /**
   * What the bundle's metadata, the fingerprint and printed plans record: a URL without its user
   * information (a token or password must never land in the bundle), the registry name as given,
   * and for a directory only its last name (no path of the build machine).
   */
  public String recorded() {
    return switch (kind) {
      case URL -> withoutUserInfo(given);
      case NAME -> given;
      case DIRECTORY -> {
        Path p = directory.orElseThrow().normalize();
        yield "path:" + (p.getFileName() == null ? p.toString() : p.getFileName().toString());
      }
    };
  }

  /**
   * {@code url} without user information ({@code https://user:token@host/x} becomes {@code
   * https://host/x}); an scp-like {@code git@host:path} keeps its user name, which holds no secret.
   * Text that is not a URL is returned as it is.
   */
  public static String withoutUserInfo(String url) {
    if (!SCHEME.matcher(url).matches()) {
      return url;
    }
    int start = url.indexOf("://") + 3;
    int end = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    return url.substring(0, start) + url.substring(at + 1);
  }

  /** Whether {@code url} carries user information that {@link #withoutUserInfo} would drop. */
  public static boolean hasUserInfo(String url) {
    return !withoutUserInfo(url).equals(url);
  }
}
