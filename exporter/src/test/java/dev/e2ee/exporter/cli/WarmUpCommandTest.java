package dev.e2ee.exporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training run of the class-data sharing archive: it serves, asks, stops, leaves nothing. */
class WarmUpCommandTest {
  @Test
  void startsAsksEveryPageAndRemovesItsTemporaryLog() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = warmUpDirs(tmp);
    assertThat(Main.execute("warm-up")).isZero();
    assertThat(warmUpDirs(tmp)).isEqualTo(before);
  }

  private static long warmUpDirs(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("synapse-e2ee-warm-up"))
          .count();
    }
  }
}
