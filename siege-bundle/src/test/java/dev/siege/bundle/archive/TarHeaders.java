package dev.siege.bundle.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the raw 512-byte headers of an uncompressed tar, PAX headers included (for tests). */
final class TarHeaders {
  record Header(String name, char type, long uid, long gid, String userName, String groupName, long mtime, long size) {}

  private TarHeaders() {}

  static List<Header> read(byte[] tar) {
    List<Header> headers = new ArrayList<>();
    int at = 0;
    while (at + 512 <= tar.length && tar[at] != 0) {
      long size = octal(tar, at + 124, 12);
      headers.add(new Header(
          string(tar, at, 100),
          (char) tar[at + 156],
          octal(tar, at + 108, 8),
          octal(tar, at + 116, 8),
          string(tar, at + 265, 32),
          string(tar, at + 297, 32),
          octal(tar, at + 136, 12),
          size));
      at += 512 + (int) ((size + 511) / 512 * 512);
    }
    return headers;
  }

  private static String string(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int offset, int length) {
    String s = string(b, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
