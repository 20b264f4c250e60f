package dev.siege.bundle.verify;

import java.nio.file.Path;

/** Makes named pipes (mkfifo) for tests of what must never be opened. */
final class Fifos {
  private Fifos() {}

  static Path make(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("mkfifo failed for " + path);
    }
    return path;
  }
}
