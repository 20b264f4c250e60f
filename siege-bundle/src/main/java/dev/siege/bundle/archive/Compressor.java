package dev.siege.bundle.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The compressing stream under the tar, which can be finished or abandoned. */
abstract class Compressor {
  private final OutputStream stream;

  private Compressor(OutputStream stream) {
    this.stream = stream;
  }

  /** A compressor for {@code format} writing into {@code out}, which it closes when done. */
  static Compressor open(ArchiveFormat format, OutputStream out, int level, int threads)
      throws IOException {
    return switch (format) {
      case TAR_GZ -> gzip(out, level, threads);
      case TAR_ZST -> zstd(out, level, threads);
    };
  }

  /** Where the tar bytes go. */
  OutputStream stream() {
    return stream;
  }

  /** Writes the end of the compressed stream and closes the output. */
  abstract void finish() throws IOException;

  /** Stops compressing and closes the output; what was written is garbage to be deleted. */
  abstract void abort();

  private static Compressor gzip(OutputStream out, int level, int threads) throws IOException {
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, threads);
    return new Compressor(gz) {
      @Override
      void finish() throws IOException {
        gz.finish();
        gz.close();
      }

      @Override
      void abort() {
        try {
          gz.abort();
        } catch (IOException ignored) {
          // the partial file is deleted anyway
        }
      }
    };
  }

  private static Compressor zstd(OutputStream file, int level, int threads) throws IOException {
    ZstdOutputStream zstd = new ZstdOutputStream(file, level);
    try {
      // With one worker or more, zstd's output is the same for any number of workers
      // (0 would mean the different single-threaded mode), so --threads does not change bytes.
      zstd.setWorkers(threads);
      zstd.setChecksum(true);
    } catch (IOException | RuntimeException e) {
      zstd.close();
      throw e;
    }
    // A flush would end zstd's current jobs early: keep the frame independent of who flushes when.
    OutputStream noFlush =
        new FilterOutputStream(zstd) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            zstd.write(b, off, len);
          }

          @Override
          public void flush() {}
        };
    return new Compressor(noFlush) {
      @Override
      void finish() throws IOException {
        zstd.close();
      }

      @Override
      void abort() {
        try {
          file.close(); // first, so closing zstd cannot add an end of frame to the file
        } catch (IOException ignored) {
          // the partial file is deleted anyway
        }
        try {
          zstd.close(); // frees the native context
        } catch (IOException ignored) {
          // expected: its output is closed
        }
      }
    };
  }
}
