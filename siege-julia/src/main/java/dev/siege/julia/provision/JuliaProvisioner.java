package dev.siege.julia.provision;

import dev.siege.core.io.FileTrees;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.event.SiegeListener;
import dev.siege.core.io.IoMessages;
import dev.siege.core.version.Version;
import dev.siege.julia.install.ExecutableCheck;
import dev.siege.julia.install.JuliaInstallation;
import dev.siege.julia.install.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Downloads an official Julia binary tarball for this OS/arch, listed in Julia's versions index,
 * verifies its sha256 and its OpenPGP signature ({@code <tarball URL>.asc}, by Julia's release
 * key, {@link ReleaseKeys#julia()}) and unpacks it into {@code <cache>/<version>}. A download whose
 * signature is missing or bad is refused unless the provisioner is {@linkplain
 * Builder#insecureDownload insecure}; such a cache entry is marked ({@code <version>.unverified}
 * beside it) and is used only by an insecure provisioner: a secure one downloads and verifies it
 * again, and replaces it. Atomic: everything happens
 * in a temporary directory beside the cache entry, renamed into place only at the end, so a
 * failed, corrupt or interrupted download leaves nothing in the cache.
 */
public final class JuliaProvisioner {

  /** Where official Julia binaries and {@code versions.json} are published. */
  public static final URI OFFICIAL_BASE = URI.create("https://julialang-s3.julialang.org/bin/");


  private final Path cacheDir;
  private final URI base;
  private final HostPlatform platform;
  private final HttpClient http;
  private final Duration stallTimeout;
  private final HttpTransfer transfer;
  private final ReleaseKeys keys;
  private final boolean insecure;
  /** The index last read and when: reused for {@link #INDEX_REUSE}, e.g. by a plan and the build that follows. */
  private VersionsIndex index;
  private long indexReadAt;

  /**
   * How long a read versions index is reused. A build looks at it when it plans and again when it
   * downloads; Julia's releases come weeks apart, and a long-lived provisioner (a service that
   * embeds SIEGE) still sees a new one within minutes.
   */
  static final Duration INDEX_REUSE = Duration.ofMinutes(10);

  private JuliaProvisioner(Builder b) {
    this.cacheDir = Objects.requireNonNull(b.cacheDir, "cacheDir");
    this.base = b.base.toString().endsWith("/") ? b.base : URI.create(b.base + "/");
    this.platform = b.platform;
    this.stallTimeout = b.stallTimeout;
    this.keys = b.keys != null ? b.keys : ReleaseKeys.julia();
    this.insecure = b.insecure;
    this.http = b.http != null ? b.http
        : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
    this.transfer = new HttpTransfer(http, stallTimeout);
  }

  public static Builder builder(Path cacheDir) {
    return new Builder(cacheDir);
  }

  /** {@code $XDG_CACHE_HOME/siege/julia}, else {@code ~/.cache/siege/julia}. */
  public static Path defaultCacheDir(Map<String, String> env) {
    return UserCache.root(env).resolve("julia");
  }

  /** The index this provisioner reads: {@code <base>versions.json}. */
  public URI indexUri() {
    return base.resolve("versions.json");
  }

  /**
   * The cached installation of {@code version}, without touching the network. An entry downloaded
   * without a signature check counts only for an insecure provisioner.
   */
  public Optional<JuliaInstallation> cached(Version version) {
    Path binary = entry(version).resolve("bin").resolve("julia");
    if (!insecure && Files.exists(unverifiedMarker(version), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return ExecutableCheck.check(binary).isEmpty()
        ? Optional.of(new JuliaInstallation(binary, "SIEGE cache (" + version + ")"))
        : Optional.empty();
  }

  /**
   * Returns Julia {@code version} from the cache, downloading it first when it is not there.
   * Reports {@link SiegeEvent.Progress} in bytes while downloading.
   */
  public JuliaInstallation provision(Version version, SiegeListener listener)
      throws SiegeException, InterruptedException {
    Optional<JuliaInstallation> cached = cached(version);
    if (cached.isPresent()) {
      return cached.get();
    }
    JuliaDownload download = select(fetchIndex(), version);
    Path tmp = null;
    try {
      Files.createDirectories(cacheDir);
      tmp = Files.createTempDirectory(cacheDir, ".tmp-" + version + "-");
      Path tarball = tmp.resolve("julia.tar.gz");
      boolean verified = fetch(download, tarball, version, listener);
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "unpacking Julia " + version + " into " + entry(version)));
      Path unpacked = tmp.resolve("unpacked");
      try {
        TarGzUnpacker.unpack(tarball, unpacked);
      } catch (IOException e) {
        throw new SiegeException("could not unpack the Julia " + version + " tarball from " + shown(download) + ": " + e.getMessage(),
            "the download may be damaged or not an official Julia tarball; try again", e);
      }
      Path root = installationRoot(unpacked);
      if (ExecutableCheck.check(root.resolve("bin").resolve("julia")).isPresent()) {
        throw new SiegeException("the Julia " + version + " tarball from " + shown(download) + " has no executable bin/julia",
            "check that the mirror ({option:JULIA_DOWNLOAD_BASE}) serves official Julia tarballs");
      }
      Path marker = unverifiedMarker(version);
      if (!verified) {
        // Marked before it is visible, so no secure provisioner ever takes it for verified.
        Files.writeString(marker, "downloaded from " + shown(download) + " without a valid signature\n");
        moveIntoPlace(root, entry(version));
      } else if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
        // The entry of an earlier insecure download: the verified one replaces it, and the mark
        // goes last, so an interruption leaves at worst a verified entry marked unverified.
        if (Files.exists(entry(version), LinkOption.NOFOLLOW_LINKS)) {
          Files.move(entry(version), tmp.resolve("replaced"), StandardCopyOption.ATOMIC_MOVE);
        }
        moveIntoPlace(root, entry(version));
        Files.delete(marker);
      } else {
        moveIntoPlace(root, entry(version));
      }
    } catch (IOException e) {
      throw new SiegeException("could not write Julia " + version + " into the cache " + cacheDir + ": " + e.getMessage(),
          "check that the cache directory is writable and has free space", e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
    return cached(version).orElseThrow(() -> new SiegeException(
        "Julia " + version + " is not usable in the cache after unpacking: " + entry(version), null));
  }

  /** An official Julia the index offers for this platform, and the size of its download (-1 if unknown). */
  public record Offer(Version version, long bytes) {}

  /**
   * The newest stable Julia in the versions index that {@code accepts}, with a tarball for this
   * platform; for a project without a manifest that names no other Julia.
   */
  public Optional<Offer> newestStable(Predicate<Version> accepts) throws SiegeException, InterruptedException {
    VersionsIndex index = fetchIndex();
    for (Version v : index.newestStable(Integer.MAX_VALUE)) {
      Optional<JuliaDownload> tarball = index.tarball(v, platform);
      if (accepts.test(v) && tarball.isPresent()) {
        return Optional.of(new Offer(v, tarball.get().size()));
      }
    }
    return Optional.empty();
  }

  /** What downloading {@code version} for this platform costs, from the versions index. */
  public Offer offer(Version version) throws SiegeException, InterruptedException {
    return new Offer(version, select(fetchIndex(), version).size());
  }

  // ---------------------------------------------------------------------------------------------
  // Julia for another platform (a bundle built here for another machine): downloaded, checked and
  // unpacked, never run. Cached as <cache>/<triplet>/<version>/{julia/, download.properties}, the
  // whole <version> directory renamed into place at once, so the host's <cache>/<version> entries
  // and the targets' never mix, and a half-unpacked tree is never visible.
  // ---------------------------------------------------------------------------------------------

  private static final String TREE = "julia";
  private static final String RECORD = "download.properties";
  private static final String TREE_DIGEST = "tree_sha256";

  /** Whether a cached official Julia for another platform can be used, and if not, why. */
  public enum CacheState {
    /** Complete, unchanged since it was unpacked, and acceptable to this provisioner. */
    USABLE,
    /** Nothing is there. */
    ABSENT,
    /** Something is there, but not a complete entry (an interrupted write, or an older SIEGE's). */
    INCOMPLETE,
    /** Downloaded without a valid signature, and this provisioner is not insecure. */
    UNVERIFIED,
    /** Its tree differs from the one unpacked: a file was changed, added or removed since. */
    CHANGED
  }

  private record Inspection(CacheState state, Optional<JuliaTree> tree) {
    static Inspection not(CacheState state) {
      return new Inspection(state, Optional.empty());
    }
  }

  /**
   * The cached official Julia {@code version} for {@code target}, without touching the network.
   * Empty when it is not there, is incomplete, was changed since it was unpacked (its tree is
   * checked against the digest taken then, reading every file), or was downloaded without a valid
   * signature and this provisioner is not insecure; {@link #cacheStateFor} says which.
   */
  public Optional<JuliaTree> cachedFor(HostPlatform target, Version version) {
    return inspect(target, version, true).tree();
  }

  /**
   * The cached entry as {@link #cachedFor} would give it, but without reading its files (a
   * changed tree is not noticed): for a plan, whose build checks the tree with {@link #cachedFor}
   * when it uses it. Reading every file twice per build (plan, then step) cost 1.6 s for Julia's
   * 500 MB.
   */
  public Optional<JuliaTree> recordedFor(HostPlatform target, Version version) {
    return inspect(target, version, false).tree();
  }

  /** Why {@link #cachedFor} gives or does not give the cached entry (reads every file of it). */
  public CacheState cacheStateFor(HostPlatform target, Version version) {
    return inspect(target, version, true).state();
  }

  private Inspection inspect(HostPlatform target, Version version, boolean readFiles) {
    Path entry = targetEntry(target, version);
    if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
      return Inspection.not(CacheState.ABSENT);
    }
    java.util.Properties record = new java.util.Properties();
    try (InputStream in = Files.newInputStream(entry.resolve(RECORD), LinkOption.NOFOLLOW_LINKS)) {
      record.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return Inspection.not(CacheState.INCOMPLETE);
    }
    JuliaTree.Signature signature;
    URI url;
    try {
      signature = JuliaTree.Signature.valueOf(record.getProperty("signature", ""));
      url = URI.create(DownloadUrls.shown(URI.create(record.getProperty("url", ""))));
    } catch (IllegalArgumentException e) {
      return Inspection.not(CacheState.INCOMPLETE);
    }
    String sha256 = record.getProperty("sha256", "");
    String treeDigest = record.getProperty(TREE_DIGEST, "");
    Path root = entry.resolve(TREE);
    if (sha256.isEmpty() || treeDigest.isEmpty() || !isJuliaTree(root, target)) {
      return Inspection.not(CacheState.INCOMPLETE);
    }
    if (signature == JuliaTree.Signature.UNVERIFIED && !insecure) {
      return Inspection.not(CacheState.UNVERIFIED);
    }
    try {
      if (readFiles && !TreeDigest.of(root).equals(treeDigest)) {
        return Inspection.not(CacheState.CHANGED);
      }
    } catch (IOException e) {
      return Inspection.not(CacheState.CHANGED); // unreadable now: not what was unpacked
    }
    return new Inspection(CacheState.USABLE, Optional.of(new JuliaTree(target, version, root, url, sha256, signature)));
  }

  /**
   * Returns the official Julia {@code version} for {@code target} (e.g. {@link
   * HostPlatform#fromTriplet} of {@code aarch64-linux-gnu}) from the cache, downloading it first
   * when it is not there: the archive the versions index lists for that platform (its {@code
   * .tar.gz}, else its {@code .zip}), checked against the index's size and sha256 and against its
   * OpenPGP signature where Julia publishes one (every {@code .tar.gz}; the signature is taken
   * from the index's {@code asc} field, else from {@code <url>.asc}; a {@code .zip} has none, see
   * {@link JuliaTree.Signature#NOT_PUBLISHED}), then unpacked, and a digest of the unpacked tree
   * recorded. Nothing of it is run. A cached tree that no longer matches its digest is reported
   * (a {@link SiegeEvent.Level#WARNING}) and replaced by a fresh download. Reports {@link
   * SiegeEvent.Progress} in bytes while downloading. A failure leaves nothing in the cache.
   *
   * @throws SiegeException when the version or the platform is not in the index, the download
   *     fails, is truncated, is too large, has another checksum or a bad signature, or the archive
   *     holds an entry that is refused; each says what, where and how to fix it
   */
  public JuliaTree provisionFor(HostPlatform target, Version version, SiegeListener listener)
      throws SiegeException, InterruptedException {
    Inspection found = inspect(target, version, true);
    if (found.tree().isPresent()) {
      return found.tree().get();
    }
    String what = "Julia " + version + " for " + target;
    Path entry = targetEntry(target, version);
    if (found.state() == CacheState.CHANGED) {
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING, what + " in SIEGE's cache (" + entry
          + ") changed since it was unpacked (a file was changed, added or removed): not used; downloading it again"));
    }
    try {
      return download(target, version, what, entry, listener);
    } catch (SiegeException e) {
      if (found.state() != CacheState.UNVERIFIED) {
        throw e;
      }
      throw new SiegeException(e.rawMessage() + "; SIEGE's cache holds a copy (" + entry + ") downloaded earlier without a"
              + " valid signature ({option:INSECURE_DOWNLOAD}), not used without it",
          "to use that unverified copy, add {option:INSECURE_DOWNLOAD}"
              + e.rawHint().map(h -> "; else: " + h).orElse(""), e);
    }
  }

  private JuliaTree download(HostPlatform target, Version version, String what, Path entry, SiegeListener listener)
      throws SiegeException, InterruptedException {
    JuliaDownload download = selectFor(fetchIndex(), target, version);
    Path platformDir = cacheDir.resolve(target.tripletPrefix());
    Path tmp = null;
    try {
      Files.createDirectories(platformDir);
      tmp = Files.createTempDirectory(platformDir, ".tmp-" + version + "-");
      boolean zip = download.isZipFor(target);
      Path archive = tmp.resolve(zip ? "julia.zip" : "julia.tar.gz");
      URI url = downloadChecked(download, archive, what, listener);
      String shownUrl = DownloadUrls.shown(url);
      JuliaTree.Signature signature;
      if (download.hasSignature() || !zip) {
        signature = checkSignature(url, archive, what, download.hasSignature() ? download.asc() : null, listener);
      } else {
        signature = JuliaTree.Signature.NOT_PUBLISHED;
        listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING, what + ": Julia publishes no signature for its"
            + " .zip, and the versions index has no .tar.gz for this version; checked against the index's sha256 only"));
      }
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO, "unpacking " + what + " into " + entry));
      Path unpacked = tmp.resolve("unpacked");
      try {
        if (zip) {
          ZipUnpacker.unpack(archive, unpacked);
        } else {
          TarGzUnpacker.unpack(archive, unpacked);
        }
      } catch (TarGzUnpacker.UnsafeEntryException e) {
        throw new SiegeException("the " + what + " archive from " + shownUrl + " is refused: " + e.getMessage()
                + "; nothing was put into the cache",
            "this is not an official Julia archive; check {option:JULIA_DOWNLOAD_BASE} (it must mirror Julia's downloads)", e);
      } catch (IOException e) {
        throw new SiegeException("could not unpack the " + what + " archive from " + shownUrl + ": " + IoMessages.describe(e),
            "the download may be damaged or not an official Julia archive; try again, or check {option:JULIA_DOWNLOAD_BASE}", e);
      }
      Path root = installationRoot(unpacked);
      if (!isJuliaTree(root, target)) {
        throw new SiegeException("the " + what + " archive from " + shownUrl + " holds no " + executableName(target)
                + " (one top directory with bin/ inside, as official archives have); nothing was put into the cache",
            "check that {option:JULIA_DOWNLOAD_BASE} serves official Julia archives");
      }
      Path staged = tmp.resolve("entry");
      Files.createDirectory(staged);
      Files.move(root, staged.resolve(TREE));
      java.util.Properties record = new java.util.Properties();
      record.setProperty("version", version.toString());
      record.setProperty("triplet", download.triplet());
      record.setProperty("url", shownUrl);
      record.setProperty("sha256", download.sha256());
      record.setProperty("signature", signature.name());
      record.setProperty(TREE_DIGEST, TreeDigest.of(staged.resolve(TREE)));
      try (var out = Files.newOutputStream(staged.resolve(RECORD))) {
        record.store(out, "the download of SIEGE's cached " + what);
      }
      if (cachedFor(target, version).isEmpty()) { // else another SIEGE process finished first: keep its entry
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
          // An entry cachedFor refused (incomplete, changed, or unverified for a secure provisioner): replaced.
          Files.move(entry, tmp.resolve("replaced"), StandardCopyOption.ATOMIC_MOVE);
        }
        if (moveIntoPlace(staged, entry)) {
          return new JuliaTree(target, version, entry.resolve(TREE), URI.create(shownUrl), download.sha256(), signature);
        }
      }
    } catch (IOException e) {
      throw new SiegeException("could not write " + what + " into the cache " + cacheDir + ": " + IoMessages.describe(e),
          "check that the cache directory is writable and has free space", e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
    return cachedFor(target, version).orElseThrow(() -> new SiegeException(
        what + " is not usable in the cache after unpacking: " + entry,
        "check that nothing else writes into " + cacheDir));
  }

  /** What downloading {@code version} for {@code target} costs, from the versions index. */
  public Offer offerFor(HostPlatform target, Version version) throws SiegeException, InterruptedException {
    return new Offer(version, selectFor(fetchIndex(), target, version).size());
  }

  /**
   * The archive the versions index lists for {@code version} on {@code target} (the one {@link
   * #provisionFor} would download: its size, sha256 and url, the mirror ({@link
   * Builder#baseUrl}) applied and any credentials left out), reading only the index.
   *
   * @throws SiegeException when the index cannot be read or lacks the version or the platform
   */
  public JuliaDownload archiveFor(HostPlatform target, Version version) throws SiegeException, InterruptedException {
    JuliaDownload d = selectFor(fetchIndex(), target, version);
    return new JuliaDownload(d.version(), d.triplet(), d.os(), d.arch(), d.kind(), d.extension(),
        URI.create(shown(d)), d.sha256(), d.size(), d.asc());
  }

  /** Where {@code download} is fetched from (the mirror applied), without credentials: to record or show. */
  private String shown(JuliaDownload download) {
    return DownloadUrls.shown(rebase(download.url()));
  }

  /** Where {@link #provisionFor} keeps {@code version} for {@code target}: {@code <cache>/<triplet>/<version>}. */
  public Path cacheEntryFor(HostPlatform target, Version version) {
    return targetEntry(target, version);
  }

  private Path targetEntry(HostPlatform target, Version version) {
    return cacheDir.resolve(target.tripletPrefix()).resolve(version.toString());
  }

  private static String executableName(HostPlatform target) {
    return target.os().equals("winnt") ? "bin/julia.exe" : "bin/julia";
  }

  /** The executable is a regular file (executable, off Windows); it is never started. */
  private static boolean isJuliaTree(Path root, HostPlatform target) {
    Path exe = root.resolve(executableName(target));
    return Files.isRegularFile(exe, LinkOption.NOFOLLOW_LINKS)
        && (target.os().equals("winnt") || Files.isExecutable(exe));
  }

  private JuliaDownload selectFor(VersionsIndex index, HostPlatform target, Version version) throws SiegeException {
    requireVersion(index, version);
    return index.archive(version, target).orElseThrow(() -> {
      List<String> has = index.archiveTriplets(version);
      return new SiegeException("Julia " + version + " has no official archive for " + target + " in the versions index "
          + indexUri() + (has.isEmpty() ? " (it lists no archive at all for that version)"
              : "; it has one for " + String.join(", ", has)),
          "choose a platform it has, or another version with {option:JULIA_VERSION}; or leave out"
              + " {option:INCLUDE_JULIA} and install Julia on the target machine yourself");
    });
  }

  private Path entry(Version version) {
    return cacheDir.resolve(version.toString());
  }

  /** Beside an entry downloaded without a valid signature ({@link Builder#insecureDownload}). */
  private Path unverifiedMarker(Version version) {
    return cacheDir.resolve(version + ".unverified");
  }

  private synchronized VersionsIndex fetchIndex() throws SiegeException, InterruptedException {
    if (index != null && System.nanoTime() - indexReadAt < INDEX_REUSE.toNanos()) {
      return index;
    }
    URI uri = indexUri();
    HttpResponse<InputStream> response = transfer.get(uri, "the Julia versions index");
    try (InputStream in = response.body()) {
      index = VersionsIndex.parse(in, uri);
      indexReadAt = System.nanoTime();
      return index;
    } catch (IOException e) {
      throw new SiegeException("could not read the Julia versions index " + uri + ": " + e.getMessage(),
          "check {option:JULIA_DOWNLOAD_BASE}; it must serve Julia's versions.json", e);
    }
  }

  private JuliaDownload select(VersionsIndex index, Version version) throws SiegeException {
    requireVersion(index, version);
    return index.tarball(version, platform).orElseThrow(() -> new SiegeException(
        "Julia " + version + " has no official .tar.gz for this platform (" + platform + ")",
        "install Julia for this machine yourself and pass {option:JULIA} PATH"));
  }

  private void requireVersion(VersionsIndex index, Version version) throws SiegeException {
    if (!index.contains(version)) {
      List<Version> newest = index.newestStable(5);
      throw new SiegeException("Julia " + version + " is not in the versions index " + indexUri(),
          newest.isEmpty() ? "check the version number"
              : "check the version number; the newest stable versions are " + String.join(", ", newest.stream().map(Version::toString).toList()));
    }
  }

  /** @return whether the signature was verified (false only for an insecure provisioner) */
  private boolean fetch(JuliaDownload download, Path file, Version version, SiegeListener listener)
      throws SiegeException, InterruptedException {
    URI url = downloadChecked(download, file, "Julia " + version, listener);
    return checkSignature(url, file, "Julia " + version, null, listener) == JuliaTree.Signature.VERIFIED;
  }

  /**
   * Downloads {@code download} into {@code file} and checks its length and sha256 against the
   * index.
   *
   * @return the address it was downloaded from
   */
  private URI downloadChecked(JuliaDownload download, Path file, String what, SiegeListener listener)
      throws SiegeException, InterruptedException {
    URI url = rebase(download.url());
    DownloadUrls.checkListed(url, what);
    checkSize(download.size(), what, url, file);
    HttpResponse<InputStream> response = transfer.get(url, what);
    long total = download.size() >= 0 ? download.size() : response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (download.size() < 0) {
      try {
        checkSize(total, what, url, file);
      } catch (SiegeException e) {
        closeQuietly(response.body());
        throw e;
      }
    }
    String task = "download " + what;
    MessageDigest sha256 = sha256();
    long done = transfer.copyBody(response.body(), file, sha256, total, task, url, listener);
    listener.on(new SiegeEvent.Progress(task, done, total, SiegeEvent.Unit.BYTES));
    if (total >= 0 && done != total) {
      throw new SiegeException("download of " + what + " from " + DownloadUrls.shown(url) + " is incomplete: got " + done + " of " + total + " bytes",
          "try again; nothing was put into the cache");
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(download.sha256())) {
      throw new SiegeException("checksum mismatch for " + what + " from " + DownloadUrls.shown(url) + ": expected sha256 "
              + download.sha256() + ", got " + actual,
          "the download is corrupt or was tampered with; try again or use another mirror ({option:JULIA_DOWNLOAD_BASE})");
    }
    return url;
  }

  /** No official Julia archive comes near this: a larger size means the index is wrong. */
  static final long MAX_ARCHIVE_BYTES = 4L << 30;

  /** Refuses a download that cannot be right (above {@link #MAX_ARCHIVE_BYTES}) or cannot fit in the cache. */
  private static void checkSize(long size, String what, URI url, Path file) throws SiegeException {
    long free;
    try {
      free = Files.getFileStore(file.getParent()).getUsableSpace();
    } catch (IOException e) {
      free = Long.MAX_VALUE; // the download itself then says what is wrong with the cache
    }
    checkSize(size, free, what, url, file.getParent().getParent());
  }

  /** @param cache the cache directory the download goes to, for the message */
  static void checkSize(long size, long free, String what, URI url, Path cache) throws SiegeException {
    if (size > MAX_ARCHIVE_BYTES) {
      throw new SiegeException("the " + what + " archive (" + DownloadUrls.shown(url) + ") is said to be " + size
              + " bytes, more than " + MAX_ARCHIVE_BYTES + " (4 GiB), which no official Julia comes near; not downloaded",
          "the versions index looks wrong: check {option:JULIA_DOWNLOAD_BASE} (it must mirror Julia's downloads)");
    }
    if (size > free) {
      throw new SiegeException("the " + what + " archive (" + DownloadUrls.shown(url) + ") is said to be " + size
              + " bytes, but the file system of SIEGE's cache (" + cache + ") has only " + free
              + " bytes free; not downloaded",
          "free space there, or check the versions index ({option:JULIA_DOWNLOAD_BASE}): the size may be wrong");
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  /**
   * Checks the detached signature of the archive against the trusted keys: {@code inlineAsc}
   * when the versions index carries it, else the file published beside the archive ({@code
   * <url>.asc}). The sha256 above only proves the bytes are those the index lists, and the index
   * comes from the same server; the signature proves Julia's release key signed them.
   *
   * @param inlineAsc the signature text from the index, or null to download {@code <url>.asc}
   * @return {@link JuliaTree.Signature#VERIFIED}, or {@link JuliaTree.Signature#UNVERIFIED} for
   *     an insecure provisioner
   */
  private JuliaTree.Signature checkSignature(URI url, Path file, String what, String inlineAsc, SiegeListener listener)
      throws SiegeException, InterruptedException {
    URI ascUrl = URI.create(url + ".asc");
    String problem;
    try {
      byte[] asc = inlineAsc != null ? inlineAsc.getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : download(ascUrl, "the signature of " + what);
      String signer = keys.verify(file, asc);
      listener.on(new SiegeEvent.Message(SiegeEvent.Level.INFO,
          what + ": good signature by release key " + signer));
      return JuliaTree.Signature.VERIFIED;
    } catch (MissingSignature e) {
      problem = "has no signature: " + e.getMessage();
    } catch (ReleaseKeys.BadSignature e) {
      problem = "has a bad signature (" + (inlineAsc != null ? "the versions index's \"asc\"" : DownloadUrls.shown(ascUrl)) + "): " + e.getMessage();
    } catch (IOException e) {
      throw new SiegeException("could not read the downloaded " + what + " to check its signature: " + e.getMessage(),
          "check that the cache directory is readable", e);
    }
    String message = "the " + what + " download from " + DownloadUrls.shown(url) + " " + problem;
    if (!insecure) {
      throw new SiegeException(message + "; refused, nothing was put into the cache",
          "try again or use another mirror; to use it anyway, unverified, pass {option:INSECURE_DOWNLOAD}"
              + " (the bundle's metadata then records it)");
    }
    listener.on(new SiegeEvent.Message(SiegeEvent.Level.WARNING,
        message + "; used anyway ({option:INSECURE_DOWNLOAD})"));
    return JuliaTree.Signature.UNVERIFIED;
  }

  /** The signature file is absent (HTTP 404) or could not be fetched. */
  private static final class MissingSignature extends Exception {
    private static final long serialVersionUID = 1L;

    MissingSignature(String message) {
      super(message);
    }
  }

  /** A small file (a signature), whole, at most {@link ReleaseKeys#MAX_SIGNATURE_BYTES} + 1 bytes. */
  private byte[] download(URI uri, String what) throws MissingSignature, InterruptedException {
    HttpResponse<InputStream> response;
    String shown = DownloadUrls.shown(uri);
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(stallTimeout.plusSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException | IllegalArgumentException e) {
      throw new MissingSignature("could not download " + what + " from " + shown + ": "
          + (e instanceof IOException io ? IoMessages.describe(io) : e.getMessage()));
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new MissingSignature(shown + " answered HTTP " + response.statusCode());
      }
      return in.readNBytes(ReleaseKeys.MAX_SIGNATURE_BYTES + 1);
    } catch (IOException e) {
      throw new MissingSignature("could not download " + what + " from " + shown + ": " + IoMessages.describe(e));
    }
  }

  /** Files listed under the official address are fetched from the configured base (a mirror). */
  private URI rebase(URI url) {
    String s = url.toString();
    if (!base.equals(OFFICIAL_BASE) && s.startsWith(OFFICIAL_BASE.toString())) {
      return base.resolve(s.substring(OFFICIAL_BASE.toString().length()));
    }
    return url;
  }

  /** Official tarballs hold one top directory ({@code julia-1.10.5/}); the installation is inside it. */
  private static Path installationRoot(Path unpacked) throws IOException {
    if (Files.isDirectory(unpacked.resolve("bin"), LinkOption.NOFOLLOW_LINKS)) {
      return unpacked;
    }
    try (Stream<Path> children = Files.list(unpacked)) {
      List<Path> all = children.toList();
      return all.size() == 1 && Files.isDirectory(all.get(0), LinkOption.NOFOLLOW_LINKS) ? all.get(0) : unpacked;
    }
  }

  /** @return false when another SIEGE process put the same version there first (its copy is as good as ours) */
  private static boolean moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename within " + to.getParent() + " atomically", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Configures a {@link JuliaProvisioner}. */
  public static final class Builder {
    private final Path cacheDir;
    private URI base = OFFICIAL_BASE;
    private HostPlatform platform = HostPlatform.current();
    private HttpClient http;
    private Duration stallTimeout = Duration.ofMinutes(2);
    private ReleaseKeys keys;
    private boolean insecure;

    private Builder(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /**
     * Where {@code versions.json} and the tarballs are (a mirror of {@link #OFFICIAL_BASE}).
     *
     * @throws IllegalArgumentException when it is not an {@code http(s)} URL with a host, or holds
     *     credentials ({@link DownloadUrls#checkBase})
     */
    public Builder baseUrl(URI base) {
      DownloadUrls.checkBase(Objects.requireNonNull(base, "base"));
      this.base = base;
      return this;
    }

    /** The platform to download for (default: this machine). */
    public Builder platform(HostPlatform platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** How long a download may receive nothing before it is abandoned (default 2 minutes). */
    public Builder stallTimeout(Duration stallTimeout) {
      if (stallTimeout.isNegative() || stallTimeout.isZero()) {
        throw new IllegalArgumentException("stallTimeout must be positive, was " + stallTimeout);
      }
      this.stallTimeout = stallTimeout;
      return this;
    }

    /** The keys a download must be signed by (default: {@link ReleaseKeys#julia()}). */
    public Builder releaseKeys(ReleaseKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Uses a download whose signature is missing or bad, with a warning, instead of refusing it;
     * also uses cache entries so downloaded. The sha256 of the versions index is still checked.
     */
    public Builder insecureDownload(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    public JuliaProvisioner build() {
      return new JuliaProvisioner(this);
    }
  }
}
