package dev.siege.bundle.verify;

import com.github.luben.zstd.ZstdOutputStream;
import com.google.common.hash.Hashing;
import dev.siege.bundle.checksum.Sha256Sums;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds tar archives entry by entry for tests, including entries no honest writer makes. */
final class TestTar {
  enum Compression { GZIP, GZIP_MEMBERS, ZSTD, NONE }

  private record Entry(byte type, String name, byte[] content, int mode, String link) {}

  private final List<Entry> entries = new ArrayList<>();

  TestTar file(String name, byte[] content, int mode) {
    entries.add(new Entry(TarConstants.LF_NORMAL, name, content, mode, null));
    return this;
  }

  TestTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  TestTar dir(String name) {
    entries.add(new Entry(TarConstants.LF_DIR, name.endsWith("/") ? name : name + "/", null, 0755, null));
    return this;
  }

  TestTar symlink(String name, String target) {
    entries.add(new Entry(TarConstants.LF_SYMLINK, name, null, 0777, target));
    return this;
  }

  TestTar hardLink(String name, String target) {
    entries.add(new Entry(TarConstants.LF_LINK, name, null, 0644, target));
    return this;
  }

  TestTar device(String name) {
    entries.add(new Entry(TarConstants.LF_CHR, name, null, 0600, null));
    return this;
  }

  TestTar fifo(String name) {
    entries.add(new Entry(TarConstants.LF_FIFO, name, null, 0600, null));
    return this;
  }

  /**
   * The {@link TestBundle} as archive entries under {@code prefix} ({@code ""} for flat), its
   * SHA256SUMS first or last.
   */
  static TestTar bundle(String prefix, boolean checksumsFirst) {
    Map<String, byte[]> files = new TreeMap<>(TestBundle.files());
    long bytes = files.values().stream().mapToLong(b -> b.length).sum();
    files.put("siege-bundle.toml", TestBundle.metadata(files.size(), bytes, true).toToml().getBytes(StandardCharsets.UTF_8));
    byte[] sums = sums(files);
    TestTar tar = new TestTar();
    if (!prefix.isEmpty()) {
      tar.dir(prefix);
    }
    String p = prefix.isEmpty() ? "" : prefix + "/";
    if (checksumsFirst) {
      tar.file(p + "SHA256SUMS", sums, 0644);
    }
    for (String dir : List.of("bin", "env", "depot", "depot/packages", "depot/packages/A", "depot/packages/A/x1Yz2",
        "depot/packages/A/x1Yz2/src", "depot/artifacts", "depot/artifacts/0123abcd", "depot/artifacts/0123abcd/lib", "sysimage")) {
      tar.dir(p + dir);
    }
    files.forEach((name, content) -> tar.file(p + name, content, name.equals("bin/julia") ? 0755 : 0644));
    TestBundle.links().forEach((name, target) -> tar.symlink(p + name, target));
    if (!checksumsFirst) {
      tar.file(p + "SHA256SUMS", sums, 0644);
    }
    return tar;
  }

  static byte[] sums(Map<String, byte[]> files) {
    Map<String, String> hex = new TreeMap<>();
    files.forEach((name, content) -> hex.put(name, Hashing.sha256().hashBytes(content).toString()));
    return Sha256Sums.of(hex).format().getBytes(StandardCharsets.UTF_8);
  }

  /** A copy of this archive with {@code name}'s content replaced (same mode). */
  TestTar replacing(String name, String content) {
    TestTar copy = new TestTar();
    for (Entry e : entries) {
      copy.entries.add(e.name.equals(name) ? new Entry(e.type, e.name, content.getBytes(StandardCharsets.UTF_8), e.mode, e.link) : e);
    }
    return copy;
  }

  /** A copy without {@code name}. */
  TestTar without(String name) {
    TestTar copy = new TestTar();
    entries.stream().filter(e -> !e.name.equals(name)).forEach(copy.entries::add);
    return copy;
  }

  /** A copy with {@code name}'s mode changed. */
  TestTar withMode(String name, int mode) {
    TestTar copy = new TestTar();
    for (Entry e : entries) {
      copy.entries.add(e.name.equals(name) ? new Entry(e.type, e.name, e.content, mode, e.link) : e);
    }
    return copy;
  }

  byte[] tarBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry t = new TarArchiveEntry(e.name, e.type, true); // keep absolute names as given
        t.setMode(e.mode);
        if (e.link != null) {
          t.setLinkName(e.link);
        }
        if (e.content != null) {
          t.setSize(e.content.length);
        }
        tar.putArchiveEntry(t);
        if (e.content != null) {
          tar.write(e.content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  Path write(Path file, Compression compression) throws IOException {
    byte[] tar = tarBytes();
    try (OutputStream out = Files.newOutputStream(file)) {
      switch (compression) {
        case NONE -> out.write(tar);
        case GZIP -> gzip(out, tar, 0, tar.length);
        case GZIP_MEMBERS -> {
          // independent gzip members, as a pigz-style parallel writer makes
          int third = tar.length / 3;
          gzip(out, tar, 0, third);
          gzip(out, tar, third, third);
          gzip(out, tar, 2 * third, tar.length - 2 * third);
        }
        case ZSTD -> {
          try (ZstdOutputStream z = new ZstdOutputStream(nonClosing(out))) {
            z.write(tar);
          }
        }
      }
    }
    return file;
  }

  private static void gzip(OutputStream out, byte[] data, int off, int len) throws IOException {
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(nonClosing(out))) {
      gz.write(data, off, len);
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

}
