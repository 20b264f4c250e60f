package dev.siege.bundle.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupPermissionsTest {
  @TempDir Path tmp;
  List<SiegeEvent> events = new ArrayList<>();

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static Path file(Path p, String mode) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  /** A bundle with the modes a careless umask or a build tool may leave. */
  private Path bundle(Path root) throws Exception {
    file(root.resolve("bin/julia"), "rwx------");
    file(root.resolve("depot/packages/A/x/src/A.jl"), "rw-rw-rw-");
    file(root.resolve("depot/artifacts/0123/lib/libfoo.so.1.2.3"), "rwxr-x---");
    file(root.resolve("env/Project.toml"), "rw-------");
    Files.createSymbolicLink(root.resolve("depot/artifacts/0123/lib/libfoo.so"), Path.of("libfoo.so.1.2.3"));
    Files.setPosixFilePermissions(root.resolve("depot/packages"), PosixFilePermissions.fromString("rwx---rwx"));
    Files.setPosixFilePermissions(root.resolve("env"), PosixFilePermissions.fromString("rwx------"));
    return root;
  }

  @Test
  void opensTheInstallToTheGroupAndClosesItToWriters() throws Exception {
    Path root = bundle(tmp.resolve("b"));
    // Portable: the current user's primary group, which a new file gets.
    String group = Files.readAttributes(root.resolve("bin/julia"), PosixFileAttributes.class).group().getName();

    PermissionsReport report = GroupPermissions.apply(root, GroupAccess.of(group), events::add);

    assertThat(mode(root.resolve("bin/julia"))).isEqualTo("rwxr-x---");
    assertThat(mode(root.resolve("depot/packages/A/x/src/A.jl"))).isEqualTo("rw-r--r--");
    assertThat(mode(root.resolve("depot/artifacts/0123/lib/libfoo.so.1.2.3"))).isEqualTo("rwxr-x---");
    assertThat(mode(root.resolve("env/Project.toml"))).isEqualTo("rw-r-----");
    assertThat(mode(root.resolve("depot/packages"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(root.resolve("env"))).isEqualTo("rwxr-x---");
    assertThat(report.files()).isEqualTo(4);
    assertThat(report.symlinks()).isEqualTo(1);
    assertThat(report.modesChanged()).isEqualTo(5);
    try (var all = Files.walk(root)) {
      for (Path p : all.toList()) {
        var attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attrs.group().getName()).as(p.toString()).isEqualTo(group);
        if (!attrs.isSymbolicLink()) {
          // group may read, nobody but the owner may write
          assertThat(mode(p)).as(p.toString()).matches("...r-..-.");
        }
      }
    }
    assertThat(events).hasSize(1);
  }

  @Test
  void isIdempotent() throws Exception {
    Path root = bundle(tmp.resolve("b"));
    String group = Files.readAttributes(root, PosixFileAttributes.class).group().getName();
    GroupPermissions.apply(root, GroupAccess.of(group), events::add);

    PermissionsReport again = GroupPermissions.apply(root, GroupAccess.of(group), events::add);

    assertThat(again.modesChanged()).isZero();
    assertThat(again.groupsChanged()).isZero();
  }

  @Test
  void canSetTheSetgidBitOnDirectories() throws Exception {
    Path root = bundle(tmp.resolve("b"));
    String group = Files.readAttributes(root, PosixFileAttributes.class).group().getName();

    GroupPermissions.apply(root, new GroupAccess(group, true), events::add);

    int dirMode = (Integer) Files.getAttribute(root.resolve("depot/packages"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int fileMode = (Integer) Files.getAttribute(root.resolve("bin/julia"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    assertThat(dirMode & 07777).isEqualTo(02755);
    assertThat(fileMode & 02000).isZero();
  }

  @Test
  void changesTheGroupOfLinksNotTheirTargets() throws Exception {
    try (FileSystem fs =
        Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix").build())) {
      Path root = Files.createDirectories(fs.getPath("/b"));
      Path outside = Files.createDirectories(fs.getPath("/outside"));
      Files.createSymbolicLink(root.resolve("link"), outside);

      GroupPermissions.apply(root, GroupAccess.of("researchers"), events::add);

      assertThat(Files.readAttributes(root.resolve("link"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName())
          .isEqualTo("researchers");
      assertThat(Files.readAttributes(outside, PosixFileAttributes.class).group().getName()).isNotEqualTo("researchers");
    }
  }

  @Test
  void anUnknownGroupIsAClearError() throws Exception {
    Path root = bundle(tmp.resolve("b"));

    assertThatThrownBy(() -> GroupPermissions.apply(root, GroupAccess.of("siege-no-such-group-4711"), events::add))
        .isInstanceOf(SiegeException.class)
        .hasMessage("no such group: siege-no-such-group-4711");
    assertThat(mode(root.resolve("depot/packages/A/x/src/A.jl"))).isEqualTo("rw-rw-rw-");
  }

  @Test
  void sharedModeGivesGroupReadAndExecuteWhereTheOwnerHasIt() {
    assertThat(PosixFilePermissions.toString(
            GroupPermissions.sharedMode(PosixFilePermissions.fromString("rwx-w--w-"), false)))
        .isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(
            GroupPermissions.sharedMode(PosixFilePermissions.fromString("rw----r--"), false)))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(
            GroupPermissions.sharedMode(PosixFilePermissions.fromString("rwx------"), true)))
        .isEqualTo("rwxr-x---");
  }

  @Test
  void rejectsAGroupNameThatIsNoName() {
    assertThatThrownBy(() -> GroupAccess.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
