package dev.siege.julia.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.julia.testing.TestZip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipUnpackerTest {

  @TempDir Path tmp;

  private Path zip(byte[] bytes) throws IOException {
    return Files.write(tmp.resolve("in.zip"), bytes);
  }

  private Path out() {
    return tmp.resolve("out");
  }

  @Test
  void unpacksTheOfficialShapeWithItsTopDirectory() throws Exception {
    ZipUnpacker.unpack(zip(TestZip.fakeWindowsJulia("1.10.5")), out());

    assertThat(out().resolve("julia-1.10.5/bin/julia.exe")).hasContent("MZ fake julia 1.10.5");
    assertThat(out().resolve("julia-1.10.5/share/julia/base.jl")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve("julia-1.10.5/bin/julia.exe"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve("julia-1.10.5/LICENSE.md"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void keepsARecordedUnixModeButNeverSetuidAndAlwaysOwnerReadable() throws Exception {
    ZipUnpacker.unpack(zip(new TestZip().file("j/run.sh", 04750, "x").file("j/secret", 0000, "y").bytes()), out());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve("j/run.sh")))).isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve("j/secret")))).isEqualTo("rw-r--r--");
  }

  @Test
  void createsMissingParentDirectories() throws Exception {
    ZipUnpacker.unpack(zip(new TestZip().file("julia-1/bin/julia.exe", "MZ").bytes()), out());

    assertThat(out().resolve("julia-1/bin/julia.exe")).isRegularFile();
  }

  @Test
  void refusesAnEntryEscapingWithDotDot() throws Exception {
    Path zip = zip(new TestZip().file("julia/ok.txt", "ok").file("../evil", "pwned").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
        .hasMessageContaining("../evil");
    assertThat(tmp.resolve("evil")).doesNotExist();
  }

  @Test
  void refusesDotDotEvenWhenItStaysInside() throws Exception {
    Path zip = zip(new TestZip().file("julia/bin/../x", "x").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out())).hasMessageContaining("julia/bin/../x");
  }

  @Test
  void refusesAbsoluteNamesBackslashesAndDriveLetters() throws Exception {
    // A name with backslashes only is read as a DOS name and its backslashes become slashes
    // (commons-compress ZipArchiveEntry#setName), so "..\\..\\evil" is refused as "../../evil".
    String[] names = {"/etc/evil", "julia/a\\b.txt", "C:/Windows/evil", "julia/file.txt:stream"};
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      Path zip = zip(new TestZip().file(name, "x").bytes());
      Path target = tmp.resolve("out-" + i);
      assertThatThrownBy(() -> ZipUnpacker.unpack(zip, target))
          .as(name)
          .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
          .hasMessageContaining(name);
    }
    assertThat(Path.of("/etc/evil")).doesNotExist();
  }

  @Test
  void refusesADosNameWithBackslashesThatEscapes() throws Exception {
    Path zip = zip(new TestZip().file("..\\..\\evil", "x").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
        .hasMessageContaining("escapes");
    assertThat(tmp.getParent().resolve("evil")).doesNotExist();
  }

  @Test
  void refusesSymbolicLinks() throws Exception {
    Path zip = zip(new TestZip().dir("julia/").symlink("julia/lib", "/etc").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
        .hasMessageContaining("symbolic link")
        .hasMessageContaining("julia/lib");
    assertThat(out().resolve("julia/lib")).doesNotExist();
  }

  @Test
  void refusesDuplicateEntriesInsteadOfLettingTheLastOneWin() throws Exception {
    Path zip = zip(new TestZip().file("julia/bin/julia.exe", "good").file("julia/bin/julia.exe", "evil").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .hasMessageContaining("two entries name the same file");
  }

  @Test
  void refusesNamesThatAreOneFileOnWindows() throws Exception {
    Path zip = zip(new TestZip().file("julia/bin/julia.exe", "good").file("julia/BIN/Julia.EXE", "evil").bytes());

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .hasMessageContaining("julia/bin/julia.exe").hasMessageContaining("julia/BIN/Julia.EXE");
  }

  @Test
  void refusesAFileWhereADirectoryIsAndTheOtherWayRound() throws Exception {
    Path fileThenDir = zip(new TestZip().file("julia/bin", "x").file("julia/bin/julia.exe", "MZ").bytes());
    assertThatThrownBy(() -> ZipUnpacker.unpack(fileThenDir, out())).hasMessageContaining("below a file");

    Path dirThenFile = Files.write(tmp.resolve("b.zip"), new TestZip().dir("julia/bin/").file("julia/bin", "x").bytes());
    assertThatThrownBy(() -> ZipUnpacker.unpack(dirThenFile, tmp.resolve("out2"))).hasMessageContaining("julia/bin");
  }

  @Test
  void refusesMoreEntriesThanAJuliaHasBeforeUnpackingAny() throws Exception {
    TestZip many = new TestZip();
    for (int i = 0; i < 11; i++) {
      many.file("julia/f" + i, "x");
    }
    Path zip = zip(many.bytes());

    assertThat(ZipUnpacker.declaredEntries(zip)).isEqualTo(11);
    assertThatThrownBy(() -> new ZipUnpacker(10, 1 << 20).unpackInto(zip, out()))
        .isInstanceOf(TarGzUnpacker.UnsafeEntryException.class)
        .hasMessageContaining("11 entries");
    assertThat(out()).doesNotExist();
  }

  @Test
  void stopsWritingWhenTheUnpackedBytesExceedTheBound() throws Exception {
    Path zip = zip(new TestZip().file("julia/big", "y".repeat(10_000)).bytes());

    assertThatThrownBy(() -> new ZipUnpacker(10, 4096).unpackInto(zip, out()))
        .hasMessageContaining("more than 4096 bytes");
    assertThat(Files.size(out().resolve("julia/big"))).isLessThanOrEqualTo(4096);
  }

  @Test
  void aFileThatIsNotAZipIsAnIoErrorNotAnEntryProblem() throws Exception {
    Path zip = zip("<html>not found</html>".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ZipUnpacker.unpack(zip, out()))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(TarGzUnpacker.UnsafeEntryException.class);
  }
}
