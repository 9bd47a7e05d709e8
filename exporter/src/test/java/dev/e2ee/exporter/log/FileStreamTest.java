package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.LogsConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a main process and a worker matched by one glob, as the status page and the
 * positions file see them: lines handed on with their file, counted per file, and what is missing.
 */
class FileStreamTest {
  static final String MAIN_LINE =
      "2026-12-06 06:54:57,562 - synapse.config.logger - 377 - WARNING - main - ***** STARTING"
          + " SERVER *****";
  static final String WORKER_LINE =
      "2026-12-06 06:54:57,563 - synapse.app.homeserver - 417 - INFO - main - Setting up server";

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:55:00Z"));
  PrometheusRegistry registry = new PrometheusRegistry();
  final List<String> seen = new ArrayList<>();

  /** A stream of the files {@code pattern} names in the test's directory, its metrics afresh. */
  FileStream stream(String pattern, int maxLineBytes) {
    registry = new PrometheusRegistry();
    LogsConfig logs =
        LogsConfig.DEFAULTS.with(
            l -> {
              l.files = List.of(dir.resolve(pattern).toString());
              l.format = LogFormat.TEXT;
              l.startAt = StartAt.BEGINNING;
              l.maxLineBytes = maxLineBytes;
              l.pollInterval = Duration.ofMillis(50);
              l.positionsFile = Optional.empty();
            });
    return new FileStream(
        logs,
        (file, line) -> seen.add(Path.of(file).getFileName() + ": " + line),
        clock,
        new TailMetrics(registry));
  }

  void write(String name, String line) throws IOException {
    Files.writeString(
        dir.resolve(name), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  double read(String name, String metric) {
    return Scrape.of(registry).valueOrFail(metric + "{file=\"" + dir.resolve(name) + "\"}");
  }

  @Test
  void eachFileOfTheGlobIsReadAndCountedOnItsOwn() throws IOException {
    write("homeserver.log", MAIN_LINE);
    write("worker1.log", WORKER_LINE);
    write("homeserver.log.1", "rotated: read by capture, never tailed");
    FileStream s = stream("*.log*", 1 << 20);
    try {
      assertThat(s.open(Map.of())).as("none resumed").isZero();
      s.poll();
      assertThat(seen)
          .containsExactlyInAnyOrder("homeserver.log: " + MAIN_LINE, "worker1.log: " + WORKER_LINE);
      assertThat(read("worker1.log", "synapse_e2ee_log_lines_read_total")).isEqualTo(1);
      assertThat(read("worker1.log", "synapse_e2ee_log_file_present")).isEqualTo(1);
      assertThat(s.up()).isTrue();
      assertThat(s.detail()).isEqualTo("2 file(s) readable");
      assertThat(s.lastLineAt()).contains(clock.instant());
    } finally {
      s.close();
    }
  }

  @Test
  void aWorkerThatStartsLaterIsPickedUpByARescanAndReadWhole() throws IOException {
    write("homeserver.log", MAIN_LINE);
    FileStream s = stream("*.log", 1 << 20);
    try {
      s.open(Map.of());
      write("worker2.log", WORKER_LINE);
      s.poll();
      assertThat(s.files()).hasSize(1);
      s.rescan();
      s.poll();
      assertThat(s.files()).hasSize(2);
      assertThat(seen).contains("worker2.log: " + WORKER_LINE);
    } finally {
      s.close();
    }
  }

  @Test
  void aMissingFileIsSaidAndAllMissingIsDown() throws IOException {
    write("homeserver.log", MAIN_LINE);
    write("worker1.log", WORKER_LINE);
    FileStream s = stream("*.log", 1 << 20);
    try {
      s.open(Map.of());
      s.poll();
      Files.delete(dir.resolve("worker1.log"));
      assertThat(s.detail()).isEqualTo("1 of 2 file(s) missing or unreadable");
      assertThat(s.up()).isTrue();
      Files.delete(dir.resolve("homeserver.log"));
      assertThat(s.up()).isFalse();
    } finally {
      s.close();
    }
  }

  @Test
  void aLongLineIsCountedCutAndThePositionsNameEachFile() throws IOException {
    write("homeserver.log", MAIN_LINE);
    FileStream s = stream("homeserver.log", 32);
    try {
      s.open(Map.of());
      s.poll();
      assertThat(seen).containsExactly("homeserver.log: " + MAIN_LINE.substring(0, 32));
      assertThat(read("homeserver.log", "synapse_e2ee_log_lines_cut_total")).isEqualTo(1);
      Map<String, Positions.Entry> entries = new HashMap<>();
      s.checkpoint(clock.millis(), entries, new HashMap<>());
      assertThat(entries).containsOnlyKeys(dir.resolve("homeserver.log").toString());
      assertThat(entries.get(dir.resolve("homeserver.log").toString()).offset())
          .isEqualTo(Files.size(dir.resolve("homeserver.log")));
    } finally {
      s.close();
    }
  }

  @Test
  void aSavedPositionIsResumed() throws IOException {
    write("homeserver.log", MAIN_LINE);
    Map<String, Positions.Entry> entries = new HashMap<>();
    FileStream first = stream("homeserver.log", 1 << 20);
    try {
      first.open(Map.of());
      first.poll();
      first.checkpoint(clock.millis(), entries, new HashMap<>());
    } finally {
      first.close();
    }
    write("homeserver.log", WORKER_LINE);
    seen.clear();
    FileStream again = stream("homeserver.log", 1 << 20);
    try {
      assertThat(again.open(entries)).isEqualTo(1);
      again.poll();
      assertThat(seen).containsExactly("homeserver.log: " + WORKER_LINE);
    } finally {
      again.close();
    }
  }
}
