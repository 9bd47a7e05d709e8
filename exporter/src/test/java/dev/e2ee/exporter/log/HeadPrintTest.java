package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first bytes of a Synapse log tell its copies from other files. */
class HeadPrintTest {
  static final String BANNER =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING"
          + " SERVER *****\n";
  static final String NEXT =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 378 - WARNING - main - Server"
          + " /usr/lib/python3/dist-packages/synapse/app/homeserver.py version 1.160.0\n";

  @TempDir Path dir;

  HeadPrint headOf(String content) throws IOException {
    Path file = dir.resolve("homeserver.log");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      return HeadPrint.read(c);
    }
  }

  static HeadPrint streamHead(String content, int length) throws IOException {
    return HeadPrint.read(
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), length);
  }

  @Test
  void aFileKeepsAtMostItsFirstBytes() throws IOException {
    String log = (BANNER + NEXT).repeat(4);
    HeadPrint full = headOf(log);
    assertThat(full.length()).isEqualTo(HeadPrint.LENGTH);
    assertThat(full.isFull()).isTrue();
    HeadPrint shortFile = headOf(BANNER);
    assertThat(shortFile.length()).isEqualTo(BANNER.length());
    assertThat(shortFile.isFull()).isFalse();
  }

  @Test
  void aGrownFileAndItsCopyStartWithWhatWasSeenAnotherFileDoesNot() throws IOException {
    HeadPrint seen = headOf(BANNER);
    HeadPrint grown = headOf(BANNER + NEXT);
    HeadPrint copy = streamHead(BANNER + NEXT + NEXT, HeadPrint.LENGTH);
    HeadPrint other = headOf(NEXT + BANNER);
    assertThat(grown.startsWith(seen)).isTrue();
    assertThat(copy.startsWith(seen)).isTrue();
    assertThat(other.startsWith(seen)).isFalse();
    assertThat(seen.startsWith(grown)).as("a shorter head holds not what it never saw").isFalse();
    assertThat(grown.startsWith(HeadPrint.EMPTY)).isTrue();
  }

  @Test
  void theLengthAndHashSavedInThePositionsFileMatchTheSameStart() throws IOException {
    HeadPrint seen = headOf(BANNER);
    HeadPrint grown = headOf(BANNER + NEXT);
    // sha256sum of the banner line, newline included
    assertThat(seen.sha256())
        .isEqualTo("49e59e92df68aec12173c0ffc5c60ebe048de959683743c8877f53d9f7497b84");
    assertThat(grown.startsWith(seen.length(), seen.sha256())).isTrue();
    assertThat(grown.startsWith(seen.length(), grown.sha256())).isFalse();
    assertThat(seen.startsWith(grown.length(), grown.sha256())).isFalse();
  }
}
