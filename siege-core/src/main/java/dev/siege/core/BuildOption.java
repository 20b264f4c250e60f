package dev.siege.core;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options a library message may point the user at. The library never names a command-line
 * flag: its messages carry a reference ({@link #ref()}, e.g. {@code {option:JULIA_VERSION}}) that
 * each front end renders in its own words: the CLI as its flag ({@code --julia-version}), an
 * embedder as the builder method ({@code SiegeBuilder.julia(JuliaSource.version(...))}), see
 * {@link #render}.
 */
public enum BuildOption {
  JULIA("--julia", "JuliaSource.executable(...)"),
  JULIA_VERSION("--julia-version", "JuliaSource.version(...)"),
  JULIA_DOWNLOAD_BASE("SIEGE_JULIA_DOWNLOAD_BASE", "BuildContext.juliaDownloadBase(...)"),
  INSECURE_DOWNLOAD("--insecure-download", "SiegeBuilder.insecureDownload(true)"),
  OUTPUT("--output", "SiegeBuilder.output(...)"),
  CPU_TARGET("--cpu-target", "SiegeBuilder.cpuTarget(...)"),
  PACKAGES("--packages", "SiegeBuilder.packages(...)"),
  NO_PACKAGES("--no-packages", "SiegeBuilder.noPackages()"),
  PRECOMPILE_SCRIPT("--precompile-script", "SiegeBuilder.precompileScript(...)"),
  PRECOMPILE_STATEMENTS("--precompile-statements", "SiegeBuilder.precompileStatements(...)"),
  INCLUDE_JULIA("--include-julia", "SiegeBuilder.includeJulia(true)"),
  VENDOR_DEV("--vendor-dev", "SiegeBuilder.vendorDev(true)"),
  REGISTRY("--registry", "SiegeBuilder.registry(...)"),
  RESOLVE("--resolve", "SiegeBuilder.resolve(true)"),
  GROUP("--group", "SiegeBuilder.group(...)"),
  FORCE("--force", "SiegeBuilder.force(true)"),
  NO_DOWNLOAD("--no-download", "BuildContext.downloadWhenNoJuliaIsFound(false)"),
  PLATFORM("--platform", "SiegeBuilder.platform(...)"),
  PLATFORM_TAG("--platform-tag", "SiegeBuilder.platformTag(...)"),
  PREFERENCE("--preference", "SiegeBuilder.preference(...)"),
  CUDA("--cuda", "SiegeBuilder.cuda(...)");

  private static final Pattern REF = Pattern.compile("\\{option:([A-Z_]+)\\}");

  private final String flag;
  private final String builderCall;

  BuildOption(String flag, String builderCall) {
    this.flag = flag;
    this.builderCall = builderCall;
  }

  /** The reference a library message carries, e.g. {@code {option:JULIA}}. */
  public String ref() {
    return "{option:" + name() + "}";
  }

  /** The command-line flag (or, where there is none, the environment variable). */
  public String flag() {
    return flag;
  }

  /** How an embedder sets it. */
  public String builderCall() {
    return builderCall;
  }

  /** {@code text} with every option reference replaced by {@code name}'s words for it. */
  public static String render(String text, Function<BuildOption, String> name) {
    if (text == null || text.indexOf('{') < 0) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement;
      try {
        replacement = name.apply(valueOf(m.group(1)));
      } catch (IllegalArgumentException e) {
        replacement = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code text} as an embedder reads it: references become builder calls. */
  public static String forLibrary(String text) {
    return render(text, BuildOption::builderCall);
  }

  /** {@code text} as a command-line user reads it: references become flags. */
  public static String forCli(String text) {
    return render(text, BuildOption::flag);
  }
}
