package dev.siege.bundle.windows;

import dev.siege.bundle.launcher.LauncherSettings;
import dev.siege.bundle.launcher.LauncherTemplate;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.platform.TargetPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes {@code bin\julia.cmd}, the Windows twin of the bash launcher {@code bin/julia}, from the
 * static template {@code julia.cmd} beside this class. The template says what it does and why:
 * the bundle root from its own location, the choice of julia.exe (bundled copy,
 * {@code SIEGE_JULIA}, {@code julia.exe} on PATH), the {@code ;}-separated depot path, the
 * offline environment, the arch check and the re-entry guard.
 *
 * <p>A Windows bundle has no sysimage (none can be cross-compiled), so there is no version or
 * commit check. Build-time values enter the batch file only when they consist of characters that
 * mean nothing to cmd inside double quotes; anything else is refused rather than escaped.
 */
public final class WindowsLauncher {
  private static final String TEMPLATE = "julia.cmd";
  /** Characters that are plain text to cmd inside {@code set "name=value"}. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._,;+()=\\\\-]*");

  private WindowsLauncher() {}

  /**
   * Writes the launcher to {@code <root>/bin/julia.cmd}, atomically (a temporary file renamed
   * over any old one), with CRLF line ends.
   *
   * @return the launcher's path
   * @throws IllegalArgumentException if {@code settings} cannot describe a Windows bundle (a
   *     sysimage, another OS, an arch Windows does not run, a value cmd would interpret)
   */
  public static Path write(BundleLayout layout, LauncherSettings settings) throws IOException {
    String script = render(settings);
    Path target = layout.windowsLauncher();
    Files.createDirectories(target.getParent());
    AtomicFiles.writeString(target, script);
    return target;
  }

  /** The launcher's text for {@code settings}: ASCII, CRLF line ends. */
  public static String render(LauncherSettings settings) {
    if (settings.sysimage()) {
      throw new IllegalArgumentException(
          "a Windows bundle cannot have a sysimage: a sysimage is not cross-compiled, and bin\\julia.cmd passes none");
    }
    if (!settings.os().isEmpty() && !settings.os().equals("windows")) {
      throw new IllegalArgumentException("os must be windows for bin\\julia.cmd, was \"" + settings.os() + "\"");
    }
    if (!TargetPlatform.WINDOWS_ARCHES.contains(settings.arch())) {
      throw new IllegalArgumentException("arch must be one Windows runs (" + String.join(", ", TargetPlatform.WINDOWS_ARCHES)
          + "), was \"" + settings.arch() + "\"");
    }
    Map<String, String> values =
        Map.of(
            "BUILD_ARCH", settings.arch(),
            "JULIA_VERSION", settings.juliaVersion().toString(),
            "CPU_TARGET", settings.cpuTarget(),
            "BUNDLE_ID", settings.bundleId(),
            "DEPOT_DIR", windowsPath(BundleLayout.DEPOT),
            "ENV_DIR", windowsPath(BundleLayout.ENV),
            "JULIA_COPY", windowsPath(BundleLayout.JULIA + "/bin/julia.exe"));
    String text = LauncherTemplate.fill(WindowsLauncher.class, TEMPLATE, StandardCharsets.US_ASCII, values,
        WindowsLauncher::plain);
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  /** {@code value} as it is, when cmd reads it as plain text inside {@code set "name=value"}. */
  private static String plain(String placeholder, String value) {
    if (!PLAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(placeholder.toLowerCase(Locale.ROOT) + " \"" + value
          + "\" has characters cmd would interpret; only letters, digits and . _ , ; + ( ) = - are allowed");
    }
    return value;
  }

  private static String windowsPath(String relative) {
    return relative.replace('/', '\\');
  }
}
