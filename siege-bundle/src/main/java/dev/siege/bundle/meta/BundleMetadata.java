package dev.siege.bundle.meta;

import dev.siege.core.SiegeException;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.io.RegularFiles;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.version.Version;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The content of a bundle's {@code siege-bundle.toml} ({@link BundleLayout#METADATA}): what was
 * built, with what, and what the bundle should contain (DESIGN.md pipeline step 7).
 *
 * @param formatVersion version of this file's own format ({@link #FORMAT_VERSION} when written)
 * @param siegeVersion the SIEGE version that built the bundle
 * @param buildTime when the build finished (UTC)
 * @param julia the Julia the bundle was built with
 * @param sysimage whether a sysimage ships, its CPU target and the packages compiled into it
 * @param options the build options that shaped the bundle, each once with its type
 * @param inputs the components of the fingerprint (file digests, versions, options), sorted by
 *     name: they explain why a later build rebuilds
 * @param fingerprint hex digest identifying the build's inputs (DESIGN.md "fingerprint")
 * @param contents what the bundle holds
 * @param smokeTestIsolation how the smoke test was kept off the network ({@code
 *     network-namespace} or {@code proxy-variables}, {@code NetworkIsolation.Kind}); empty when
 *     not recorded (bundles of older SIEGE versions)
 * @param registries the registries in the bundle depot (none recorded before they were)
 * @param target the platform the bundle is for, its tags and the preferences it ships ({@link
 *     Target#host} for bundles built for the build Julia's own platform without tags)
 */
public record BundleMetadata(
    int formatVersion,
    String siegeVersion,
    Instant buildTime,
    Julia julia,
    Sysimage sysimage,
    Options options,
    Map<String, String> inputs,
    String fingerprint,
    Contents contents,
    String smokeTestIsolation,
    List<Registry> registries,
    Target target) {

  /**
   * The metadata format this SIEGE writes and the newest it reads. Format 2 (typed {@code
   * [options]}, an {@code [inputs]} table, no build-machine paths) replaced format 1 (options as
   * strings mixed with {@code input.*} keys), which is still read.
   */
  public static final int FORMAT_VERSION = 2;

  /** SIEGE writes a few KB; anything near this is not its metadata (and tomlj needs ~230x it). */
  static final long MAX_BYTES = RegularFiles.MIB;

  public BundleMetadata {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be >= 1, was " + formatVersion);
    }
    Objects.requireNonNull(siegeVersion, "siegeVersion");
    Objects.requireNonNull(buildTime, "buildTime");
    Objects.requireNonNull(julia, "julia");
    Objects.requireNonNull(sysimage, "sysimage");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(contents, "contents");
    if (!fingerprint.matches("[0-9a-f]*")) {
      throw new IllegalArgumentException("fingerprint must be lower-case hex, was " + fingerprint);
    }
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(inputs, "inputs");
    TreeMap<String, String> sorted = new TreeMap<>();
    inputs.forEach(
        (k, v) -> sorted.put(Objects.requireNonNull(k, "input name"), Objects.requireNonNull(v, "value of input " + k)));
    inputs = Collections.unmodifiableMap(sorted);
    Objects.requireNonNull(smokeTestIsolation, "smokeTestIsolation");
    registries = List.copyOf(registries);
    Objects.requireNonNull(target, "target");
  }

  /** Metadata of a bundle for the build Julia's own platform ({@link Target#host()}). */
  public BundleMetadata(int formatVersion, String siegeVersion, Instant buildTime, Julia julia, Sysimage sysimage,
      Options options, Map<String, String> inputs, String fingerprint, Contents contents, String smokeTestIsolation,
      List<Registry> registries) {
    this(formatVersion, siegeVersion, buildTime, julia, sysimage, options, inputs, fingerprint, contents,
        smokeTestIsolation, registries, Target.host());
  }

  /**
   * The platform a bundle is for ({@code [target]}; absent in bundles for the build Julia's own
   * platform without tags, and in those of older SIEGE versions).
   *
   * @param platform the target's triplet with its tags, e.g. {@code aarch64-linux-gnu-cuda+12.6};
   *     empty: the build Julia's platform ({@link Julia#triplet()})
   * @param tags the tags of the platform that choose artifacts (e.g. {@code cuda = "12.6"})
   * @param foreign whether it is another platform than the build Julia's: no sysimage, and the
   *     target check ran instead of the smoke test
   * @param preferences what the shipped environment's LocalPreferences.toml was given, as {@code
   *     PKG.KEY=VALUE} with TOML values
   * @param check {@code smoke-test} or {@code target-check}: how the bundle was checked
   * @param julia the official Julia for the target shipped in {@code julia/} ({@code [target.julia]});
   *     empty when the bundle ships none, or the build's own Julia (a host bundle)
   */
  public record Target(String platform, Map<String, String> tags, boolean foreign, List<String> preferences,
      String check, Optional<ShippedJulia> julia) {
    public Target {
      Objects.requireNonNull(platform, "platform");
      tags = Collections.unmodifiableMap(new TreeMap<>(tags));
      preferences = List.copyOf(preferences);
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(julia, "julia");
    }

    /** A target that ships no Julia of its own. */
    public Target(String platform, Map<String, String> tags, boolean foreign, List<String> preferences, String check) {
      this(platform, tags, foreign, preferences, check, Optional.empty());
    }

    /** The build Julia's own platform, no tags, no preferences, checked by the smoke test. */
    public static Target host() {
      return new Target("", Map.of(), false, List.of(), "smoke-test");
    }

    /** Whether there is anything to record beyond {@link #host()}. */
    public boolean recorded() {
      return !equals(host());
    }
  }

  /**
   * The official Julia shipped in a bundle for another platform ({@code [target.julia]}).
   *
   * @param version its version
   * @param triplet the platform it is for, as the versions index spells it
   * @param url where its archive was downloaded from
   * @param sha256 the archive's sha256, as the versions index lists it and as it was checked
   * @param signature how its origin was checked beyond the sha256: {@code verified} (a good
   *     release signature), {@code not-published} (Julia publishes none, as for a Windows
   *     {@code .zip}) or {@code unverified} (used anyway with {@code --insecure-download})
   */
  public record ShippedJulia(String version, String triplet, String url, String sha256, String signature) {
    public ShippedJulia {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(triplet, "triplet");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(signature, "signature");
    }
  }

  /** Metadata that records no smoke test isolation and no registries. */
  public BundleMetadata(int formatVersion, String siegeVersion, Instant buildTime, Julia julia, Sysimage sysimage,
      Options options, Map<String, String> inputs, String fingerprint, Contents contents) {
    this(formatVersion, siegeVersion, buildTime, julia, sysimage, options, inputs, fingerprint, contents, "", List.of());
  }

  /**
   * A registry of the bundle depot.
   *
   * @param uuid as its file gives it, empty when it gives none
   * @param repo its repository URL without user information (credentials never ship), empty when
   *     unknown
   */
  public record Registry(String name, String uuid, String repo) {
    public Registry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(repo, "repo");
    }
  }

  /**
   * The Julia a bundle was built with (from siege-julia's probe).
   *
   * @param libc {@code glibc}, {@code musl}, or empty where not applicable
   * @param commit {@code Base.GIT_VERSION_INFO.commit} of the build's Julia, empty when unknown
   *     (a sysimage loads only into the same Julia build, JULIA-FACTS §8)
   */
  public record Julia(Version version, String arch, String os, String libc, String triplet, String commit) {
    public Julia {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(arch, "arch");
      Objects.requireNonNull(os, "os");
      Objects.requireNonNull(libc, "libc");
      Objects.requireNonNull(triplet, "triplet");
      Objects.requireNonNull(commit, "commit");
    }
  }

  /**
   * The options a bundle was built with, each once, typed. Paths of the build machine are not
   * recorded: the precompile files by their file names only.
   *
   * @param cpuTarget the {@code --cpu-target} as given ({@code portable}, {@code native} or a
   *     Julia target string); the resolved string is {@link Sysimage#cpuTarget()}
   * @param packageSelection how the sysimage's packages were chosen: {@code direct_deps}, {@code
   *     explicit} or {@code none}; the list itself is {@link Sysimage#packages()}
   * @param insecureDownload whether the build accepted a downloaded Julia whose release signature
   *     was missing or bad ({@code --insecure-download}); false for a Julia the user supplied
   * @param registries the {@code --registry} values as recorded: URLs without user information,
   *     names, {@code path:<dir name>} for a directory (no build-machine path)
   * @param resolve whether the manifest was re-resolved with the build's Julia
   */
  public record Options(
      String cpuTarget,
      String packageSelection,
      Optional<String> precompileScript,
      Optional<String> precompileStatements,
      boolean includeJulia,
      boolean vendorDev,
      Optional<String> group,
      boolean insecureDownload,
      List<String> registries,
      boolean resolve) {
    public Options {
      Objects.requireNonNull(cpuTarget, "cpuTarget");
      Objects.requireNonNull(packageSelection, "packageSelection");
      Objects.requireNonNull(precompileScript, "precompileScript");
      Objects.requireNonNull(precompileStatements, "precompileStatements");
      Objects.requireNonNull(group, "group");
      registries = List.copyOf(registries);
    }

    /** Options of a build that verified its downloads, with no registries and no re-resolution. */
    public Options(String cpuTarget, String packageSelection, Optional<String> precompileScript,
        Optional<String> precompileStatements, boolean includeJulia, boolean vendorDev, Optional<String> group) {
      this(cpuTarget, packageSelection, precompileScript, precompileStatements, includeJulia, vendorDev, group, false,
          List.of(), false);
    }
  }

  /**
   * The sysimage: whether {@link BundleLayout#SYSIMAGE} ships, the {@code cpu_target} it was built
   * for (JULIA-FACTS §1) and the packages compiled into it.
   */
  public record Sysimage(boolean present, String cpuTarget, List<String> packages) {
    public Sysimage {
      Objects.requireNonNull(cpuTarget, "cpuTarget");
      packages = List.copyOf(packages);
    }
  }

  /**
   * What the bundle holds. {@code files} and {@code bytes} count the bundle's regular files other
   * than {@code siege-bundle.toml}, {@code SHA256SUMS}, {@code sbom.cdx.json} and {@code
   * report.html} (they describe the bundle and cannot count themselves);
   * {@link #measure} computes them.
   *
   * @param packages package directories in the depot (not the sysimage's packages)
   * @param artifacts artifact directories in the depot
   */
  public record Contents(long files, long bytes, int packages, int artifacts) {
    public Contents {
      if (files < 0 || bytes < 0 || packages < 0 || artifacts < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
    }

    /**
     * Counts the regular files under {@code bundleRoot} (symbolic links neither followed nor
     * counted, as {@code SHA256SUMS} lists them) and their total size, leaving out the metadata
     * and checksum files.
     */
    public static Contents measure(Path bundleRoot, int packages, int artifacts) throws IOException {
      long[] totals = new long[2];
      Files.walkFileTree(
          bundleRoot,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !isSelfDescribing(bundleRoot.relativize(file))) {
                totals[0]++;
                totals[1] += attrs.size();
              }
              return FileVisitResult.CONTINUE;
            }
          });
      return new Contents(totals[0], totals[1], packages, artifacts);
    }

    /** Whether {@code relativeName} is one of the files that {@code files}/{@code bytes} leave out. */
    public static boolean isExcluded(String relativeName) {
      // The SBOM and the report describe the bundle, metadata included, and are written after it.
      return relativeName.equals(BundleLayout.METADATA) || relativeName.equals(BundleLayout.CHECKSUMS)
          || relativeName.equals(BundleLayout.SBOM) || relativeName.equals(BundleLayout.REPORT);
    }

    private static boolean isSelfDescribing(Path relative) {
      return relative.getNameCount() == 1 && isExcluded(relative.toString());
    }
  }

  /** The metadata file's text: TOML, with strings escaped by tomlj (read back by {@link #parse}). */
  public String toToml() {
    return MetadataToml.format(this);
  }

  /**
   * Writes {@link #toToml()} to {@code file} through a temporary file beside it and a rename, so
   * a reader never sees half a file and a failure leaves an existing file untouched.
   */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toToml());
  }


  /**
   * Reads a metadata file. A syntax error, a missing or ill-typed key, or a format newer than
   * {@link #FORMAT_VERSION} is a {@link SiegeException} naming the file, line and key.
   */
  public static BundleMetadata read(Path file) throws SiegeException {
    byte[] bytes;
    try {
      bytes = RegularFiles.read(file, MAX_BYTES);
    } catch (SiegeException e) {
      throw new SiegeException("cannot read bundle metadata: the file " + e.getMessage(),
          e.hint().orElse("rebuild the bundle with 'siege build'"), file, 0, e);
    }
    return parse(bytes, file);
  }

  /** Parses metadata bytes (e.g. from an archive entry); {@code file} names them in errors. */
  public static BundleMetadata parse(byte[] content, Path file) throws SiegeException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new SiegeException("bundle metadata is not valid UTF-8", MetadataToml.HINT, file, 0, e);
    }
    return MetadataToml.parse(text, file);
  }
}
