package dev.siege.bundle.launcher;

import dev.siege.core.io.AtomicFiles;
import dev.siege.core.layout.BundleLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Writes {@code bin/julia}, the bundle's bash launcher (DESIGN.md "Launcher"), from the static
 * template {@code julia.sh} beside this class. Build-time values enter the script only as
 * single-quoted shell words, so no path or name can inject shell code.
 *
 * <p>The template explains what it does and why, citing JULIA-FACTS: the depot path (user depot,
 * bundle depot, then the chosen Julia's own depots, no empty entry, so the same on every Julia
 * version and never {@code ~/.julia} unless asked for), {@code JULIA_LOAD_PATH=@:@stdlib}, the
 * choice of the Julia binary and the checks of arch, OS, libc, version and commit, and the
 * re-entry guard that keeps a launcher taken for Julia from running itself without end.
 */
public final class LauncherWriter {
  private static final String TEMPLATE = "julia.sh";

  private LauncherWriter() {}

  /**
   * Writes the launcher to {@link BundleLayout#launcher()} with mode 0755, atomically: a
   * temporary file beside it renamed over any existing launcher, so a failure leaves the old one.
   *
   * @return the launcher's path
   */
  public static Path write(BundleLayout layout, LauncherSettings settings) throws IOException {
    String script = render(settings);
    Path target = layout.launcher();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    AtomicFiles.writeString(target, script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  /** The launcher's text for {@code settings}. */
  public static String render(LauncherSettings settings) {
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("BUILD_ARCH", settings.arch()),
            Map.entry("BUILD_OS", settings.os()),
            Map.entry("BUILD_LIBC", settings.libc()),
            Map.entry("JULIA_VERSION", settings.juliaVersion().toString()),
            Map.entry("JULIA_COMMIT", settings.juliaCommit()),
            Map.entry("HAS_SYSIMAGE", Boolean.toString(settings.sysimage())),
            Map.entry("CPU_TARGET", settings.cpuTarget()),
            Map.entry("BUNDLE_ID", settings.bundleId()),
            Map.entry("DEPOT_DIR", BundleLayout.DEPOT),
            Map.entry("ENV_DIR", BundleLayout.ENV),
            Map.entry("SYSIMAGE_FILE", BundleLayout.SYSIMAGE),
            Map.entry("JULIA_COPY", BundleLayout.JULIA + "/bin/julia"));
    return LauncherTemplate.fill(LauncherWriter.class, TEMPLATE, StandardCharsets.UTF_8, values,
        (name, value) -> ShellQuote.quote(value));
  }
}
