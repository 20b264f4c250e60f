package dev.siege.bundle.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siege.bundle.sbom.SampleBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseFinderTest {
  @TempDir Path root;

  @Test
  void identifiesAnMitLicenseWhateverItsCopyrightLine() throws Exception {
    Path dir = Files.createDirectories(root.resolve("pkg"));
    Files.writeString(dir.resolve("LICENSE"), SampleBundle.mit().replace("Jane Doe", "Someone Else & Co."));

    assertThat(LicenseFinder.find(root, dir)).singleElement().satisfies(l -> {
      assertThat(l.path()).isEqualTo("pkg/LICENSE");
      assertThat(l.spdxIds()).containsExactly("MIT");
    });
  }

  @Test
  void findsLicenseLicenceCopyingAndShareLicensesButNoOtherFile() throws Exception {
    Path dir = Files.createDirectories(root.resolve("a"));
    for (String name : new String[] {"LICENSE.md", "licence.txt", "COPYING", "README.md", "src/LICENSE",
        "share/licenses/Foo/LICENSE", "share/licenses/Foo/COPYING.LIB", "share/doc/LICENSE"}) {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "some text\n");
    }

    assertThat(LicenseFinder.find(root, dir)).extracting(LicenseFile::path).containsExactly(
        "a/COPYING", "a/LICENSE.md", "a/licence.txt", "a/share/licenses/Foo/COPYING.LIB", "a/share/licenses/Foo/LICENSE");
  }

  @Test
  void aTextMatchingNoLicenseIsListedAsUnidentifiedNeverGuessed() throws Exception {
    Path dir = Files.createDirectories(root.resolve("p"));
    // MIT with its warranty disclaimer cut: close to MIT, but not MIT.
    String mit = SampleBundle.mit();
    Files.writeString(dir.resolve("LICENSE"), mit.substring(0, mit.indexOf("THE SOFTWARE IS PROVIDED")));

    assertThat(LicenseFinder.find(root, dir)).singleElement().satisfies(l -> {
      assertThat(l.identified()).isFalse();
      assertThat(l.describe()).isEqualTo("unidentified");
    });
  }

  @Test
  void aFifoOrALinkNamedLicenseIsListedUnread() throws Exception {
    Path dir = Files.createDirectories(root.resolve("p"));
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("LICENSE").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Files.writeString(root.resolve("elsewhere"), SampleBundle.mit());
    Files.createSymbolicLink(dir.resolve("COPYING"), root.resolve("elsewhere"));

    assertThat(LicenseFinder.find(root, dir)).extracting(LicenseFile::describe)
        .containsExactly("unidentified (not a regular file)", "unidentified (not a regular file)");
  }

  @Test
  void aHugeLicenseFileIsNotRead() throws Exception {
    Path dir = Files.createDirectories(root.resolve("p"));
    Files.write(dir.resolve("LICENSE"), new byte[(int) LicenseFinder.MAX_BYTES + 1]);

    assertThat(LicenseFinder.find(root, dir)).extracting(LicenseFile::describe)
        .containsExactly("unidentified (larger than 1 MiB, not read)");
  }

  @Test
  void aDirectoryWithoutLicenseFilesHasNone() throws Exception {
    assertThat(LicenseFinder.find(root, Files.createDirectories(root.resolve("empty")))).isEmpty();
    assertThat(LicenseFinder.find(root, root.resolve("missing"))).isEmpty();
  }
}
