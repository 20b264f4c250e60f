package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
  private static final int BLOCK = 64 * 1024;

  private static byte[] gzip(byte[] data, int level, int threads, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, threads, BLOCK)) {
      for (int i = 0; i < data.length; i += chunk) {
        gz.write(data, i, Math.min(chunk, data.length - i));
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTripsThroughJavasGzipReaderAtBlockBoundaries() throws IOException {
    for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK, 7 * BLOCK + 12_345}) {
      byte[] data = Fixtures.bytes(size, size, size % 2 == 0);
      assertThat(gunzip(gzip(data, 6, 3, 10_240))).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void outputDependsNeitherOnThreadsNorOnHowTheInputIsWritten() throws IOException {
    byte[] data = Fixtures.bytes(20 * BLOCK + 99, 1, true);

    byte[] one = gzip(data, 6, 1, 512);
    assertThat(gzip(data, 6, 4, 10_240)).isEqualTo(one);
    assertThat(gzip(data, 6, 2, 1_000_000)).isEqualTo(one);
  }

  @Test
  void writesAStandardGzipHeaderWithoutTimeAndATrailerWithCrcAndLength() throws IOException {
    byte[] data = "hello, gzip".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] gz = gzip(data, 9, 2, 3);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);

    assertThat(gz).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3);
    int n = gz.length;
    long storedCrc = (gz[n - 8] & 0xffL) | (gz[n - 7] & 0xffL) << 8 | (gz[n - 6] & 0xffL) << 16 | (gz[n - 5] & 0xffL) << 24;
    assertThat(storedCrc).isEqualTo(crc.getValue());
    assertThat(gz[n - 4]).isEqualTo((byte) data.length);
  }

  @Test
  void dictionaryKeepsTheSizeCloseToOneDeflateStream() throws IOException {
    byte[] data = Fixtures.bytes(40 * BLOCK, 5, true);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(single)) {
      gz.write(data);
    }

    assertThat((double) gzip(data, 6, 2, 10_240).length).isLessThan(single.size() * 1.02);
  }

  @Test
  void abortedStreamRefusesFurtherWrites() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, 2, BLOCK);
    gz.write(new byte[3 * BLOCK]);
    gz.abort();

    assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }
}
