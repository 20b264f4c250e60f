package dev.siege.julia.process;

import dev.siege.core.event.SiegeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a process on its own thread, splitting it into lines. Bytes that
 * are not valid UTF-8 become U+FFFD ({@code new String(bytes, UTF_8)} replaces, never throws).
 * Both streams are pumped at once so neither pipe can fill and block Julia (STYLE.md pitfalls).
 */
final class StreamPump implements Runnable {

  /** A line longer than this many bytes is delivered in pieces, so memory stays bounded. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private final SiegeEvent.Stream stream;
  private final OutputCollector collector;

  StreamPump(InputStream in, SiegeEvent.Stream stream, OutputCollector collector) {
    this.in = in;
    this.stream = stream;
    this.collector = collector;
  }

  static Thread start(InputStream in, SiegeEvent.Stream stream, OutputCollector collector, String name) {
    Thread t = new Thread(new StreamPump(in, stream, collector), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void run() {
    byte[] buf = new byte[64 * 1024];
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line.write(buf, start, i - start);
            emit(line);
            start = i + 1;
          }
        }
        line.write(buf, start, n - start);
        if (line.size() > MAX_LINE_BYTES) {
          emit(line);
        }
      }
    } catch (IOException e) {
      // The stream closes when the process is destroyed; what was read so far is kept.
    }
    if (line.size() > 0) {
      emit(line);
    }
  }

  private void emit(ByteArrayOutputStream line) {
    byte[] bytes = line.toByteArray();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    collector.line(stream, new String(bytes, 0, len, StandardCharsets.UTF_8));
    line.reset();
  }
}
