package dev.siege.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoMessagesTest {

  @Test
  void fileSystemExceptionsSayWhatHappenedNotOnlyWhere() {
    assertThat(IoMessages.describe(new AccessDeniedException("/srv/build"))).isEqualTo("permission denied: /srv/build");
    assertThat(IoMessages.describe(new NoSuchFileException("/x"))).isEqualTo("no such file or directory: /x");
    assertThat(IoMessages.describe(new FileSystemException("/a", null, "No space left on device")))
        .isEqualTo("No space left on device: /a");
  }

  @Test
  void otherExceptionsKeepTheirMessage() {
    assertThat(IoMessages.describe(new IOException("stream closed"))).isEqualTo("stream closed");
    assertThat(IoMessages.describe(new IOException())).isEqualTo("IOException");
  }

  @Test
  void networkFailuresWithoutAMessageAreSaidInWordsNotByClassName() {
    assertThat(IoMessages.describe(new java.net.ConnectException())).isEqualTo("could not connect (no network, or the server refused)");
    assertThat(IoMessages.describe(new java.net.UnknownHostException("example.org"))).isEqualTo("unknown host: example.org");
    assertThat(IoMessages.describe(new java.net.http.HttpTimeoutException("request timed out"))).isEqualTo("timed out");
  }
}
