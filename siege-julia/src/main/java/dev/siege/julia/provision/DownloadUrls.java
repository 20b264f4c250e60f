package dev.siege.julia.provision;

import dev.siege.core.OptionException;
import dev.siege.core.SiegeException;
import dev.siege.core.plan.RegistrySource;
import java.net.URI;
import java.util.Locale;

/**
 * The addresses Julia is downloaded from: which are accepted, and how they are shown. Every URL
 * that SIEGE records (cache records, metadata, plan) or shows (messages, events) goes through
 * {@link #shown}, so a password never lands in a bundle, a log or a report.
 */
public final class DownloadUrls {

  private DownloadUrls() {}

  /**
   * {@code url} without its user information ({@code http://alice:s3cret@host/bin/} becomes
   * {@code http://host/bin/}), as {@link RegistrySource#withoutUserInfo} makes {@code --registry}
   * URLs safe to record.
   */
  public static String shown(URI url) {
    return RegistrySource.withoutUserInfo(url.toString());
  }

  /**
   * Checks a download base ({@code SIEGE_JULIA_DOWNLOAD_BASE}, a mirror of Julia's downloads):
   * an absolute {@code http://} or {@code https://} URL with a host and without credentials. The
   * JDK's HTTP client never sends user information of a URL, and a base with a password would
   * have it recorded; a mirror that needs credentials is not supported.
   *
   * @throws IllegalArgumentException saying what is wrong, naming the option as {@code {option:X}}
   */
  public static void checkBase(URI base) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new OptionException("{option:JULIA_DOWNLOAD_BASE} must be an http:// or https:// URL (a mirror of"
          + " Julia's downloads), not " + shown(base) + (scheme.isEmpty() ? "" : ": the " + scheme + " scheme is not supported"));
    }
    if (base.getRawUserInfo() != null || RegistrySource.hasUserInfo(base.toString())) {
      throw new OptionException("credentials in the download base are not supported: use a mirror that needs"
          + " none, or one on this machine or network that adds them itself ({option:JULIA_DOWNLOAD_BASE} "
          + shown(base) + ")");
    }
    if (base.getHost() == null || base.getHost().isEmpty()) {
      throw new OptionException("{option:JULIA_DOWNLOAD_BASE} must name a host, such as https://mirror.example.org/julia/bin/,"
          + " not " + shown(base));
    }
  }

  /**
   * Checks an address taken from the versions index (after the mirror is applied): only {@code
   * http(s)} is fetched, so an index cannot make SIEGE read a local file ({@code file:///etc/passwd})
   * or speak another protocol.
   *
   * @param what what it is the address of, for the message
   */
  static void checkListed(URI url, String what) throws SiegeException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new SiegeException("the versions index lists " + shown(url) + " for " + what
              + ": only http:// and https:// addresses are downloaded; refused",
          "the index looks wrong: check {option:JULIA_DOWNLOAD_BASE} (it must mirror Julia's downloads)");
    }
  }
}
