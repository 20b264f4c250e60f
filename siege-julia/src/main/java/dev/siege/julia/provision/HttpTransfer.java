package dev.siege.julia.provision;

import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of provisioning: a GET that fails with a plain message, and a body copied to a
 * file with progress events, stall detection and interrupts that really stop it.
 */
final class HttpTransfer {
  private static final Duration POLL = Duration.ofMillis(250);

  private final HttpClient http;
  private final Duration stallTimeout;

  HttpTransfer(HttpClient http, Duration stallTimeout) {
    this.http = http;
    this.stallTimeout = stallTimeout;
  }

  /**
   * Copies the body on a helper thread while this thread waits, reports progress and watches for
   * stalls. {@code java.net.http} has no read timeout and its blocking read swallows interrupts,
   * so a stall or an interrupt is handled by closing the stream, which ends that read.
   *
   * @param total the announced size, or -1; more bytes than announced are an error
   * @return the number of bytes written
   */
  long copyBody(InputStream in, Path file, MessageDigest sha256, long total, String task, URI url,
      SiegeListener listener) throws SiegeException, InterruptedException {
    AtomicLong copied = new AtomicLong();
    FutureTask<Void> copy = new FutureTask<>(() -> {
      try (in; OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (total >= 0 && copied.get() + n > total) {
            // A server that keeps sending must not fill the disk: the size is known, stop there.
            throw new IOException("the server sent more than the " + total + " bytes announced");
          }
          out.write(buf, 0, n);
          copied.addAndGet(n);
        }
      }
      return null;
    });
    Thread copier = new Thread(copy, "siege-julia-download");
    copier.setDaemon(true);
    listener.on(new SiegeEvent.Progress(task, 0, total, SiegeEvent.Unit.BYTES));
    copier.start();
    long reported = 0;
    long lastChange = System.nanoTime();
    try {
      while (true) {
        try {
          copy.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
          return copied.get();
        } catch (TimeoutException e) {
          long now = copied.get();
          if (now != reported) {
            reported = now;
            lastChange = System.nanoTime();
            listener.on(new SiegeEvent.Progress(task, now, total, SiegeEvent.Unit.BYTES));
          } else if (System.nanoTime() - lastChange > stallTimeout.toNanos()) {
            abort(in, copier);
            throw new SiegeException(task + " from " + DownloadUrls.shown(url) + " stalled: no data for " + stallTimeout.toSeconds()
                    + " s after " + now + " bytes",
                "check the network connection and try again; nothing was put into the cache");
          }
        }
      }
    } catch (InterruptedException e) {
      abort(in, copier);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new SiegeException(task + " from " + DownloadUrls.shown(url) + " failed after " + copied.get() + " bytes: "
          + (cause instanceof IOException io ? IoMessages.describe(io) : cause.getMessage()),
          "check the network connection and try again", cause);
    }
  }

  /** Ends the copy: closing the response stream makes the blocked read fail. */
  private static void abort(InputStream in, Thread copier) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing is all we want
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (copier.isAlive() && System.nanoTime() < deadline) {
      try {
        copier.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A GET answered 200, its body still to read. Never throws anything but these: an address the
   * HTTP client cannot fetch (another scheme than http(s)) is a {@link SiegeException} too.
   */
  HttpResponse<InputStream> get(URI uri, String what) throws SiegeException, InterruptedException {
    HttpResponse<InputStream> response;
    String shown = DownloadUrls.shown(uri);
    try {
      response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new SiegeException("could not download " + what + " from " + shown + ": " + IoMessages.describe(e),
          "check the network connection (and proxy settings) of this machine", e);
    } catch (IllegalArgumentException e) {
      throw new SiegeException("cannot download " + what + " from " + shown + ": only http:// and https:// addresses"
          + " are downloaded", "check {option:JULIA_DOWNLOAD_BASE} (it must mirror Julia's downloads)", e);
    }
    if (response.statusCode() != 200) {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // the status is the error
      }
      throw new SiegeException("could not download " + what + " from " + shown + ": HTTP " + response.statusCode(),
          response.statusCode() == 404 ? "the file does not exist there; check the version and {option:JULIA_DOWNLOAD_BASE}"
              : response.statusCode() == 401 || response.statusCode() == 403
                  ? "the server wants credentials, which SIEGE never sends: use a mirror that needs none"
                      + " ({option:JULIA_DOWNLOAD_BASE})"
                  : "try again later");
    }
    return response;
  }
}
