package dev.siege.core.layout;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where each part of a bundle lives, relative to its root. The one place that names these paths:
 * writers, the launcher, the verifier and the pipeline all ask this record.
 *
 * <pre>
 * bin/julia            launcher (bash)
 * depot/               the offline depot: packages/, artifacts/, registries/ (JULIA-FACTS §3)
 * env/                 Project.toml + Manifest.toml that JULIA_PROJECT points at
 * sysimage/sys.so      the sysimage built by PackageCompiler
 * julia/               optional copy of the Julia installation (--include-julia)
 * siege-bundle.toml    metadata
 * sbom.cdx.json        the SBOM (CycloneDX 1.6)
 * report.html          the review page
 * SHA256SUMS           checksums in coreutils format
 * </pre>
 */
public record BundleLayout(Path root) {
  public static final String LAUNCHER = "bin/julia";
  /** The launcher of a bundle for Windows ({@code bin\julia.cmd}), beside {@link #LAUNCHER}. */
  public static final String WINDOWS_LAUNCHER = "bin/julia.cmd";
  public static final String DEPOT = "depot";
  public static final String ENV = "env";
  public static final String SYSIMAGE = "sysimage/sys.so";
  public static final String JULIA = "julia";
  public static final String METADATA = "siege-bundle.toml";
  public static final String CHECKSUMS = "SHA256SUMS";
  /** An OpenSSH signature of {@link #CHECKSUMS} ({@code siege bundle --sign}); not listed in it. */
  public static final String CHECKSUMS_SIGNATURE = "SHA256SUMS.sig";
  public static final String SBOM = "sbom.cdx.json";
  public static final String REPORT = "report.html";
  /** The record of links and modes beside {@link #CHECKSUMS} (siege-bundle's TreeRecord). */
  public static final String TREE_RECORD = "BUNDLE-TREE";

  /** Every name the top level of a bundle may hold: anything else means it is not a bundle. */
  public static final java.util.Set<String> TOP_LEVEL_NAMES = java.util.Set.of("bin", DEPOT, ENV, "sysimage", JULIA,
      METADATA, CHECKSUMS, CHECKSUMS_SIGNATURE, TREE_RECORD, SBOM, REPORT);

  public BundleLayout {
    Objects.requireNonNull(root, "root");
  }

  public static BundleLayout at(Path root) {
    return new BundleLayout(root);
  }

  public Path bin() {
    return root.resolve("bin");
  }

  public Path launcher() {
    return root.resolve(LAUNCHER);
  }

  /** {@link #WINDOWS_LAUNCHER}: only a bundle for Windows has it. */
  public Path windowsLauncher() {
    return root.resolve(WINDOWS_LAUNCHER);
  }

  public Path depot() {
    return root.resolve(DEPOT);
  }

  public Path env() {
    return root.resolve(ENV);
  }

  public Path sysimage() {
    return root.resolve(SYSIMAGE);
  }

  /** The bundled Julia installation's root (present only with --include-julia). */
  public Path julia() {
    return root.resolve(JULIA);
  }

  public Path metadata() {
    return root.resolve(METADATA);
  }

  public Path sbom() {
    return root.resolve(SBOM);
  }

  public Path report() {
    return root.resolve(REPORT);
  }

  public Path checksums() {
    return root.resolve(CHECKSUMS);
  }
}
