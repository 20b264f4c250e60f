package dev.siege.bundle.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves names through the symbolic links of a tree that exists only as a list of names (an
 * archive, or a directory's links read without following them) and says whether a link leaves
 * the root. Resolution follows POSIX: links met along the way are expanded before a {@code ..}
 * is applied, so {@code a/b -> ..} plus {@code c -> a/b/..} is caught although each link looks
 * harmless alone.
 */
final class LinkResolver {
  private static final int MAX_HOPS = 40; // Linux's MAXSYMLINKS
  private static final Optional<String> LOOP = Optional.of("loop"); // compared by identity

  private final Map<String, String> links;

  /** @param links normalized link name to its target, as stored */
  LinkResolver(Map<String, String> links) {
    this.links = Map.copyOf(links);
  }

  /**
   * Why the symbolic link {@code name} points outside {@code root} (a directory name, {@code ""}
   * for the whole tree), or empty when it stays inside. A link loop does not leave the root.
   */
  Optional<String> escape(String name, String root) {
    Optional<String> why = resolve(name, root);
    return why == LOOP ? Optional.empty() : why;
  }

  /** Whether resolving the symbolic link {@code name} never ends (more than 40 links in a row, as Linux). */
  boolean loops(String name) {
    return resolve(name, "") == LOOP;
  }

  private Optional<String> resolve(String name, String root) {
    String target = links.get(name);
    if (target == null) {
      throw new IllegalArgumentException("not a link: " + name);
    }
    if (target.startsWith("/")) {
      return Optional.of("absolute target " + target);
    }
    List<String> start = new ArrayList<>(EntryNames.segments(EntryNames.parent(name)));
    start.addAll(EntryNames.segments(target));
    return walk(start, root, "target " + target);
  }

  /**
   * Why a name stored relative to the tree's top ({@code name}, e.g. a hard link's target)
   * resolves outside {@code root}, or empty.
   */
  Optional<String> escapeOfPath(String name, String root) {
    if (name.startsWith("/")) {
      return Optional.of("absolute target " + name);
    }
    Optional<String> why = walk(EntryNames.segments(name), root, "target " + name);
    return why == LOOP ? Optional.empty() : why;
  }

  private Optional<String> walk(List<String> path, String root, String what) {
    int floor = EntryNames.segments(root).size();
    List<String> rootSegments = EntryNames.segments(root);
    Deque<String> pending = new ArrayDeque<>(path);
    List<String> stack = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String seg = pending.pollFirst();
      if (seg.equals("..")) {
        if (stack.size() <= floor) {
          return Optional.of(what + " leaves " + (root.isEmpty() ? "the root" : root + "/"));
        }
        stack.remove(stack.size() - 1);
        continue;
      }
      stack.add(seg);
      if (stack.size() <= floor && !rootSegments.get(stack.size() - 1).equals(seg)) {
        return Optional.of(what + " is outside " + root + "/");
      }
      String target = links.get(String.join("/", stack));
      if (target != null) {
        if (++hops > MAX_HOPS) {
          return LOOP;
        }
        if (target.startsWith("/")) {
          return Optional.of(what + " passes through " + String.join("/", stack) + " -> " + target);
        }
        stack.remove(stack.size() - 1);
        List<String> expanded = EntryNames.segments(target);
        for (int i = expanded.size() - 1; i >= 0; i--) {
          pending.addFirst(expanded.get(i));
        }
      }
    }
    if (stack.size() < floor) {
      return Optional.of(what + " is outside " + root + "/");
    }
    return Optional.empty();
  }
}
