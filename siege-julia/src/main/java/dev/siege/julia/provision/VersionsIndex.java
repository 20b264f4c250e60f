package dev.siege.julia.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Julia's published versions index ({@code versions.json}): a JSON object from version string to
 * {@code {"stable": bool, "files": [...]}}. Relative file URLs resolve against the index's own
 * address, so a mirror may serve either form.
 */
public final class VersionsIndex {

  private final Map<String, List<JuliaDownload>> files;
  private final Map<String, Boolean> stable;

  private VersionsIndex(Map<String, List<JuliaDownload>> files, Map<String, Boolean> stable) {
    this.files = files;
    this.stable = stable;
  }

  /**
   * Parses the index.
   *
   * @throws IOException when the text is not JSON of the expected shape
   */
  public static VersionsIndex parse(InputStream json, URI indexUri) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    Map<String, List<JuliaDownload>> files = new LinkedHashMap<>();
    Map<String, Boolean> stable = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      List<JuliaDownload> list = new ArrayList<>();
      for (JsonNode f : e.getValue().path("files")) {
        String url = f.path("url").asText("");
        String sha = f.path("sha256").asText("");
        if (url.isEmpty() || sha.isEmpty()) {
          continue; // a file we could not verify is a file we do not use
        }
        try {
          list.add(new JuliaDownload(
              f.path("version").asText(e.getKey()),
              f.path("triplet").asText(""),
              f.path("os").asText(""),
              f.path("arch").asText(""),
              f.path("kind").asText(""),
              f.path("extension").asText(""),
              indexUri.resolve(url),
              sha.toLowerCase(java.util.Locale.ROOT),
              f.path("size").asLong(-1),
              f.path("asc").asText("")));
        } catch (IllegalArgumentException bad) {
          // an unparsable URL: skip this file, keep the rest of the index usable
        }
      }
      files.put(e.getKey(), List.copyOf(list));
      stable.put(e.getKey(), e.getValue().path("stable").asBoolean(false));
    }
    return new VersionsIndex(files, stable);
  }

  public boolean contains(Version version) {
    return files.containsKey(version.toString());
  }

  /** The portable tarball of {@code version} for {@code platform}. */
  public Optional<JuliaDownload> tarball(Version version, HostPlatform platform) {
    return files.getOrDefault(version.toString(), List.of()).stream()
        .filter(f -> f.isTarballFor(platform))
        .findFirst();
  }

  /**
   * The portable archive of {@code version} for {@code platform}: its {@code .tar.gz} when the
   * index has one, else its {@code .zip} (Windows). The {@code .tar.gz} comes first because it is
   * the file Julia's release pipeline signs (JuliaCI/julia-buildkite {@code
   * utilities/upload_julia.sh}, main: "GPG-sign the tarball" signs {@code <name>.tar.gz} only; the
   * Windows {@code .zip} is made with {@code 7z} from the same tree and gets no {@code .asc}).
   * Installers ({@code .exe}, {@code .dmg}) are never selected.
   */
  public Optional<JuliaDownload> archive(Version version, HostPlatform platform) {
    List<JuliaDownload> all = files.getOrDefault(version.toString(), List.of());
    return all.stream().filter(f -> f.isTarballFor(platform)).findFirst()
        .or(() -> all.stream().filter(f -> f.isZipFor(platform)).findFirst());
  }

  /**
   * The triplets {@code version} has a portable archive for, sorted, for "there is no file for
   * that platform" messages.
   */
  public List<String> archiveTriplets(Version version) {
    return files.getOrDefault(version.toString(), List.of()).stream()
        .filter(f -> f.kind().equals("archive") && !f.extension().equals("dmg"))
        .map(JuliaDownload::triplet)
        .distinct()
        .sorted()
        .toList();
  }

  /** The newest {@code count} stable versions, newest first (for "did you mean" hints). */
  public List<Version> newestStable(int count) {
    return stable.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .filter(Version::isValid)
        .map(Version::parse)
        .sorted(java.util.Comparator.reverseOrder())
        .limit(count)
        .toList();
  }
}
