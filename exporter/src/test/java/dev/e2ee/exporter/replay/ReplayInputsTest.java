package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.RecordParsers;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import dev.e2ee.exporter.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputsTest {
  private static final Path REAL_LOG =
      Path.of("src/test/resources/dev/e2ee/exporter/replay/real-synapse/homeserver.log");

  @TempDir Path dir;
  private Path current;
  private Path rotated;

  /** The real Synapse log cut in two as logrotate leaves it: the older half in {@code .1}. */
  @BeforeEach
  void rotate() throws IOException {
    List<String> lines = Files.readAllLines(REAL_LOG);
    int half = lines.size() / 2;
    Files.createDirectories(dir.resolve("a"));
    rotated = Files.write(dir.resolve("a/homeserver.log.1"), lines.subList(0, half));
    current = Files.write(dir.resolve("a/homeserver.log"), lines.subList(half, lines.size()));
  }

  private static ReplayInputs open(List<String> arguments) {
    ReplayInputs inputs =
        ReplayInputs.open(
            arguments,
            () -> RecordParsers.forLayout(TestConfigs.noSources(), Clock.systemUTC()),
            1 << 16,
            n -> {},
            null,
            RecordStep.NONE);
    inputs.processes().forEach(ProcessLog::close);
    return inputs;
  }

  @Test
  void rotatedFilesAreOneProcessReadOldestFirstWhateverTheArgumentOrder() {
    ReplayInputs inputs = open(List.of(current.toString(), rotated.toString()));

    assertThat(inputs.processes()).hasSize(1);
    assertThat(inputs.processes().get(0).label).isEqualTo("homeserver.log");
    assertThat(inputs.files()).extracting(f -> f.file.path()).containsExactly(rotated, current);
    assertThat(inputs.totalBytes()).isEqualTo(sizeOf(rotated) + sizeOf(current));
  }

  /** Same name in two folders: two processes, told apart by their full path. */
  @Test
  void sameNameInTwoFoldersIsTwoProcessesNamedByPath() throws IOException {
    Path other = Files.createDirectories(dir.resolve("b")).resolve("homeserver.log");
    Files.copy(REAL_LOG, other);

    ReplayInputs inputs = open(List.of(current.toString(), other.toString()));

    assertThat(inputs.processes())
        .extracting(p -> p.label)
        .containsExactly(
            dir.resolve("a/homeserver.log").toAbsolutePath().normalize().toString(),
            dir.resolve("b/homeserver.log").toAbsolutePath().normalize().toString());
  }

  @Test
  void standardInputIsAProcessOfItsOwnWithNoKnownSize() {
    ReplayInputs inputs = open(List.of("-", current.toString()));

    assertThat(inputs.processes())
        .extracting(p -> p.label)
        .containsExactly("stdin", "homeserver.log");
    assertThat(inputs.totalBytes()).isEqualTo(-1);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
