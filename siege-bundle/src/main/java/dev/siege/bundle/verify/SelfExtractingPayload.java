package dev.siege.bundle.verify;

import dev.siege.bundle.archive.SelfExtractor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Finds the archive inside a self-extracting {@code NAME.run} ({@link SelfExtractor}'s layout). */
final class SelfExtractingPayload {
  private static final byte[] START = ("#!/bin/sh\n" + SelfExtractor.MARKER + "\n").getBytes(StandardCharsets.US_ASCII);

  private SelfExtractingPayload() {}

  /** Whether the stream starts like a self-extracting bundle; reads nothing. */
  static boolean isOne(BufferedInputStream in) throws IOException {
    in.mark(START.length);
    byte[] head = in.readNBytes(START.length);
    in.reset();
    return java.util.Arrays.equals(head, START);
  }

  /** Skips the script and returns the payload, or null when the file is too short for one. */
  static InputStream payload(InputStream in, long size) throws IOException {
    long length = size - SelfExtractor.HEADER_BYTES - SelfExtractor.TRAILER_BYTES;
    if (length <= 0) {
      return null;
    }
    in.readNBytes(SelfExtractor.HEADER_BYTES);
    return new InputStream() {
      private long left = length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  /** Reads the trailer after the payload: the payload's sha256, or null when it is damaged. */
  static String expectedSha256(InputStream in) throws IOException {
    String trailer = new String(in.readNBytes(SelfExtractor.TRAILER_BYTES), StandardCharsets.US_ASCII);
    String prefix = "\nsiege-payload-sha256 ";
    if (trailer.length() != SelfExtractor.TRAILER_BYTES || !trailer.startsWith(prefix)) {
      return null;
    }
    String hex = trailer.substring(prefix.length(), prefix.length() + 64);
    return hex.matches("[0-9a-f]{64}") && trailer.substring(prefix.length() + 64).isBlank() ? hex : null;
  }
}
