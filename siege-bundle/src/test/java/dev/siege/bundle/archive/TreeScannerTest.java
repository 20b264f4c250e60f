package dev.siege.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.SiegeException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TreeScannerTest {
  private final FileSystem fs =
      Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
  private final Path root = fs.getPath("/b/bundle");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  private void file(String name, String content) throws Exception {
    Files.createDirectories(root.resolve(name).getParent());
    Files.writeString(root.resolve(name), content);
  }

  private void link(String name, String target) throws Exception {
    Files.createDirectories(root.resolve(name).getParent());
    Files.createSymbolicLink(root.resolve(name), fs.getPath(target));
  }

  @Test
  void listsParentsBeforeChildrenAndChildrenByName() throws Exception {
    file("b/z.jl", "z");
    file("a-c", "ac");
    file("a/b", "ab");
    Files.createDirectories(root.resolve("empty"));

    TreeScanner.ScannedTree tree = TreeScanner.scan(root);

    assertThat(tree.entries()).extracting(TreeEntry::relative)
        .containsExactly("", "a", "a/b", "a-c", "b", "b/z.jl", "empty");
    assertThat(tree.fileBytes()).isEqualTo(5);
  }

  @Test
  void keepsPermissionBitsAndLinkTargets() throws Exception {
    file("bin/julia", "#!/bin/bash");
    Files.setPosixFilePermissions(root.resolve("bin/julia"), PosixFilePermissions.fromString("rwxr-x--x"));
    link("lib/libz.so", "libz.so.1");

    TreeScanner.ScannedTree tree = TreeScanner.scan(root);

    assertThat(tree.entries()).filteredOn(e -> e.relative().equals("bin/julia"))
        .singleElement().extracting(TreeEntry::mode).isEqualTo(0751);
    assertThat(tree.entries()).filteredOn(e -> e.relative().equals("lib/libz.so"))
        .singleElement().satisfies(e -> {
          assertThat(e.kind()).isEqualTo(TreeEntry.Kind.SYMLINK);
          assertThat(e.linkTarget()).isEqualTo("libz.so.1");
        });
  }

  @Test
  void linkEscapingThroughAnotherLinkIsRefusedThoughItLooksInsideLexically() throws Exception {
    Files.createDirectories(root.resolve("d"));
    link("d/self", ".");
    link("d/t", "self/../.."); // lexically the root itself

    assertThatThrownBy(() -> TreeScanner.scan(root))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("d/t -> self/../..");
  }

  @Test
  void linksResolvingInsideAreAccepted() throws Exception {
    file("a/b/c.txt", "c");
    link("a/deep", "b");
    link("x/up", "../a/deep/../b/c.txt");
    link("x/dangling", "../not/yet");
    link("x/chain", "up");

    assertThat(TreeScanner.scan(root).entries()).hasSize(9);
  }

  @Test
  void linkLoopIsRefused() throws Exception {
    link("a", "b");
    link("b", "a/x");

    assertThatThrownBy(() -> TreeScanner.scan(root)).isInstanceOf(SiegeException.class);
  }

  @Test
  void absoluteLinkIsRefusedEvenWhenItPointsInside() throws Exception {
    file("a", "a");
    link("abs", "/b/bundle/a");

    assertThatThrownBy(() -> TreeScanner.scan(root))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("abs -> /b/bundle/a");
  }

  @Test
  void withoutPosixAttributesModesDefaultToTheUsualOnes() throws Exception {
    try (FileSystem basic = Jimfs.newFileSystem(Configuration.unix())) {
      Path r = basic.getPath("/r");
      Files.createDirectories(r.resolve("d"));
      Files.writeString(r.resolve("d/f"), "f");

      assertThat(TreeScanner.scan(r).entries()).extracting(TreeEntry::mode).containsExactly(0755, 0755, 0644);
    }
  }

  @Test
  void linkLoopIsRefusedAsALoopNotAsLeavingTheBundle(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path b = Files.createDirectory(tmp.resolve("b"));
    Files.createSymbolicLink(b.resolve("x"), Path.of("y"));
    Files.createSymbolicLink(b.resolve("y"), Path.of("x"));

    assertThatThrownBy(() -> TreeScanner.scan(b)).isInstanceOf(SiegeException.class).hasMessageStartingWith("symlink loop: x -> y");
  }

  @Test
  void nameThatIsNotUtf8IsRefusedShownAsBytes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path b = Files.createDirectory(tmp.resolve("b"));
    Process touch = new ProcessBuilder("bash", "-c", "touch \"$1\"/$'caf\\xe9.jl'", "_", b.toString()).start();
    assertThat(touch.waitFor()).isZero();

    assertThatThrownBy(() -> TreeScanner.scan(b))
        .isInstanceOf(SiegeException.class)
        .hasMessageEndingWith("/b/caf\\xe9.jl");
  }
}
