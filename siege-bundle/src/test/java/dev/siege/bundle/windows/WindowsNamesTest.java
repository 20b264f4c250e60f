package dev.siege.bundle.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.windows.WindowsNames.Kind;
import dev.siege.bundle.windows.WindowsNames.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsNamesTest {
  @TempDir Path root;

  private Path file(String rel) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "x");
  }

  @Test
  void findsNothingInAPlainTree() throws Exception {
    file("depot/packages/Example/aBcDe/src/Example.jl");
    assertThat(WindowsNames.problems(root)).isEmpty();
  }

  @Test
  void findsNamesThatDifferOnlyInCaseInOneDirectory() throws Exception {
    file("depot/a/README");
    file("depot/a/readme");
    file("depot/b/readme");
    assertThat(WindowsNames.problems(root)).extracting(Problem::kind).containsExactly(Kind.CASE_CLASH);
    assertThat(WindowsNames.problems(root).get(0).path()).isIn("depot/a/README", "depot/a/readme");
  }

  @Test
  void findsReservedDeviceNamesWithAnyExtension() throws Exception {
    file("x/con");
    file("x/Aux.h");
    file("x/com1.tar.gz");
    file("x/console.jl");
    assertThat(WindowsNames.problems(root)).extracting(Problem::path)
        .containsExactlyInAnyOrder("x/con", "x/Aux.h", "x/com1.tar.gz");
  }

  @Test
  void findsComAndLptWithSuperscriptDigitsOrZeroAsDeviceNamesInAnyCaseWithOrWithoutExtension() throws Exception {
    file("x/COM\u00b9");
    file("x/com\u00b2.txt");
    file("x/Lpt\u00b3.log");
    file("x/lpt\u00b9");
    file("x/com0");
    file("x/LPT0.dat");
    file("x/com10");
    file("x/lpt\u2074");
    assertThat(WindowsNames.problems(root)).allMatch(p -> p.kind() == Kind.RESERVED_NAME).extracting(Problem::path)
        .containsExactlyInAnyOrder("x/COM\u00b9", "x/com\u00b2.txt", "x/Lpt\u00b3.log", "x/lpt\u00b9", "x/com0", "x/LPT0.dat");
  }

  @Test
  void findsForbiddenAndControlCharacters() throws Exception {
    file("x/a:b");
    file("x/q?");
    file("x/tab\there");
    file("x/back\\slash");
    assertThat(WindowsNames.problems(root)).extracting(Problem::kind).containsOnly(Kind.BAD_CHARACTER).hasSize(4);
  }

  @Test
  void findsATrailingDotOrSpace() throws Exception {
    file("x/name.");
    file("x/dir /f");
    assertThat(WindowsNames.problems(root)).extracting(Problem::path).containsExactlyInAnyOrder("x/name.", "x/dir ");
  }

  @Test
  void reportsSymbolicLinksWithoutFollowingThem() throws Exception {
    Path target = file("lib/libz.so.1.3");
    Files.createSymbolicLink(root.resolve("lib/libz.so"), target.getFileName());
    Files.createSymbolicLink(root.resolve("loop"), root);
    assertThat(WindowsNames.problems(root)).extracting(Problem::path, Problem::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lib/libz.so", Kind.SYMLINK),
            org.assertj.core.groups.Tuple.tuple("loop", Kind.SYMLINK));
  }

  @Test
  void warnsAboutPathsOverMaxPathUnderATypicalRoot() throws Exception {
    String deep = "d".repeat(100) + "/" + "e".repeat(98);
    file(deep + "/f");
    assertThat(WindowsNames.problems(root)).extracting(Problem::path, Problem::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(deep + "/f", Kind.LONG_PATH));
  }
}
