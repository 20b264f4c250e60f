package dev.siege.julia.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small {@code .tar.gz} files in memory, including hostile ones, for unpacking tests. */
public final class TestTarball {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public TestTarball() {
    try {
      tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An official-looking Julia tarball: {@code julia-<v>/bin/julia} (a fake), a lib with a symlink. */
  public static byte[] fakeJulia(String version) {
    String top = "julia-" + version + "/";
    return new TestTarball()
        .dir(top, 0755)
        .dir(top + "bin/", 0755)
        .file(top + "bin/julia", 0755,
            "#!/bin/bash\nif [ \"$1\" = \"--version\" ]; then echo \"julia version " + version + "\"; fi\n")
        .dir(top + "lib/", 0755)
        .file(top + "lib/libjulia.so.1.10.5", 0644, "ELF")
        .symlink(top + "lib/libjulia.so", "libjulia.so.1.10.5")
        .file(top + "LICENSE.md", 0644, "MIT")
        .bytes();
  }

  public TestTarball dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
    e.setMode(040000 | mode);
    return put(e, null);
  }

  public TestTarball file(String name, int mode, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setMode(0100000 | mode);
    e.setSize(data.length);
    return put(e, data);
  }

  public TestTarball symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    e.setLinkName(target);
    e.setMode(0120777);
    return put(e, null);
  }

  public TestTarball hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
    e.setLinkName(target);
    return put(e, null);
  }

  /** An entry of a special kind with no content: {@code TarArchiveEntry.LF_FIFO}, {@code LF_CHR}, {@code LF_BLK}. */
  public TestTarball special(String name, byte linkFlag) {
    TarArchiveEntry e = new TarArchiveEntry(name, linkFlag, true);
    e.setMode(0644);
    return put(e, null);
  }

  private TestTarball put(TarArchiveEntry e, byte[] data) {
    try {
      tar.putArchiveEntry(e);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public byte[] bytes() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
