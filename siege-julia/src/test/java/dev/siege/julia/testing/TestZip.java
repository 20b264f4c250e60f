package dev.siege.julia.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds small {@code .zip} files in memory, including hostile ones, for unpacking tests. */
public final class TestZip {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes);

  /**
   * Shaped like the official Windows Julia ({@code 7z a julia-<v>-win64.zip julia-<v>}): one top
   * directory with directory entries, {@code bin/julia.exe}, DLLs, no symbolic links, no modes.
   */
  public static byte[] fakeWindowsJulia(String version) {
    String top = "julia-" + version + "/";
    return new TestZip()
        .dir(top)
        .dir(top + "bin/")
        .file(top + "bin/julia.exe", "MZ fake julia " + version)
        .file(top + "bin/libjulia.dll", "MZ fake libjulia")
        .dir(top + "share/")
        .dir(top + "share/julia/")
        .file(top + "share/julia/base.jl", "# base")
        .file(top + "LICENSE.md", "MIT")
        .bytes();
  }

  public TestZip dir(String name) {
    return put(new ZipArchiveEntry(name), null);
  }

  public TestZip file(String name, String content) {
    return put(new ZipArchiveEntry(name), content.getBytes(StandardCharsets.UTF_8));
  }

  /** A file entry with a Unix mode (Info-ZIP style external attributes). */
  public TestZip file(String name, int unixMode, String content) {
    ZipArchiveEntry e = new ZipArchiveEntry(name);
    e.setUnixMode(0100000 | unixMode);
    return put(e, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A symbolic link the way Info-ZIP stores one: mode 0120777, the target as the content. */
  public TestZip symlink(String name, String target) {
    ZipArchiveEntry e = new ZipArchiveEntry(name);
    e.setUnixMode(0120777);
    return put(e, target.getBytes(StandardCharsets.UTF_8));
  }

  private TestZip put(ZipArchiveEntry e, byte[] data) {
    try {
      zip.putArchiveEntry(e);
      if (data != null) {
        zip.write(data);
      }
      zip.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public byte[] bytes() {
    try {
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
