package dev.siege.bundle.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Writes tar entries whose bytes depend only on name, type, permission bits, size, link target
 * and content (jib's ReproducibleLayerBuilder habits): uid/gid 0, empty user and group names,
 * every mtime pinned to {@link #MTIME}. Names and link targets that do not fit the ustar header
 * (100 bytes or more, or not ASCII) get a PAX extended header ({@code path}/{@code linkpath}).
 *
 * <p>Those PAX headers are written here, not by commons-compress's {@code LONGFILE_POSIX}:
 * commons-compress creates its own PAX header entries with the JVM's {@code user.name} as owner
 * name, which would make the archive depend on who ran SIEGE. Sizes of 8 GiB and more use the
 * star/GNU base-256 size field (read by GNU tar and bsdtar) plus a PAX {@code size} record.
 *
 * <p>Each 512-byte header is formatted by commons-compress ({@link
 * TarArchiveEntry#writeEntryHeader}); the records around it are laid out here, as its {@code
 * TarArchiveOutputStream} lays them out with the default block size (content padded with zeros
 * to 512 bytes, two zero records at the end), so the bytes are the same. That stream passes
 * content through a 512-byte record buffer, one copy and one call per 512 bytes: for a bundle's
 * gigabytes that was a large part of the archiving thread's time. Here a file's bytes go straight
 * to the output, and a write of at least {@link #BUFFER} bytes is not copied at all.
 */
final class ReproducibleTarWriter {
  /** One second after the epoch, as jib pins it (some tools treat 0 as "no time"). */
  static final FileTime MTIME = FileTime.fromMillis(1000);

  private static final int NAME_LIMIT = TarConstants.NAMELEN; // 100 bytes in the ustar header
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final int TYPE_FILE = 0100000;
  private static final int TYPE_DIRECTORY = 040000;
  private static final int TYPE_SYMLINK = 0120000;

  /** A tar record: headers are one, content is padded to a multiple of it. */
  private static final int RECORD = TarConstants.DEFAULT_RCDSIZE;

  /**
   * Headers and small files are gathered up to this size, so the compressor (a native call per
   * write for zstd-jni) sees large writes; larger writes pass through without a copy.
   */
  static final int BUFFER = 1 << 18;

  private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name());
  private static final byte[] ZEROS = new byte[2 * RECORD];

  private final BufferedOutputStream out;
  private final byte[] record = new byte[RECORD];
  private String current; // the file being written, or null
  private long remaining; // its bytes still due
  private long size;
  private boolean finished;

  ReproducibleTarWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, BUFFER);
  }

  /** A directory entry; {@code name} without the trailing slash. */
  void directory(String name, int mode) throws IOException {
    put(name + "/", TarConstants.LF_DIR, TYPE_DIRECTORY | mode, 0, null);
  }

  /** A symlink entry keeping {@code target} exactly as the link stores it. */
  void symlink(String name, String target, int mode) throws IOException {
    put(name, TarConstants.LF_SYMLINK, TYPE_SYMLINK | mode, 0, target);
  }

  /** Starts a regular file of {@code size} bytes; write exactly that many, then {@link #closeFile}. */
  void beginFile(String name, int mode, long size) throws IOException {
    put(name, TarConstants.LF_NORMAL, TYPE_FILE | mode, size, null);
    current = name;
    this.size = size;
    remaining = size;
  }

  /** Content of the file begun last; more than its size is an error (the header is written). */
  void write(byte[] bytes, int offset, int length) throws IOException {
    if (current == null) {
      throw new IllegalStateException("no file begun");
    }
    if (length > remaining) {
      throw new IOException("request to write " + length + " bytes exceeds the size in the header of " + current
          + " (" + size + " bytes)");
    }
    out.write(bytes, offset, length);
    remaining -= length;
  }

  /** Ends the file begun last, which must have received exactly its size. */
  void closeFile() throws IOException {
    if (current == null) {
      throw new IllegalStateException("no file begun");
    }
    if (remaining != 0) {
      throw new IOException(current + " received " + (size - remaining) + " of the " + size
          + " bytes its header announces");
    }
    pad(size);
    current = null;
  }

  /** Writes the end-of-archive records and flushes; does not close the underlying stream. */
  void finish() throws IOException {
    if (current != null) {
      throw new IllegalStateException("file not closed: " + current);
    }
    if (!finished) {
      out.write(ZEROS, 0, ZEROS.length);
      out.flush();
      finished = true;
    }
  }

  /** Zeros after {@code length} bytes of content, up to the next record. */
  private void pad(long length) throws IOException {
    int rest = (int) (length % RECORD);
    if (rest != 0) {
      out.write(ZEROS, 0, RECORD - rest);
    }
  }

  private void header(TarArchiveEntry entry) throws IOException {
    // starMode: sizes past the octal field's 8 GiB go into a base-256 field (a PAX size too).
    entry.writeEntryHeader(record, UTF_8, true);
    out.write(record, 0, RECORD);
  }

  private void put(String name, byte type, int mode, long size, String linkTarget) throws IOException {
    if (current != null) {
      throw new IllegalStateException("file not closed: " + current);
    }
    if (finished) {
      throw new IllegalStateException("archive already finished");
    }
    Map<String, String> pax = new TreeMap<>();
    String headerName = name;
    if (!fitsHeader(name)) {
      pax.put("path", name);
      headerName = fallback(name);
    }
    String headerLink = linkTarget;
    if (linkTarget != null && !fitsHeader(linkTarget)) {
      pax.put("linkpath", linkTarget);
      headerLink = fallback(linkTarget);
    }
    if (size > MAX_OCTAL_SIZE) {
      pax.put("size", Long.toString(size));
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      TarArchiveEntry header = entry(paxHeaderName(headerName), TarConstants.LF_PAX_EXTENDED_HEADER_LC);
      header.setMode(TYPE_FILE | 0644);
      header.setSize(records.length);
      header(header);
      out.write(records, 0, records.length);
      pad(records.length);
    }
    TarArchiveEntry entry = entry(headerName, type);
    entry.setMode(mode);
    entry.setSize(size);
    if (headerLink != null) {
      entry.setLinkName(headerLink);
    }
    header(entry);
  }

  private static TarArchiveEntry entry(String name, byte type) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    // The constructor fills in the JVM's user.name: zero every owner field explicitly.
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(MTIME);
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

  /** An ASCII stand-in for the ustar name field, which readers ignore when a PAX path exists. */
  static String fallback(String name) {
    boolean directory = name.endsWith("/");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() - (directory ? 1 : 0); i++) {
      char c = name.charAt(i);
      sb.append(c < 0x20 || c >= 0x7f ? '_' : c);
    }
    int limit = NAME_LIMIT - 1 - (directory ? 1 : 0);
    String ascii = sb.length() > limit ? sb.substring(0, limit) : sb.toString();
    return directory ? ascii + "/" : ascii;
  }

  private static String paxHeaderName(String headerName) {
    String base = headerName.endsWith("/") ? headerName.substring(0, headerName.length() - 1) : headerName;
    base = base.substring(base.lastIndexOf('/') + 1);
    String name = "PaxHeaders/" + base;
    return name.length() >= NAME_LIMIT ? name.substring(0, NAME_LIMIT - 1) : name;
  }

  /** PAX records {@code "<length> <key>=<value>\n"}, where the length counts the whole record. */
  static byte[] paxRecords(Map<String, String> records) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> r : records.entrySet()) {
      int body =
          1 + r.getKey().getBytes(StandardCharsets.UTF_8).length
              + 1 + r.getValue().getBytes(StandardCharsets.UTF_8).length + 1;
      int length = body + Integer.toString(body).length();
      if (Integer.toString(length).length() != Integer.toString(body).length()) {
        length = body + Integer.toString(length).length();
      }
      sb.append(length).append(' ').append(r.getKey()).append('=').append(r.getValue()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
