package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorthParsingAheadTest {

  /** A sparse file: its size on disk is what counts, and nothing is written. */
  private static ReplayFile sized(Path dir, String name, long bytes) throws IOException {
    Path p = dir.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(bytes);
    }
    return ReplayFile.of(p.toString());
  }

  @Test
  void smallInputsAreParsedInOrderAndLargeOnesAhead(@TempDir Path dir) throws IOException {
    long min = WorthParsingAhead.MIN_BYTES;
    assertThat(WorthParsingAhead.of(List.of(sized(dir, "a.log", min - 1)))).isFalse();
    assertThat(WorthParsingAhead.of(List.of(sized(dir, "b.log", min)))).isTrue();
    // Together: a rotated day in two files.
    assertThat(
            WorthParsingAhead.of(
                List.of(sized(dir, "c.log", min / 2), sized(dir, "c.log.1", min / 2))))
        .isTrue();
    assertThat(WorthParsingAhead.of(List.of())).isFalse();
  }

  @Test
  void standardInputIsTakenAsLarge(@TempDir Path dir) throws IOException {
    assertThat(WorthParsingAhead.of(List.of(sized(dir, "a.log", 10), ReplayFile.of("-")))).isTrue();
  }
}
