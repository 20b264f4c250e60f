package dev.siege.bundle.pipeline;

import dev.siege.core.SiegeException;
import dev.siege.core.UsageException;
import dev.siege.core.plan.BuildPlan;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.ShippedJulia;
import dev.siege.core.platform.TargetPlatform;
import dev.siege.core.version.Version;
import dev.siege.julia.provision.HostPlatform;
import dev.siege.julia.provision.JuliaDownload;
import dev.siege.julia.provision.JuliaProvisioner;
import dev.siege.julia.provision.JuliaTree;
import java.util.Locale;
import java.util.Optional;

/**
 * The official Julia for the target of a bundle for another platform ({@code --include-julia}
 * with {@code --platform}): looked up while planning ({@link #lookUp}: the cache, else the
 * versions index, never the archive), obtained by the first step of the build, before any Julia
 * step runs ({@link #run}: from the cache, else downloaded and checked by {@link
 * JuliaProvisioner#provisionFor}), then copied into {@code julia/} by the layout step. The tree
 * belongs to the cache: it is copied, never changed or run.
 */
final class TargetJuliaStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException, InterruptedException {
    BuildPlan plan = state.plan;
    ShippedJulia planned = plan.shippedJulia().orElseThrow(
        () -> new IllegalStateException("the plan has a " + step.id().id() + " step but no shipped Julia"));
    HostPlatform target = hostPlatform(planned.triplet());
    JuliaProvisioner provisioner = state.provisioner;
    Optional<JuliaTree> cached = provisioner.cachedFor(target, planned.version());
    JuliaTree tree;
    if (cached.isPresent()) {
      tree = cached.get();
      state.info("the official Julia " + planned.version() + " for " + planned.triplet() + " is in SIEGE's cache: "
          + tree.root());
    } else {
      if (!state.downloadAllowed) {
        throw notCached(planned, provisioner.cacheStateFor(target, planned.version()));
      }
      state.info("downloading the official Julia " + planned.version() + " for " + planned.triplet()
          + (planned.bytes() >= 0 ? " (" + String.format(Locale.ROOT, "%.0f MB", planned.bytes() / 1e6) + ")" : "")
          + " into SIEGE's cache, to ship in julia/");
      tree = provisioner.provisionFor(target, planned.version(), state.listener);
    }
    if (!planned.sha256().isEmpty() && !planned.sha256().equals(tree.sha256())) {
      // The fingerprint was made with the plan's sha256: a bundle built from another archive
      // would carry a fingerprint that does not describe it.
      throw new SiegeException("the official Julia " + planned.version() + " for " + planned.triplet()
          + " has sha256 " + tree.sha256() + ", but the plan was made for " + planned.sha256()
          + " (the versions index changed since)", "plan again: run the build again");
    }
    state.shippedJulia = tree;
  }

  /**
   * What the plan says about the Julia to ship: from the cache when it is there, else the versions
   * index's entry (size, sha256, url). The archive itself is never downloaded here.
   *
   * @param build whether a build follows (an unreadable index, a missing version or platform, or
   *     {@code --no-download} without a cached copy is then an error, before any step runs);
   *     for a plan alone those are said in the plan
   */
  static ShippedJulia lookUp(JuliaProvisioner provisioner, TargetPlatform platform, Version version, boolean build,
      boolean downloadAllowed) throws SiegeException, InterruptedException {
    String triplet = platform.baseTriplet();
    HostPlatform target = hostPlatform(triplet);
    java.nio.file.Path entry = provisioner.cacheEntryFor(target, version);
    // Its files are read once, by the step (run); a tree changed in between is downloaded again there.
    Optional<JuliaTree> cached = provisioner.recordedFor(target, version);
    if (cached.isPresent()) {
      JuliaTree t = cached.get();
      return new ShippedJulia(version, triplet, ShippedJulia.State.CACHED, -1, t.sha256(), t.url().toString(), entry, "");
    }
    if (!downloadAllowed) {
      JuliaProvisioner.CacheState why = provisioner.cacheStateFor(target, version);
      ShippedJulia unknown = new ShippedJulia(version, triplet, ShippedJulia.State.UNKNOWN, -1, "", "", entry,
          "{option:NO_DOWNLOAD}: a build refuses" + (why == JuliaProvisioner.CacheState.ABSENT ? "" : "; " + cachedCopy(why)));
      if (build) {
        throw notCached(unknown, why);
      }
      return unknown;
    }
    try {
      JuliaDownload d = provisioner.archiveFor(target, version);
      return new ShippedJulia(version, triplet, ShippedJulia.State.TO_DOWNLOAD, d.size(), d.sha256(),
          d.url().toString(), entry, "");
    } catch (SiegeException e) {
      if (build) {
        throw e;
      }
      return new ShippedJulia(version, triplet, ShippedJulia.State.UNKNOWN, -1, "", "", entry, e.rawMessage());
    }
  }

  /**
   * The official Julia is not usable from the cache and may not be downloaded: says what is there
   * ({@code why}) and what would help.
   */
  private static SiegeException notCached(ShippedJulia j, JuliaProvisioner.CacheState why) {
    String what = "the official Julia " + j.version() + " for " + j.triplet();
    String otherwise = " or leave out {option:INCLUDE_JULIA} and install Julia on the target machine yourself";
    if (why == JuliaProvisioner.CacheState.UNVERIFIED) {
      return new SiegeException(what + " in SIEGE's cache (" + j.cacheEntry() + ") " + cachedCopy(why)
              + ", and {option:NO_DOWNLOAD} forbids downloading a verified one",
          "add {option:INSECURE_DOWNLOAD} to ship that copy unverified (the bundle's metadata records it), or build once"
              + " without {option:NO_DOWNLOAD} to download and verify it," + otherwise);
    }
    if (why == JuliaProvisioner.CacheState.ABSENT) {
      return new SiegeException(what + " is not in SIEGE's cache (" + j.cacheEntry()
              + "), and {option:NO_DOWNLOAD} forbids downloading it",
          "build once without {option:NO_DOWNLOAD} to download it," + otherwise);
    }
    return new SiegeException(what + " in SIEGE's cache (" + j.cacheEntry() + ") " + cachedCopy(why)
            + ", and {option:NO_DOWNLOAD} forbids downloading it again",
        "build once without {option:NO_DOWNLOAD} to download it again," + otherwise);
  }

  /** Why the copy in the cache is not used, e.g. {@code was downloaded without a valid signature ...}. */
  private static String cachedCopy(JuliaProvisioner.CacheState why) {
    return switch (why) {
      case UNVERIFIED -> "was downloaded without a valid signature ({option:INSECURE_DOWNLOAD}) and is not used without"
          + " that option";
      case CHANGED -> "changed since it was unpacked (a file was changed, added or removed) and is not shipped";
      case INCOMPLETE -> "is incomplete (an interrupted download, or one by an older SIEGE) and is not used";
      case ABSENT, USABLE -> "is there";
    };
  }

  /** The versions index's platform of a target triplet; a platform it cannot name is a usage error. */
  private static HostPlatform hostPlatform(String triplet) throws SiegeException {
    try {
      return HostPlatform.fromTriplet(triplet);
    } catch (IllegalArgumentException e) {
      throw new UsageException("{option:INCLUDE_JULIA} with {option:PLATFORM} " + triplet + ": " + e.getMessage(),
          "leave out {option:INCLUDE_JULIA} and install Julia on the target machine yourself");
    }
  }
}
