package dev.siege.bundle.verify;

import java.util.Locale;
import java.util.Objects;

/**
 * One problem {@code siege verify} found.
 *
 * @param path the file concerned, relative to the bundle root ({@code /} separators; for unsafe
 *     archive entries, the entry's name as stored), or empty when the finding concerns the whole
 *     bundle or archive
 */
public record Finding(Kind kind, String path, String message) {

  /** What kind of problem; {@link #label()} is how the CLI prints it. */
  public enum Kind {
    /** No {@code siege-bundle.toml}: the directory or archive is not a SIEGE bundle. */
    NOT_A_BUNDLE,
    /** {@code SHA256SUMS} is missing, unreadable or malformed. */
    CHECKSUMS,
    /** A file's sha256 differs from {@code SHA256SUMS}, or it is no longer a regular file. */
    TAMPERED,
    /** A file listed in {@code SHA256SUMS} is absent. */
    MISSING,
    /** A regular file not listed in {@code SHA256SUMS}. */
    EXTRA,
    /** A file that could not be read, or that no one but root may read. */
    UNREADABLE,
    /**
     * A symbolic link removed, added or retargeted since the build (against {@code BUNDLE-TREE}),
     * or a link loop.
     */
    LINK,
    /**
     * A mode changed since the build (against {@code BUNDLE-TREE}), a setuid, setgid or sticky bit
     * the build did not set, or anything world-writable.
     */
    MODE,
    /** {@code BUNDLE-TREE}, the record of links and modes, is unreadable or malformed. */
    TREE_RECORD,
    /** A name SIEGE cannot handle: not valid UTF-8, or not readable in the JVM's locale. */
    FILE_NAME,
    /** The launcher {@code bin/julia} is missing, not a regular file or not executable. */
    LAUNCHER,
    /** {@code siege-bundle.toml} is unreadable, of an unknown format, or contradicts the bundle. */
    METADATA,
    /** An archive entry with an absolute name or a {@code ..} component (never extracted). */
    UNSAFE_PATH,
    /** A symbolic or hard link whose target is absolute or leaves the bundle. */
    UNSAFE_LINK,
    /** A device, fifo, socket or other non-regular file. */
    SPECIAL_FILE,
    /** The same name stored twice in an archive (the later entry would win on extraction). */
    DUPLICATE,
    /** The archive's sha256 differs from {@code ARCHIVE.sha256} beside it, or that file is malformed. */
    ARCHIVE_CHECKSUM,
    /** The archive cannot be decompressed or its tar structure is damaged. */
    CORRUPT,
    /**
     * A signature ({@code SHA256SUMS.sig}, {@code ARCHIVE.sha256.sig}) is missing, bad, or by a key
     * the allowed signers do not list (only with {@code --signers}).
     */
    SIGNATURE;

    /** {@code tampered}, {@code not-a-bundle}, ...: the word the CLI prints. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code tampered: depot/x.jl (sha256 differs from SHA256SUMS)}, or {@code label: message}. */
  public String describe() {
    return path.isEmpty() ? kind.label() + ": " + message : kind.label() + ": " + path + " (" + message + ")";
  }
}
