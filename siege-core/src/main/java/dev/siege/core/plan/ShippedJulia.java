package dev.siege.core.plan;

import dev.siege.core.version.Version;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The official Julia a bundle for another platform ships in {@code julia/} ({@code
 * --include-julia} with {@code --platform}): what the plan knows about it before anything is
 * downloaded. The build's own Julia runs on another platform and cannot be shipped; this one is
 * the target's, copied from SIEGE's cache and never run here.
 *
 * @param version the Julia version: the build Julia's (which {@code --julia-version} chose)
 * @param triplet the target's triplet as the versions index spells it ({@code aarch64-linux-gnu},
 *     {@code x86_64-w64-mingw32}), without tags
 * @param state whether it is in SIEGE's cache, must be downloaded, or the plan cannot tell
 * @param bytes the size of the download, -1 when not known (cached, or the index is unreadable)
 * @param sha256 the archive's sha256 from the cache record or the versions index, empty when
 *     unknown
 * @param url where it was or will be downloaded from (the mirror applied), empty when unknown; any
 *     user information is dropped
 * @param cacheEntry where it is (or will be) in SIEGE's cache
 * @param note why the plan cannot tell ({@link State#UNKNOWN}), else empty
 */
public record ShippedJulia(Version version, String triplet, State state, long bytes, String sha256, String url,
    Path cacheEntry, String note) {

  /** Where the shipped Julia comes from, as far as the plan can tell. */
  public enum State {
    /** In SIEGE's cache: nothing is downloaded. */
    CACHED,
    /** Listed in the versions index, not in the cache: the build downloads it first. */
    TO_DOWNLOAD,
    /** Not cached, and the versions index could not be read (offline): the build finds out. */
    UNKNOWN;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public ShippedJulia {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(triplet, "triplet");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sha256, "sha256");
    url = RegistrySource.withoutUserInfo(Objects.requireNonNull(url, "url")); // a password never lands in a plan or bundle
    Objects.requireNonNull(cacheEntry, "cacheEntry");
    Objects.requireNonNull(note, "note");
  }

  /** One line for the plan, e.g. {@code official Julia 1.10.4 for aarch64-linux-gnu, to download (148 MB)}. */
  public String summary() {
    String what = "official Julia " + version + " for " + triplet + ", ";
    return switch (state) {
      case CACHED -> what + "cached (" + cacheEntry + ")";
      case TO_DOWNLOAD -> what + "to download (" + (bytes >= 0 ? megabytes(bytes) : "size not listed") + ")";
      case UNKNOWN -> what + "not cached; cannot tell the size offline (" + note + ")";
    };
  }

  /** What the fingerprint records: version, triplet and the archive's sha256 ({@code unknown} when not known). */
  public String fingerprintValue() {
    return version + " " + triplet + " " + (sha256.isEmpty() ? "unknown" : sha256);
  }

  /** The plan's JSON object. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version.toString());
    m.put("triplet", triplet);
    m.put("state", state.id());
    m.put("bytes", bytes);
    m.put("sha256", sha256);
    m.put("url", url);
    m.put("cache_entry", cacheEntry.toString());
    if (!note.isEmpty()) {
      m.put("note", note);
    }
    m.put("summary", summary());
    return m;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}
