package dev.siege.bundle.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Names of files inside a bundle or archive, as {@code /}-separated relative strings. */
final class EntryNames {
  private EntryNames() {}

  /** Drops leading {@code ./} (as {@code tar -C dir .} writes) and trailing {@code /}. */
  static String normalize(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.equals(".")) {
      return "";
    }
    while (n.endsWith("/") && n.length() > 1) {
      n = n.substring(0, n.length() - 1);
    }
    return n;
  }

  /** Why extracting or opening {@code name} below a root would leave it, or empty when it would not. */
  static Optional<String> unsafeReason(String name) {
    if (name.startsWith("/")) {
      return Optional.of("absolute path");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("NUL character in name");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("'..' component leaves the root");
      }
    }
    return Optional.empty();
  }

  /** The non-empty, non-{@code .} segments of a relative name. */
  static List<String> segments(String name) {
    List<String> out = new ArrayList<>();
    for (String s : name.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        out.add(s);
      }
    }
    return out;
  }

  /** The directory part of {@code name} ({@code ""} at top level). */
  static String parent(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }
}
