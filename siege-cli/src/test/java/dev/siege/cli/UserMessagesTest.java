package dev.siege.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserMessagesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cannot write the archive: java.io.IOException: Request to write 192 bytes|cannot write the archive: Request to write 192 bytes",
      "java.io.IOException: java.nio.file.AccessDeniedException: /srv/x|permission denied: /srv/x",
      "cannot read /x: AccessDeniedException|cannot read /x: permission denied",
      "cannot read x (java.nio.file.NoSuchFileException: x)|cannot read x (no such file or directory: x)",
      "truncated: EOFException|truncated: unexpected end of file",
      "failed: java.util.concurrent.ExecutionException: java.io.UncheckedIOException: java.io.IOException: No space left on device"
          + "|failed: No space left on device",
      "bad option (picocli.CommandLine$TypeConversionException: nope)|bad option (nope)",
      "ends with java.lang.IllegalStateException|ends with unexpected error"})
  void replacesJavaClassNamesWithWords(String message, String plain) {
    assertThat(UserMessages.plain(message)).isEqualTo(plain);
  }

  @Test
  void leavesJuliasErrorNamesAndOrdinaryTextAlone() {
    String julia = "ERROR: LoadError: ArgumentError: Package CSV not found; InterruptException; the java.version file in /opt";
    assertThat(UserMessages.plain(julia)).isEqualTo(julia);
  }

  @Test
  void describesIoErrorsInWords() {
    assertThat(UserMessages.describe(new UncheckedIOException(new AccessDeniedException("/srv/build"))))
        .isEqualTo("permission denied: /srv/build");
    assertThat(UserMessages.describe(new IOException(new NoSuchFileException("/x")))).isEqualTo("no such file or directory: /x");
    assertThat(UserMessages.describe(new FileSystemLoopException("/a/b"))).isEqualTo("symbolic link loop: /a/b");
    assertThat(UserMessages.describe(new EOFException())).isEqualTo("unexpected end of file");
    assertThat(UserMessages.describe(new IOException())).isEqualTo("input/output error");
  }
}
