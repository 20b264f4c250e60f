package dev.siege.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A local mirror of Julia's downloads ({@code SIEGE_JULIA_DOWNLOAD_BASE}, {@code
 * BuildContext.juliaDownloadBase}) for tests: {@code /bin/versions.json} in the shape of the
 * official index (per version {@code stable} and {@code files}, each with {@code triplet}, {@code
 * os}, {@code arch}, {@code kind}, {@code extension}, {@code url} under the official address,
 * {@code sha256}, {@code size}, {@code version}), and the archives it lists: official-looking
 * Julias for another platform ({@code julia-<v>/bin/julia} with a library link in a {@code
 * .tar.gz}, {@code julia-<v>/bin/julia.exe} in a Windows {@code .zip}). No signatures are
 * published: a {@code .tar.gz} is then used only with an insecure download, as with the real
 * server when its {@code .asc} is missing. Unknown paths answer 404.
 */
public final class FakeJuliaDownloads implements AutoCloseable {
  private static final String OFFICIAL = "https://julialang-s3.julialang.org/bin/";

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, List<Map<String, Object>>> versions = new java.util.TreeMap<>();

  private FakeJuliaDownloads() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      byte[] body = files.get(path);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  /** A server on a free port of 127.0.0.1, serving an empty index. */
  public static FakeJuliaDownloads start() throws IOException {
    FakeJuliaDownloads d = new FakeJuliaDownloads();
    d.writeIndex();
    return d;
  }

  /** The base to give SIEGE: {@code http://127.0.0.1:<port>/bin/}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bin/");
  }

  /**
   * Publishes the official Julia {@code version} for {@code triplet}: a {@code .zip} for a
   * Windows triplet ({@code *-w64-mingw32}), else a {@code .tar.gz}.
   *
   * @return the archive's path on the server
   */
  public String publish(String version, String triplet) {
    boolean windows = triplet.contains("mingw");
    byte[] archive = windows ? windowsZip(version) : tarball(version);
    String[] parts = triplet.split("-");
    String arch = parts[0];
    String os = windows ? "winnt" : triplet.contains("apple") ? "mac" : "linux";
    String ext = windows ? "zip" : "tar.gz";
    String rel = os + "/" + arch + "/julia-" + version + "-" + triplet + "." + ext;
    files.put("/bin/" + rel, archive);
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("triplet", triplet);
    f.put("os", os);
    f.put("arch", arch);
    f.put("kind", "archive");
    f.put("extension", ext);
    f.put("url", OFFICIAL + rel);
    f.put("sha256", sha256(archive));
    f.put("size", archive.length);
    f.put("version", version);
    versions.computeIfAbsent(version, v -> new ArrayList<>()).add(f);
    writeIndex();
    return "/bin/" + rel;
  }

  /** Serves other bytes at {@code path} than the index's sha256 describes (same length: only the checksum tells). */
  public void corrupt(String path) {
    byte[] b = files.get(path).clone();
    b[b.length / 2] ^= 0x55;
    files.put(path, b);
  }

  /** The paths requested so far, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void writeIndex() {
    StringBuilder json = new StringBuilder("{");
    for (var v : versions.entrySet()) {
      json.append(json.length() > 1 ? "," : "").append(quote(v.getKey())).append(": {\"stable\": true, \"files\": [");
      boolean first = true;
      for (Map<String, Object> f : v.getValue()) {
        json.append(first ? "" : ",").append('{');
        boolean firstField = true;
        for (var e : f.entrySet()) {
          json.append(firstField ? "" : ",").append(quote(e.getKey())).append(": ")
              .append(e.getValue() instanceof Number ? e.getValue().toString() : quote(e.getValue().toString()));
          firstField = false;
        }
        json.append('}');
        first = false;
      }
      json.append("]}");
    }
    files.put("/bin/versions.json", json.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Like an official Linux or macOS tarball: one top directory, an executable, a library link. */
  static byte[] tarball(String version) {
    String top = "julia-" + version + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      dir(tar, top);
      dir(tar, top + "bin/");
      file(tar, top + "bin/julia", 0755, "#!/bin/sh\necho 'fake official julia " + version + ": never run by SIEGE'\n");
      dir(tar, top + "lib/");
      file(tar, top + "lib/libjulia.so." + version, 0755, "\u007fELF fake libjulia " + version);
      TarArchiveEntry link = new TarArchiveEntry(top + "lib/libjulia.so", TarArchiveEntry.LF_SYMLINK, true);
      link.setLinkName("libjulia.so." + version);
      link.setMode(0120777);
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      dir(tar, top + "share/");
      dir(tar, top + "share/julia/");
      file(tar, top + "share/julia/base.jl", 0644, "# fake base\n");
      file(tar, top + "LICENSE.md", 0644, "MIT License (fake)\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
    e.setMode(040755);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setMode(0100000 | mode);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** Like the official Windows zip: one top directory, {@code bin/julia.exe}, DLLs, no links, no modes. */
  static byte[] windowsZip(String version) {
    String top = "julia-" + version + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (String d : List.of(top, top + "bin/", top + "share/", top + "share/julia/")) {
        zip.putArchiveEntry(new ZipArchiveEntry(d));
        zip.closeArchiveEntry();
      }
      for (var f : List.of(Map.entry(top + "bin/julia.exe", "MZ fake julia " + version),
          Map.entry(top + "bin/libjulia.dll", "MZ fake libjulia " + version),
          Map.entry(top + "share/julia/base.jl", "# fake base\n"), Map.entry(top + "LICENSE.md", "MIT License (fake)\n"))) {
        zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
