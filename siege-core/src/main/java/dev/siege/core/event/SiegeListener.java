package dev.siege.core.event;

/** Receives {@link SiegeEvent}s. Implementations must be thread-safe: process output arrives on pump threads. */
@FunctionalInterface
public interface SiegeListener {

  /** A listener that ignores everything. */
  SiegeListener NONE = event -> {};

  void on(SiegeEvent event);

  /** A listener that forwards every event to each of {@code listeners} in order. */
  static SiegeListener of(java.util.List<? extends SiegeListener> listeners) {
    java.util.List<SiegeListener> copy = java.util.List.copyOf(listeners);
    return event -> {
      for (SiegeListener l : copy) {
        l.on(event);
      }
    };
  }
}
