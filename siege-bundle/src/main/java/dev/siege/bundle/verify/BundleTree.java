package dev.siege.bundle.verify;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bundle holds, however it was read (directory walk or archive stream): its regular files
 * with size, exec bit and (where hashed) sha256, and the kind of every other name.
 *
 * @param files relative name to facts
 * @param others relative name to a description of what it is instead ("a directory", "a symbolic
 *     link", ...)
 */
record BundleTree(Map<String, FileFacts> files, Map<String, String> others) {
  BundleTree {
    files = Collections.unmodifiableMap(new TreeMap<>(files)); // sorted: findings come out in name order
    others = Map.copyOf(others);
  }

  /**
   * One regular file.
   *
   * @param sha256 lower-case hex, or null when it was not hashed
   */
  record FileFacts(long size, boolean executable, String sha256) {}
}
