package dev.siege.julia.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What kind of {@code julia} a path is, from the files around it, without starting it: juliaup's
 * launcher, or an installation laid out like the official binaries.
 */
public final class JuliaLayout {

  /**
   * Prefixes that hold more than one installation: copying one of them ({@code --include-julia})
   * would copy a whole system. A distribution's {@code /usr/bin/julia} has the prefix {@code /usr}
   * (JULIA-FACTS §8).
   */
  private static final Set<String> SHARED_PREFIXES = Set.of(
      "/", "/usr", "/usr/local", "/opt", "/opt/local", "/opt/homebrew", "/home/linuxbrew/.linuxbrew", "/snap");

  private JuliaLayout() {}

  /**
   * Whether {@code julia} is juliaup's launcher, which picks a Julia on every start (its channel
   * from {@code +channel}, {@code JULIAUP_CHANNEL}, a directory override, the manifest or the
   * default). The launcher looks for {@code juliaup} beside its own canonical path
   * (JuliaLang/juliaup src/bin/julialauncher.rs, {@code get_juliaup_path}), so a launcher that
   * works has it there; a Julia installation never has.
   */
  public static boolean isJuliaupLauncher(Path julia) {
    try {
      Path real = julia.toRealPath();
      Path dir = real.getParent();
      if (dir == null) {
        return false;
      }
      Path juliaup = dir.resolve("juliaup");
      return Files.isRegularFile(juliaup) && Files.isExecutable(juliaup);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * Whether the installation whose {@code Sys.BINDIR} is {@code bindir} is laid out like an
   * official binary: {@code <prefix>/bin/julia}, {@code <prefix>/lib/julia}, {@code
   * <prefix>/share/julia/base} or {@code .../stdlib}, {@code <prefix>/include/julia}, under a
   * prefix that is its own (not {@code /usr}, {@code /usr/local}, ... and not a conda
   * environment, which holds other software too).
   */
  public static boolean isOfficialLayout(Path bindir) {
    return isOfficialLayout(bindir, SHARED_PREFIXES);
  }

  static boolean isOfficialLayout(Path bindir, Set<String> sharedPrefixes) {
    try {
      Path bin = bindir.toRealPath();
      Path prefix = bin.getParent();
      if (prefix == null || !bin.getFileName().toString().equals("bin")) {
        return false;
      }
      if (sharedPrefixes.contains(prefix.toString()) || Files.exists(prefix.resolve("conda-meta"))) {
        return false;
      }
      Path share = prefix.resolve("share").resolve("julia");
      return Files.isRegularFile(bin.resolve("julia"))
          && Files.isDirectory(prefix.resolve("lib").resolve("julia"))
          && (Files.isDirectory(share.resolve("base")) || Files.isDirectory(share.resolve("stdlib")))
          && Files.isDirectory(prefix.resolve("include").resolve("julia"));
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
