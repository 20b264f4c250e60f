package dev.siege.bundle.pipeline;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.depot.PackageDir;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.core.SiegeException;
import dev.siege.core.check.Diagnostic;
import dev.siege.core.env.Environment;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.IoMessages;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildPlan;
import dev.siege.julia.JuliaRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the steps of one build share: the plan they execute, where the bundle is staged, how to
 * start Julia, and what each step hands on to the next (in plan order).
 */
final class BuildState {
  final BuildPlan plan;
  final BundleLayout bundle;
  final Function<Path, JuliaRunner> runners;
  final SiegeListener listener;
  private final List<Diagnostic> warnings = new ArrayList<>();
  /** The texts of every warning so far, diagnostics and messages, for the review page. */
  private final List<String> warningTexts = new ArrayList<>();

  /** The staged environment, after instantiate (its manifest is the one that ships). */
  Environment staged;
  /** The manifest's package directories in the depot, after prune. */
  List<PackageDir> packageDirs = List.of();
  /** Size of the sysimage, 0 when none was built. */
  long sysimageBytes;
  /** What the bundle holds, after layout. */
  BundleMetadata.Contents contents;
  /** The checksums written, after the checksums step. */
  Sha256Sums sums;
  /** Obtains the official Julia for the target ({@link TargetJuliaStep}): the context's cache and mirror. */
  dev.siege.julia.provision.JuliaProvisioner provisioner;
  /** Whether that Julia may be downloaded ({@code --no-download} forbids it). */
  boolean downloadAllowed = true;
  /** The official Julia for the target, in SIEGE's cache, after the target_julia step; null when none ships. */
  dev.siege.julia.provision.JuliaTree shippedJulia;

  BuildState(BuildPlan plan, Function<Path, JuliaRunner> runners, SiegeListener listener) {
    this.plan = plan;
    this.bundle = BundleLayout.at(plan.staging());
    this.runners = runners;
    this.listener = event -> {
      if (event instanceof SiegeEvent.DiagnosticReported d && !d.diagnostic().isError()) {
        synchronized (warnings) {
          warnings.add(d.diagnostic());
          warningTexts.add(d.diagnostic().message());
        }
      } else if (event instanceof SiegeEvent.Message msg && msg.level() == SiegeEvent.Level.WARNING) {
        synchronized (warnings) {
          warningTexts.add(msg.text());
        }
      }
      listener.on(event);
    };
  }

  /** The warnings reported by the steps so far. */
  List<Diagnostic> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /** The texts of the warnings reported so far: diagnostics and warning messages. */
  List<String> warningTexts() {
    synchronized (warnings) {
      return List.copyOf(warningTexts);
    }
  }

  void info(String text) {
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, text));
  }

  void warn(String text) {
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING, text));
  }

  static SiegeException io(String what, IOException e) {
    return new SiegeException("cannot " + what + ": " + IoMessages.describe(e), "check free space and permissions", e);
  }
}
