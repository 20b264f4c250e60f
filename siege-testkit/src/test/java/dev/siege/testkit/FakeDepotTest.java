package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeDepotTest {
  @TempDir Path dir;

  @Test
  void sameSeedAndScaleGiveByteIdenticalTrees() throws Exception {
    FakeDepotDescription a = FakeDepot.generate(dir.resolve("a"), 42, 0.02);
    FakeDepotDescription b = FakeDepot.generate(dir.resolve("b"), 42, 0.02);

    assertThat(treeHash(dir.resolve("b"))).isEqualTo(treeHash(dir.resolve("a")));
    assertThat(b.packages()).isEqualTo(a.packages());
    assertThat(b.totalBytes()).isEqualTo(a.totalBytes());
  }

  @Test
  void anotherSeedGivesAnotherTree() throws Exception {
    FakeDepot.generate(dir.resolve("a"), 1, 0.01);
    FakeDepot.generate(dir.resolve("b"), 2, 0.01);

    assertThat(treeHash(dir.resolve("b"))).isNotEqualTo(treeHash(dir.resolve("a")));
  }

  @Test
  void artifactLibrariesSitBehindRelativeSymlinkChains() throws Exception {
    FakeDepotDescription d = FakeDepot.generate(dir.resolve("t"), 7, 0.05);

    assertThat(d.artifacts()).isNotEmpty();
    for (FakeArtifact a : d.artifacts()) {
      Path artifact = d.depot().resolve(a.dir());
      assertThat(a.symlinks()).hasSize(2 * a.libraries().size());
      for (String link : a.symlinks()) {
        Path p = artifact.resolve(link);
        assertThat(Files.isSymbolicLink(p)).as(link).isTrue();
        Path target = Files.readSymbolicLink(p);
        assertThat(target.isAbsolute()).as(link + " -> " + target).isFalse();
        assertThat(target.getNameCount()).isEqualTo(1);
      }
      for (String lib : a.libraries()) {
        Path real = artifact.resolve(lib);
        assertThat(real.getFileName().toString()).matches("lib.*\\.so\\.\\d+\\.\\d+\\.\\d+");
        assertThat(Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.getPosixFilePermissions(real)).contains(PosixFilePermission.OWNER_EXECUTE);
        String so = real.getFileName().toString().replaceAll("\\.so\\..*", ".so");
        // libfoo.so -> libfoo.so.N -> libfoo.so.N.m.p
        assertThat(real.resolveSibling(so).toRealPath()).isEqualTo(real.toRealPath());
      }
    }
  }

  @Test
  void describesWhatItWrote() throws Exception {
    FakeDepotDescription d = FakeDepot.generate(dir.resolve("t"), 3, 0.05);

    long files;
    long links;
    try (Stream<Path> all = Files.walk(d.root())) {
      List<Path> entries = all.toList();
      files = entries.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
      links = entries.stream().filter(Files::isSymbolicLink).count();
      assertThat(entries.stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count() - 1)
          .isEqualTo(d.directories());
    }
    assertThat(d.regularFiles()).isEqualTo(files);
    assertThat(d.symlinks()).isEqualTo(links);
    assertThat(Files.size(d.layout().sysimage())).isEqualTo(d.sysimageBytes());
    for (FakePackage p : d.packages()) {
      assertThat(d.depot().resolve(p.dir()).resolve("Project.toml")).exists();
      assertThat(p.slug()).matches("[A-Za-z0-9]{5}");
    }
    for (String stale : d.stalePackageDirs()) {
      assertThat(d.depot().resolve(stale)).isDirectory();
      assertThat(d.packages()).noneMatch(p -> p.dir().equals(stale));
    }
    for (String prunable : d.prunableDirs()) {
      assertThat(d.depot().resolve(prunable)).isDirectory();
    }
    assertThat(d.depot().resolve("registries/General/Registry.toml")).exists();
    String manifest = Files.readString(d.layout().env().resolve("Manifest.toml"));
    for (FakePackage p : d.packages()) {
      assertThat(manifest).contains("[[deps." + p.name() + "]]", "git-tree-sha1 = \"" + p.treeSha1() + "\"");
    }
  }

  @Test
  void countsScaleRoughlyAsPromised() throws Exception {
    // Scale 1 is about 20,000 files and 650 MB; 0.05 should be about a twentieth of that.
    FakeDepotDescription d = FakeDepot.generate(dir.resolve("t"), 11, 0.05);

    assertThat(d.regularFiles() + d.symlinks()).isBetween(600, 1500);
    assertThat(d.totalBytes()).isBetween(15_000_000L, 50_000_000L);
    assertThat(d.packages()).hasSize(9 + 3);
    assertThat(d.artifacts()).hasSize(3);
  }

  @Test
  void worksOnJimfs() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build())) {
      FakeDepotDescription d = FakeDepot.generate(fs.getPath("/bundle"), 5, 0.01);

      assertThat(Files.isSymbolicLink(d.depot().resolve(d.artifacts().get(0).dir()).resolve(d.artifacts().get(0).symlinks().get(0))))
          .isTrue();
      assertThat(Files.getPosixFilePermissions(d.layout().sysimage()))
          .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void refusesANonEmptyDirectory() throws Exception {
    Files.writeString(dir.resolve("keep.txt"), "x");

    assertThatThrownBy(() -> FakeDepot.generate(dir, 1, 0.01)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(dir.resolve("keep.txt")).hasContent("x");
  }

  /** Hash over names, types, modes, link targets and contents, in sorted order. */
  static String treeHash(Path root) throws IOException {
    MessageDigest md = sha256();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted().toList()) {
        md.update(root.relativize(p).toString().getBytes());
        if (Files.isSymbolicLink(p)) {
          md.update(("L" + Files.readSymbolicLink(p)).getBytes());
        } else {
          md.update(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).getBytes());
          if (Files.isRegularFile(p)) {
            try (InputStream in = Files.newInputStream(p)) {
              byte[] buf = new byte[65536];
              for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
          }
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
