package dev.siege.bundle.archive;

import dev.siege.core.io.FileTrees;
import com.github.luben.zstd.ZstdInputStream;
import dev.siege.bundle.verify.ArchiveVerifier;
import dev.siege.bundle.verify.Finding;
import dev.siege.bundle.verify.VerifyReport;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * {@code siege apply DELTA OLD_DIR NEW_DIR}: checks the delta archive as {@code siege verify}
 * does, unpacks it into a temporary directory beside NEW_DIR, and runs its own {@code apply}
 * script with bash, so that the result is exactly what the script alone gives (see {@link
 * DeltaWriter}): OLD_DIR checked and only read, NEW_DIR built beside it and checked before it
 * appears. Needs bash and coreutils (and zstd for patches), as the script does.
 */
public final class DeltaApplier {
  private final SiegeListener listener;

  public DeltaApplier(SiegeListener listener) {
    this.listener = listener;
  }

  /** Applies; returns the script's exit status (0: NEW_DIR built and checked). */
  public int apply(Path delta, Path oldDir, Path newDir, boolean link) throws SiegeException, InterruptedException {
    VerifyReport report = new ArchiveVerifier(listener).verify(delta);
    if (!report.isClean()) {
      String problems = report.findings().stream().limit(5).map(Finding::describe).collect(Collectors.joining("; "));
      throw new SiegeException("is damaged or not a delta: " + problems, "copy it again, check it with 'siege verify'",
          delta, 0, null);
    }
    Path parent = newDir.toAbsolutePath().normalize().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SiegeException("the new bundle's directory does not exist", "create it first", parent, 0, null);
    }
    Path scratch;
    try {
      scratch = Files.createTempDirectory(parent, ".siege-delta.");
    } catch (IOException e) {
      throw new SiegeException("cannot create a scratch directory: " + e.getMessage(), null, parent, 0, e);
    }
    try {
      Path script = unpack(delta, scratch);
      List<String> command = new ArrayList<>(List.of("bash", script.toString()));
      if (link) {
        command.add("--link");
      }
      command.add(oldDir.toString());
      command.add(newDir.toString());
      // The script's lines (what it checked, what it refused and why) become events.
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
          .start();
      p.getOutputStream().close();
      try (java.io.BufferedReader lines =
          new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, line));
        }
      }
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        p.destroy(); // the script's trap removes its scratch directory; OLD_DIR is only read
        p.waitFor();
        throw e;
      }
    } catch (IOException e) {
      throw new SiegeException("cannot apply the delta: " + e.getMessage(), null, delta, 0, e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  /** Unpacks the delta's directories and regular files (nothing else) below {@code into}; returns its apply. */
  private static Path unpack(Path delta, Path into) throws IOException, SiegeException {
    Path apply = null;
    for (Path file : partsOf(delta)) {
      if (!Files.isRegularFile(file)) {
        throw new SiegeException("no such file", null, file, 0, null);
      }
    }
    try (InputStream raw = new BufferedInputStream(joined(partsOf(delta)), 1 << 16)) {
      raw.mark(4);
      byte[] magic = raw.readNBytes(4);
      raw.reset();
      InputStream in = magic.length >= 2 && magic[0] == 0x1f && magic[1] == (byte) 0x8b
          ? GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get()
          : new ZstdInputStream(raw);
      TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new SiegeException("unsafe entry " + e.getName(), null, delta, 0, null);
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          if (target.getFileName().toString().equals(DeltaWriter.APPLY) && target.getParent().getParent().equals(into)) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            apply = target;
          }
        }
      }
    }
    if (apply == null) {
      throw new SiegeException("holds no apply script", "give a delta made by 'siege bundle --since'", delta, 0, null);
    }
    return apply;
  }

  /** The delta's file, or its parts ({@code NAME.part-001}, ...) when it was split. */
  private static List<Path> partsOf(Path delta) throws IOException {
    if (Files.exists(delta)) {
      String name = delta.getFileName().toString();
      if (!name.matches(".+\\.part-\\d{3,9}")) {
        return List.of(delta);
      }
      delta = delta.resolveSibling(name.substring(0, name.lastIndexOf(".part-")));
    }
    String prefix = delta.getFileName() + ".part-";
    try (Stream<Path> siblings = Files.list(delta.toAbsolutePath().getParent())) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private static InputStream joined(List<Path> files) throws IOException {
    List<InputStream> streams = new ArrayList<>();
    for (Path f : files) {
      streams.add(Files.newInputStream(f));
    }
    return new java.io.SequenceInputStream(java.util.Collections.enumeration(streams));
  }

}
