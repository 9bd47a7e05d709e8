package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayFileTest {
  private static final Path REAL_LOG =
      Path.of("src/test/resources/dev/e2ee/exporter/replay/real-synapse/homeserver.log");

  @TempDir Path dir;

  /** Gzip is told by its magic bytes, so a misnamed file still reads as what it is. */
  @ParameterizedTest(name = "gzip named {0}")
  @ValueSource(strings = {"homeserver.log.gz", "homeserver.log", "rotated.1"})
  void gzipIsReadByContentNotName(String name) throws IOException {
    byte[] plain = Files.readAllBytes(REAL_LOG);
    Path file = dir.resolve(name);
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(plain);
    }
    AtomicLong counted = new AtomicLong();
    ReplayFile replayFile = ReplayFile.of(file.toString());

    assertThat(readAll(replayFile, counted)).isEqualTo(plain);
    assertThat(counted.get()).isEqualTo(Files.size(file)).isEqualTo(replayFile.size());
  }

  @ParameterizedTest(name = "plain named {0}")
  @ValueSource(strings = {"homeserver.log", "looks-like.gz"})
  void plainFileIsReadAsIs(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.copy(REAL_LOG, file);
    AtomicLong counted = new AtomicLong();
    ReplayFile replayFile = ReplayFile.of(file.toString());

    assertThat(readAll(replayFile, counted)).isEqualTo(Files.readAllBytes(REAL_LOG));
    assertThat(counted.get()).isEqualTo(Files.size(REAL_LOG)).isEqualTo(replayFile.size());
  }

  @Test
  void fileOfOneByteIsNotMistakenForGzip() throws IOException {
    Path file = Files.writeString(dir.resolve("one"), "\u001f");
    assertThat(readAll(ReplayFile.of(file.toString()), n -> {}))
        .isEqualTo("\u001f".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stdinAndMissingFilesHaveNoKnownSize() {
    assertThat(ReplayFile.of("-").isStdin()).isTrue();
    assertThat(ReplayFile.of("-").size()).isEqualTo(-1);
    assertThat(ReplayFile.of(dir.resolve("missing").toString()).isStdin()).isFalse();
    assertThat(ReplayFile.of(dir.resolve("missing").toString()).size()).isEqualTo(-1);
  }

  private static byte[] readAll(ReplayFile file, AtomicLong counted) throws IOException {
    return readAll(file, counted::addAndGet);
  }

  private static byte[] readAll(ReplayFile file, ReplayFile.ByteCounter counter)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = file.open(counter)) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }
}
