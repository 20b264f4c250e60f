package dev.siege.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * Which packages go into the sysimage. Never an empty explicit list: since PackageCompiler 2.0
 * {@code String[]} means no packages at all, the mistake that left the original tool's
 * sysimage empty (JULIA-FACTS §0).
 */
public record PackageSelection(Kind kind, List<String> names) {

  /** How the packages are chosen. */
  public enum Kind {
    /** The project's direct dependencies (the default). */
    DIRECT_DEPS,
    /** The names given. */
    EXPLICIT,
    /** No sysimage at all: a depot-only bundle, the original tool's behaviour. */
    NONE
  }

  public PackageSelection {
    Objects.requireNonNull(kind, "kind");
    names = List.copyOf(names);
    if ((kind == Kind.EXPLICIT) == names.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.EXPLICIT ? "an explicit package list must not be empty" : "only EXPLICIT takes names");
    }
  }

  public static PackageSelection directDeps() {
    return new PackageSelection(Kind.DIRECT_DEPS, List.of());
  }

  public static PackageSelection none() {
    return new PackageSelection(Kind.NONE, List.of());
  }

  public static PackageSelection of(List<String> names) {
    return new PackageSelection(Kind.EXPLICIT, names);
  }

  public boolean buildsSysimage() {
    return kind != Kind.NONE;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DIRECT_DEPS -> "direct dependencies";
      case NONE -> "none (no sysimage)";
      case EXPLICIT -> String.join(",", names);
    };
  }
}
