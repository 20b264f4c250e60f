package dev.siege.julia;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The complete environment changes for one Julia process: variables to set and variables to
 * remove from the inherited environment. A variable is never both set and unset.
 */
public record EnvChanges(Map<String, String> set, Set<String> unset) {

  public EnvChanges {
    set = Map.copyOf(set);
    unset = Set.copyOf(unset);
    for (String name : unset) {
      if (set.containsKey(name)) {
        throw new IllegalArgumentException(name + " is both set and unset");
      }
    }
  }

  public static EnvChanges none() {
    return new EnvChanges(Map.of(), Set.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Applies these changes to {@code env} in place (e.g. a {@code ProcessBuilder}'s map). */
  public void applyTo(Map<String, String> env) {
    unset.forEach(env::remove);
    env.putAll(set);
  }

  /** Builds {@link EnvChanges}; later calls for the same name win. */
  public static final class Builder {
    private final Map<String, String> set = new LinkedHashMap<>();
    private final Set<String> unset = new LinkedHashSet<>();

    private Builder() {}

    public Builder set(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      unset.remove(name);
      set.put(name, value);
      return this;
    }

    public Builder unset(String name) {
      Objects.requireNonNull(name, "name");
      set.remove(name);
      unset.add(name);
      return this;
    }

    public EnvChanges build() {
      return new EnvChanges(set, unset);
    }
  }
}
