package dev.siege.cli;

import dev.siege.core.OptionException;
import dev.siege.bundle.pipeline.SiegeBuilder;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say which machine a bundle is for: {@code --platform}, {@code --platform-tag},
 * {@code --preference}, {@code --cuda}. Shared by {@code siege build}, {@code plan} (through
 * {@link BuildSettings}) and {@code check}, so that check warns exactly as plan does.
 */
public final class TargetOptions {
  @Option(names = "--platform", paramLabel = "TRIPLET",
      description = "Build the bundle for another platform, such as aarch64-linux-gnu, x86_64-linux-musl,"
          + " x86_64-w64-mingw32 or aarch64-apple-darwin: its packages and every artifact it selects (lazy ones too),"
          + " no sysimage (it cannot be cross-compiled), a target check instead of the smoke test.")
  String platform;

  @Option(names = "--platform-tag", paramLabel = "KEY=VALUE",
      description = "Add a tag to the target platform for artifact selection (repeatable, one tag each), such as"
          + " cuda=12.6.")
  List<String> platformTags = List.of();

  @Option(names = "--preference", paramLabel = "PKG.KEY=VALUE",
      description = "Ship a preference in the environment's LocalPreferences.toml (repeatable): true/false, an"
          + " integer, or a string (\"quoted\" to force one), such as CUDA_Runtime_jll.version=12.6.")
  List<String> preferences = List.of();

  @Option(names = "--cuda", paramLabel = "X.Y",
      description = "CUDA X.Y on the target machine: --platform-tag cuda=X.Y and --preference"
          + " CUDA_Runtime_jll.version=X.Y, as CUDA.set_runtime_version! writes it.")
  String cuda;

  /**
   * Sets these options on {@code b}.
   *
   * @throws IllegalArgumentException for a value the builder refuses (a usage error for the CLI)
   */
  SiegeBuilder applyTo(SiegeBuilder b) {
    if (platform != null) {
      b.platform(platform);
    }
    for (String tag : platformTags) {
      int eq = tag.indexOf('=');
      if (eq < 0) {
        throw new OptionException("{option:PLATFORM_TAG} " + dev.siege.core.platform.TargetPlatform.shown(tag)
            + " is not KEY=VALUE, such as cuda=12.6");
      }
      b.platformTag(tag.substring(0, eq), tag.substring(eq + 1));
    }
    for (String p : preferences) {
      b.preference(p);
    }
    if (cuda != null) {
      b.cuda(cuda);
    }
    return b;
  }
}
