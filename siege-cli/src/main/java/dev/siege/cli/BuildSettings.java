package dev.siege.cli;

import dev.siege.core.OptionException;
import dev.siege.core.BuildOption;
import dev.siege.bundle.pipeline.BuildContext;
import dev.siege.bundle.pipeline.JuliaSource;
import dev.siege.bundle.pipeline.SiegeBuilder;
import dev.siege.core.plan.CpuTarget;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options shared by {@code siege plan} and {@code siege build}, turned into a {@link SiegeBuilder}. */
public final class BuildSettings {
  @Mixin EnvironmentOptions environment;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "build",
      description = "Where the bundle goes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--julia", paramLabel = "PATH",
      description = "The julia binary to build with (default: SIEGE_JULIA, ./julia-*/bin/julia, PATH, juliaup).")
  Path julia;

  @Option(names = "--no-download",
      description = "When no Julia is found, fail instead of downloading the official Julia the project asks for.")
  boolean noDownload;

  @Option(names = "--cpu-target", paramLabel = "TARGET", defaultValue = CpuTarget.PORTABLE_SPEC,
      converter = CpuTargetConverter.class,
      description = "CPUs the sysimage must run on: 'portable' (default: PackageCompiler's multi-target string"
          + " on x86_64, the official binaries' list on aarch64), 'official' (the target list of the official"
          + " Julia binary of that version), 'native' (only CPUs like this one) or a Julia target string.")
  CpuTarget cpuTarget;

  @ArgGroup(exclusive = true)
  PackageChoice packages = new PackageChoice();

  /** --packages and --no-packages exclude each other. */
  static final class PackageChoice {
    @Option(names = "--packages", paramLabel = "A,B", split = ",", converter = PackageNameConverter.class,
        description = "Packages to compile into the sysimage (default: the project's direct dependencies).")
    List<String> names;

    @Option(names = "--no-packages", description = "Build no sysimage: a depot-only bundle.")
    boolean none;
  }

  @Option(names = "--precompile-script", paramLabel = "FILE",
      description = "Julia script run while building the sysimage to record what to precompile.")
  Path precompileScript;

  @Option(names = "--precompile-statements", paramLabel = "FILE",
      description = "File of precompile statements for the sysimage.")
  Path precompileStatements;

  @Option(names = "--include-julia", description = "Copy the Julia installation into the bundle.")
  boolean includeJulia;

  @Option(names = "--vendor-dev",
      description = "Copy developed packages that live outside the project into the bundle.")
  boolean vendorDev;

  @Option(names = "--registry", paramLabel = "URL|PATH|NAME",
      description = "A registry to install into the bundle depot before instantiate (repeatable): a git URL,"
          + " a registry directory, or the name of a registry in ~/.julia/registries. Credentials in a URL are"
          + " used for the clone, never recorded.")
  List<String> registries = List.of();

  @Option(names = "--resolve",
      description = "Re-resolve the manifest with the build's Julia before instantiate, and ship the resolved"
          + " manifest (for a manifest resolved by another Julia minor version).")
  boolean resolve;

  @Option(names = "--group", paramLabel = "NAME",
      description = "Make the bundle readable (and the launcher executable) by this group; nothing world-writable.")
  String group;

  @Option(names = "--insecure-download",
      description = "With --julia-version: use the downloaded Julia even when its release signature (.asc, by"
          + " Julia's release key) is missing or bad. The bundle's metadata records it.")
  boolean insecureDownload;

  @Mixin TargetOptions target;

  @Option(names = "--cache-dir", paramLabel = "DIR", hidden = true,
      description = "SIEGE's cache (default: SIEGE_CACHE, $XDG_CACHE_HOME/siege, ~/.cache/siege).")
  Path cacheDir;

  /** Usage errors picocli cannot express, and option values the builder refuses. */
  /** The Julia download mirror from {@code SIEGE_JULIA_DOWNLOAD_BASE}, checked by {@link #validate}. */
  private java.net.URI mirror;

  void validate(CommandSpec spec) {
    String base = System.getenv(BuildOption.JULIA_DOWNLOAD_BASE.flag());
    if (base != null && !base.isBlank()) {
      try {
        mirror = downloadBase(base);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    if (julia != null && environment.juliaVersion != null) {
      throw new ParameterException(spec.commandLine(), "--julia and --julia-version exclude each other");
    }
    if (output.toString().isBlank() || output.toAbsolutePath().normalize().getFileName() == null) {
      throw new ParameterException(spec.commandLine(), "--output must name a directory, such as build");
    }
    if (packages.names != null && packages.names.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "--packages needs at least one package name (for no sysimage at all, use --no-packages)");
    }
    if (group != null && group.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--group must name a group");
    }
    try {
      builder();
    } catch (IllegalArgumentException e) {
      // The builder's own checks of a value (SiegeBuilder documents them as misuse): for the CLI
      // they are the user's option values, so a usage error.
      throw new ParameterException(spec.commandLine(), BuildOption.forCli(UserMessages.plain(OptionException.rawMessageOf(e))));
    }
  }

  /**
   * The value of {@code SIEGE_JULIA_DOWNLOAD_BASE} as a URL: http(s), a host, no credentials.
   *
   * @throws IllegalArgumentException with the message for the user (never showing a password)
   */
  static java.net.URI downloadBase(String value) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(value.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(BuildOption.JULIA_DOWNLOAD_BASE.flag() + " is not a URL: "
          + UserMessages.plain(dev.siege.core.plan.RegistrySource.withoutUserInfo(value)), e);
    }
    try {
      dev.siege.julia.provision.DownloadUrls.checkBase(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BuildOption.forCli(UserMessages.plain(OptionException.rawMessageOf(e))), e);
    }
    return uri;
  }

  SiegeBuilder builder() {
    SiegeBuilder b = SiegeBuilder.forProject(environment.dir)
        .output(output)
        .cpuTarget(cpuTarget)
        .includeJulia(includeJulia)
        .vendorDev(vendorDev)
        .insecureDownload(insecureDownload)
        .resolve(resolve);
    for (String r : registries) {
      b.registry(r);
    }
    if (packages.none) {
      b.noPackages();
    } else if (packages.names != null) {
      b.packages(packages.names);
    }
    if (precompileScript != null) {
      b.precompileScript(precompileScript);
    }
    if (precompileStatements != null) {
      b.precompileStatements(precompileStatements);
    }
    if (group != null) {
      b.group(group);
    }
    target.applyTo(b);
    return b;
  }

  /** How and where: which Julia (one of the mutually exclusive options), the cache, the mirror. */
  BuildContext context() {
    BuildContext c = BuildContext.create().downloadWhenNoJuliaIsFound(!noDownload);
    if (julia != null) {
      c.julia(JuliaSource.executable(julia));
    } else if (environment.juliaFromManifest()) {
      c.julia(JuliaSource.manifestVersion());
    } else if (environment.julia() != null) {
      c.julia(JuliaSource.version(environment.julia()));
    }
    if (cacheDir != null) {
      c.cacheDirectory(cacheDir);
    }
    if (mirror != null) {
      c.juliaDownloadBase(mirror);
    }
    return c;
  }

  /** {@code --cpu-target}: what {@link CpuTarget} accepts; a refused value is a usage error. */
  static final class CpuTargetConverter implements ITypeConverter<CpuTarget> {
    @Override
    public CpuTarget convert(String value) {
      try {
        return CpuTarget.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(UserMessages.plain(String.valueOf(e.getMessage())));
      }
    }
  }

  /** One name of {@code --packages A,B}: surrounding spaces dropped, never empty. */
  static final class PackageNameConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String name = value.strip();
      if (name.isEmpty()) {
        throw new TypeConversionException("a package name is empty: give names separated by commas, such as CSV,DataFrames");
      }
      return name;
    }
  }
}
