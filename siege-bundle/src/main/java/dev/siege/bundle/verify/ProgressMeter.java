package dev.siege.bundle.verify;

import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;

/**
 * Turns bytes and files as they are hashed into {@link SiegeEvent.Progress} events, at most one
 * bytes event per {@link #STEP} bytes so a listener is not flooded by small reads.
 */
final class ProgressMeter {
  static final long STEP = 8L << 20;

  private final SiegeListener listener;
  private final String task;
  private final long totalBytes;
  private final long totalFiles;
  private long bytes;
  private long files;
  private long reported = -1;

  ProgressMeter(SiegeListener listener, String task, long totalBytes, long totalFiles) {
    this.listener = listener;
    this.task = task;
    this.totalBytes = totalBytes;
    this.totalFiles = totalFiles;
  }

  void bytes(long n) {
    bytes += n;
    if (bytes - reported >= STEP) {
      reportBytes();
    }
  }

  void fileDone() {
    files++;
    listener.on(new SiegeEvent.Progress(task, files, totalFiles, SiegeEvent.Unit.FILES));
  }

  /** Reports the final byte count (once, if it changed since the last event). */
  void finish() {
    if (bytes != reported) {
      reportBytes();
    }
  }

  long bytes() {
    return bytes;
  }

  private void reportBytes() {
    reported = bytes;
    listener.on(new SiegeEvent.Progress(task, bytes, totalBytes, SiegeEvent.Unit.BYTES));
  }
}
