package dev.siege.core.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asked for, independent of any Julia installation. Paths are kept as given;
 * the pipeline resolves them.
 *
 * @param precompileScript a {@code precompile_execution_file} for create_sysimage (§1)
 * @param precompileStatements a {@code precompile_statements_file} for create_sysimage (§1)
 * @param includeJulia copy the Julia installation into the bundle
 * @param vendorDev copy developed ({@code path}) packages outside the project into the bundle
 * @param registries registries installed into the bundle depot before instantiate, in order
 * @param resolve re-resolve the manifest with the build's Julia and ship the result
 * @param force rebuild even when the existing bundle is up to date
 * @param group make the bundle readable by this group (shared installs)
 * @param juliaTimeout the longest any single Julia process may run
 * @param insecureDownload use a downloaded Julia whose release signature is missing or bad
 * @param platform the platform the bundle is for, when it is not the build Julia's own (its tags,
 *     if any, are part of it); empty: the build Julia's platform
 * @param platformTags tags added to the target platform for artifact selection (e.g. {@code cuda
 *     = 12.6}), also without {@code platform}: then the build Julia's platform plus these tags
 * @param preferences written into the shipped environment's {@code LocalPreferences.toml}, in order
 */
public record BuildOptions(
    Path projectDir,
    Path output,
    CpuTarget cpuTarget,
    PackageSelection packages,
    Optional<Path> precompileScript,
    Optional<Path> precompileStatements,
    boolean includeJulia,
    boolean vendorDev,
    List<RegistrySource> registries,
    boolean resolve,
    boolean force,
    Optional<String> group,
    Duration juliaTimeout,
    boolean insecureDownload,
    Optional<dev.siege.core.platform.TargetPlatform> platform,
    Map<String, String> platformTags,
    List<Preference> preferences) {

  public static final Path DEFAULT_PROJECT = Path.of("env");
  public static final Path DEFAULT_OUTPUT = Path.of("build");
  public static final Duration DEFAULT_JULIA_TIMEOUT = Duration.ofHours(4);

  public BuildOptions {
    Objects.requireNonNull(projectDir, "projectDir");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cpuTarget, "cpuTarget");
    Objects.requireNonNull(packages, "packages");
    Objects.requireNonNull(precompileScript, "precompileScript");
    Objects.requireNonNull(precompileStatements, "precompileStatements");
    Objects.requireNonNull(group, "group");
    registries = List.copyOf(registries);
    Objects.requireNonNull(juliaTimeout, "juliaTimeout");
    Objects.requireNonNull(platform, "platform");
    platformTags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(platformTags));
    preferences = List.copyOf(preferences);
    if (juliaTimeout.isZero() || juliaTimeout.isNegative()) {
      throw new IllegalArgumentException("juliaTimeout must be positive");
    }
  }

  public static Builder builder(Path projectDir) {
    return new Builder(projectDir);
  }

  public Builder toBuilder() {
    Builder b = new Builder(projectDir);
    b.output = output;
    b.cpuTarget = cpuTarget;
    b.packages = packages;
    b.precompileScript = precompileScript.orElse(null);
    b.precompileStatements = precompileStatements.orElse(null);
    b.includeJulia = includeJulia;
    b.vendorDev = vendorDev;
    b.registries = new ArrayList<>(registries);
    b.resolve = resolve;
    b.force = force;
    b.group = group.orElse(null);
    b.juliaTimeout = juliaTimeout;
    b.insecureDownload = insecureDownload;
    b.platform = platform.orElse(null);
    b.platformTags = new java.util.TreeMap<>(platformTags);
    b.preferences = new ArrayList<>(preferences);
    return b;
  }

  /**
   * The options that change what a build produces, as strings in a fixed order: recorded in
   * the metadata and hashed into the fingerprint. Output path, force and timeouts are left out:
   * they do not change the bundle.
   */
  public Map<String, String> effective() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu_target", cpuTarget.spec());
    m.put("packages", packages.kind() + (packages.names().isEmpty() ? "" : ":" + String.join(",", packages.names())));
    m.put("precompile_script", precompileScript.map(Path::toString).orElse(""));
    m.put("precompile_statements", precompileStatements.map(Path::toString).orElse(""));
    m.put("include_julia", Boolean.toString(includeJulia));
    m.put("vendor_dev", Boolean.toString(vendorDev));
    // Only when used, so bundles built before these options existed keep their fingerprint.
    if (!registries.isEmpty()) {
      // As recorded: a URL without its credentials, a directory by its last name.
      m.put("registries", String.join(" ", registries.stream().map(RegistrySource::recorded).toList()));
    }
    if (resolve) {
      m.put("resolve", "true");
    }
    m.put("group", group.orElse(""));
    if (insecureDownload) {
      // Only when set, so the fingerprints of all other bundles stay what they were. It is part of
      // the fingerprint so that the bundle's record of it is rebuilt when it changes.
      m.put("insecure_download", "true");
    }
    // Only when used, as above: the platform asked for, the tags added, the preferences shipped.
    platform.ifPresent(p -> m.put("platform", p.triplet()));
    if (!platformTags.isEmpty()) {
      m.put("platform_tags", String.join(" ", platformTags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    if (!preferences.isEmpty()) {
      m.put("preferences", String.join(" ", preferences.stream().map(Preference::spec).sorted().toList())); // flag order does not count
    }
    return m;
  }

  /** Builds {@link BuildOptions} with the defaults of {@code siege build}. */
  public static final class Builder {
    private final Path projectDir;
    private Path output;
    private CpuTarget cpuTarget = CpuTarget.portable();
    private PackageSelection packages = PackageSelection.directDeps();
    private Path precompileScript;
    private Path precompileStatements;
    private boolean includeJulia;
    private boolean vendorDev;
    private List<RegistrySource> registries = new ArrayList<>();
    private boolean resolve;
    private boolean force;
    private String group;
    private Duration juliaTimeout = DEFAULT_JULIA_TIMEOUT;
    private boolean insecureDownload;
    private dev.siege.core.platform.TargetPlatform platform;
    private Map<String, String> platformTags = new java.util.TreeMap<>();
    private List<Preference> preferences = new ArrayList<>();

    private Builder(Path projectDir) {
      this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
      // On the project's file system, so that library users on jimfs get a jimfs output.
      this.output = projectDir.getFileSystem().getPath(DEFAULT_OUTPUT.toString());
    }

    public Builder output(Path output) {
      this.output = output;
      return this;
    }

    public Builder cpuTarget(CpuTarget cpuTarget) {
      this.cpuTarget = cpuTarget;
      return this;
    }

    public Builder packages(PackageSelection packages) {
      this.packages = packages;
      return this;
    }

    public Builder precompileScript(Path file) {
      this.precompileScript = file;
      return this;
    }

    public Builder precompileStatements(Path file) {
      this.precompileStatements = file;
      return this;
    }

    public Builder includeJulia(boolean includeJulia) {
      this.includeJulia = includeJulia;
      return this;
    }

    public Builder vendorDev(boolean vendorDev) {
      this.vendorDev = vendorDev;
      return this;
    }

    /** Adds a registry to install into the bundle depot before instantiate. */
    public Builder addRegistry(RegistrySource registry) {
      this.registries.add(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /** Replaces the registries to install. */
    public Builder registries(List<RegistrySource> registries) {
      this.registries = new ArrayList<>(registries);
      return this;
    }

    public Builder resolve(boolean resolve) {
      this.resolve = resolve;
      return this;
    }

    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder juliaTimeout(Duration juliaTimeout) {
      this.juliaTimeout = juliaTimeout;
      return this;
    }

    public Builder insecureDownload(boolean insecureDownload) {
      this.insecureDownload = insecureDownload;
      return this;
    }

    /** The platform the bundle is for; null: the build Julia's own. */
    public Builder platform(dev.siege.core.platform.TargetPlatform platform) {
      this.platform = platform;
      return this;
    }

    /** Adds (or replaces) a tag of the target platform. */
    public Builder platformTag(String key, String value) {
      this.platformTags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds a preference to ship; a later one for the same package and key replaces it. */
    public Builder preference(Preference preference) {
      Objects.requireNonNull(preference, "preference");
      this.preferences.removeIf(p -> p.pkg().equals(preference.pkg()) && p.key().equals(preference.key()));
      this.preferences.add(preference);
      return this;
    }

    public BuildOptions build() {
      return new BuildOptions(
          projectDir,
          output,
          cpuTarget,
          packages,
          Optional.ofNullable(precompileScript),
          Optional.ofNullable(precompileStatements),
          includeJulia,
          vendorDev,
          registries,
          resolve,
          force,
          Optional.ofNullable(group),
          juliaTimeout,
          insecureDownload,
          Optional.ofNullable(platform),
          platformTags,
          preferences);
    }
  }
}
