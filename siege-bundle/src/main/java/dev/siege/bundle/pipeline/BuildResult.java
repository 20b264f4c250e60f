package dev.siege.bundle.pipeline;

import dev.siege.core.check.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SiegeBuilder#build()} produced.
 *
 * @param upToDate true when the existing bundle matched and nothing was built
 * @param changed the fingerprint components that differ from the previous bundle (why it was
 *     rebuilt); empty for a first build or an up-to-date one
 * @param files regular files in the bundle
 * @param bytes their total size
 * @param packages packages in the shipped depot
 * @param sysimageBytes size of the sysimage, 0 when none was built
 * @param warnings every warning reported during the build
 * @param logDirectory where the output of each Julia process was saved
 */
public record BuildResult(
    Path bundle,
    boolean upToDate,
    List<String> changed,
    long files,
    long bytes,
    int packages,
    long sysimageBytes,
    List<Diagnostic> warnings,
    Duration elapsed,
    Optional<Path> logDirectory) {

  public BuildResult {
    Objects.requireNonNull(bundle, "bundle");
    changed = List.copyOf(changed);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(logDirectory, "logDirectory");
  }
}
