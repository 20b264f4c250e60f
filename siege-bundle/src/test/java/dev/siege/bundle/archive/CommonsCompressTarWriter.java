package dev.siege.bundle.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar writer SIEGE used until its records were laid out by hand: every record through
 * commons-compress's {@link TarArchiveOutputStream}. Kept as the reference {@link
 * ReproducibleTarWriter} must match byte for byte (archives of the same bundle keep their sha256
 * across SIEGE versions).
 */
final class CommonsCompressTarWriter {
  private static final int NAME_LIMIT = TarConstants.NAMELEN; // 100 bytes in the ustar header
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final int TYPE_FILE = 0100000;
  private static final int TYPE_DIRECTORY = 040000;
  private static final int TYPE_SYMLINK = 0120000;

  private final BufferedOutputStream buffered;
  private final TarArchiveOutputStream tar;

  CommonsCompressTarWriter(OutputStream out) {
    buffered = new BufferedOutputStream(out, 1 << 18);
    tar = new TarArchiveOutputStream(buffered, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
  }

  /** A directory entry; {@code name} without the trailing slash. */
  void directory(String name, int mode) throws IOException {
    put(name + "/", TarConstants.LF_DIR, TYPE_DIRECTORY | mode, 0, null);
    tar.closeArchiveEntry();
  }

  /** A symlink entry keeping {@code target} exactly as the link stores it. */
  void symlink(String name, String target, int mode) throws IOException {
    put(name, TarConstants.LF_SYMLINK, TYPE_SYMLINK | mode, 0, target);
    tar.closeArchiveEntry();
  }

  /** Starts a regular file of {@code size} bytes; write exactly that many, then {@link #closeFile}. */
  void beginFile(String name, int mode, long size) throws IOException {
    put(name, TarConstants.LF_NORMAL, TYPE_FILE | mode, size, null);
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    tar.write(bytes, offset, length);
  }

  void closeFile() throws IOException {
    tar.closeArchiveEntry();
  }

  /** Writes the end-of-archive records; does not close the underlying stream. */
  void finish() throws IOException {
    tar.finish();
    buffered.flush();
  }

  private void put(String name, byte type, int mode, long size, String linkTarget) throws IOException {
    Map<String, String> pax = new TreeMap<>();
    String headerName = name;
    if (!fitsHeader(name)) {
      pax.put("path", name);
      headerName = ReproducibleTarWriter.fallback(name);
    }
    String headerLink = linkTarget;
    if (linkTarget != null && !fitsHeader(linkTarget)) {
      pax.put("linkpath", linkTarget);
      headerLink = ReproducibleTarWriter.fallback(linkTarget);
    }
    if (size > MAX_OCTAL_SIZE) {
      pax.put("size", Long.toString(size));
    }
    if (!pax.isEmpty()) {
      byte[] records = ReproducibleTarWriter.paxRecords(pax);
      TarArchiveEntry header = entry(paxHeaderName(headerName), TarConstants.LF_PAX_EXTENDED_HEADER_LC);
      header.setMode(TYPE_FILE | 0644);
      header.setSize(records.length);
      tar.putArchiveEntry(header);
      tar.write(records, 0, records.length);
      tar.closeArchiveEntry();
    }
    TarArchiveEntry entry = entry(headerName, type);
    entry.setMode(mode);
    entry.setSize(size);
    if (headerLink != null) {
      entry.setLinkName(headerLink);
    }
    tar.putArchiveEntry(entry);
  }

  private static TarArchiveEntry entry(String name, byte type) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    // The constructor fills in the JVM's user.name: zero every owner field explicitly.
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(ReproducibleTarWriter.MTIME);
    return entry;
  }

  private static boolean fitsHeader(String name) {
    if (name.length() >= NAME_LIMIT) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String paxHeaderName(String headerName) {
    String base = headerName.endsWith("/") ? headerName.substring(0, headerName.length() - 1) : headerName;
    base = base.substring(base.lastIndexOf('/') + 1);
    String name = "PaxHeaders/" + base;
    return name.length() >= NAME_LIMIT ? name.substring(0, NAME_LIMIT - 1) : name;
  }
}
