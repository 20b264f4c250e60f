package dev.siege.core.plan;

import java.util.Locale;

/**
 * The steps of a build, in pipeline order (DESIGN.md, "The pipeline"). {@link #PROBE} and {@link
 * #CHECK} run while the plan is made (the plan depends on their results); the pipeline runs the
 * others, in the order the plan lists them.
 */
public enum StepId {
  PROBE("Probe the Julia installation"),
  CHECK("Check the environment against that Julia"),
  TARGET_JULIA("Obtain the official Julia for the target platform, to ship in julia/: from SIEGE's cache, else downloaded"
      + " and checked (sha256, and the release signature where Julia publishes one)"),
  TOOLS("Install PackageCompiler into the tool environment"),
  REGISTRIES("Install the registries given, and re-resolve the manifest with this Julia when asked"),
  INSTANTIATE("Copy the environment files, then install the project and its artifacts (lazy ones too) into the bundle depot"),
  SYSIMAGE("Build the sysimage with PackageCompiler"),
  PRUNE("Prune the depot"),
  LAYOUT("Write the launcher and the metadata, and copy Julia when asked"),
  SCAN("Scan for build-time absolute paths"),
  SMOKE_TEST("Load every package through the launcher, offline, from a moved bundle"),
  TARGET_CHECK("Check, without running the target's Julia, that the depot holds every package and every artifact the target"
      + " platform selects (lazy and hook-selected ones included)"),
  REVIEW("Write the SBOM (sbom.cdx.json) and the review page (report.html), with the licenses found"),
  CHECKSUMS("Write SHA256SUMS, then apply the group permissions when asked");

  private final String title;

  StepId(String title) {
    this.title = title;
  }

  /** Lower-case id used in events, logs and JSON, e.g. {@code smoke_test}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String title() {
    return title;
  }

  /** Whether the step runs while the plan is made rather than by the pipeline. */
  public boolean duringPlanning() {
    return this == PROBE || this == CHECK;
  }
}
