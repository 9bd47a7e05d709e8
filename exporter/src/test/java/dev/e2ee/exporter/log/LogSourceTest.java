package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.TestConfigs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSourceTest {
  static final String LINE =
      "2026-11-25 21:19:02,123 - synapse.access.http.8008 - 461 - INFO - GET-1 - "
          + "::1 - 8008 - {None} Processed request: 0.001sec/0.000sec (0.001sec, 0.000sec) (0.000sec/0.000sec/0) "
          + "12B 200 \"GET /health HTTP/1.1\" \"curl\" [0 dbevts]";

  /** A source of {@code log} that adds each line it reads to {@code seen}. */
  static LogSource collecting(
      Path log, StartAt startAt, List<String> seen, PrometheusRegistry registry) {
    return new LogSource(
        TestConfigs.logsFrom(log, startAt), (f, l) -> seen.add(l), registry, Clock.systemUTC());
  }

  @Test
  void startAtEndSkipsExistingLinesAndDeliversNewOnes(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    Files.writeString(log, LINE + "\n" + LINE + "\n");
    List<String> seen = new CopyOnWriteArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    try (LogSource source = collecting(log, StartAt.END, seen, registry)) {
      source.open();
      source.pollAll(); // opens the file at its end
      Files.writeString(log, "new line 1\nnew line 2\n", StandardOpenOption.APPEND);
      source.pollAll();
      assertThat(seen).containsExactly("new line 1", "new line 2");
      String label = "{file=\"" + log.toAbsolutePath() + "\"}";
      Scrape scrape = Scrape.of(registry);
      assertThat(scrape.valueOrFail("synapse_e2ee_log_lines_read_total" + label)).isEqualTo(2);
      assertThat(scrape.valueOrFail("synapse_e2ee_log_file_present" + label)).isEqualTo(1);
    }
  }

  @Test
  void startAtBeginningReadsWhatIsThere(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    Files.writeString(log, LINE + "\n" + LINE + "\n" + LINE + "\n");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LogSource source = collecting(log, StartAt.BEGINNING, seen, new PrometheusRegistry())) {
      source.start();
      await(() -> seen.size() >= 3);
      assertThat(seen).hasSize(3).allMatch(LINE::equals);
    }
  }

  @Test
  void missingFileIsReportedAbsentAndPickedUpWhenCreated(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("later.log");
    List<String> seen = new CopyOnWriteArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    try (LogSource source = collecting(log, StartAt.END, seen, registry)) {
      source.start();
      assertThat(
              Scrape.of(registry)
                  .valueOrFail("synapse_e2ee_log_file_present{file=\"" + log + "\"}"))
          .isEqualTo(0);
      assertThat(source.status().state()).isEqualTo(SourceStatus.State.DOWN);
      Files.writeString(log, "first\n");
      await(() -> seen.contains("first"));
      assertThat(source.status().state()).isEqualTo(SourceStatus.State.UP);
    }
  }

  @Test
  void globsExpandToWorkerLogsButNeverToRotatedFiles(@TempDir Path dir) throws Exception {
    for (String name :
        List.of(
            "homeserver.log",
            "worker1.log",
            "homeserver.log.2026-11-24",
            "worker1.log.1",
            "old.log.gz",
            "notes.txt")) {
      Files.writeString(dir.resolve(name), "x\n");
    }
    assertThat(LogFiles.expand(List.of(dir + "/*.log*")))
        .containsExactly(dir.resolve("homeserver.log"), dir.resolve("worker1.log"));
    assertThat(LogFiles.expand(List.of(dir + "/absent.log")))
        .containsExactly(dir.resolve("absent.log"));
  }

  @Test
  void theFixtureThroughTheRealTailerGivesTheSameCounts(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("homeserver.log");
    List<String> fixture = ProgramHarness.resourceLines("homeserver-text.log");
    ProgramHarness harness = new ProgramHarness();
    try (LogSource source =
        new LogSource(
            TestConfigs.logsFrom(log, StartAt.END),
            harness.program,
            harness.registry,
            Clock.systemUTC())) {
      source.open();
      // Appended in three bursts, as Synapse's buffered handler writes: cut mid-line twice.
      String all = String.join("\n", fixture) + "\n";
      int a = all.length() / 3;
      int b = 2 * all.length() / 3;
      for (String part : List.of(all.substring(0, a), all.substring(a, b), all.substring(b))) {
        Files.writeString(log, part, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        source.pollAll();
      }
      String label = "{file=\"" + log.toAbsolutePath() + "\"}";
      assertThat(
              Scrape.of(harness.registry).valueOrFail("synapse_e2ee_log_lines_read_total" + label))
          .isEqualTo(fixture.size());
      Scrape scrape = harness.settle();
      assertThat(scrape.valueOrFail("synapse_e2ee_log_records_total" + label)).isEqualTo(32);
      assertThat(scrape.valueOrFail("synapse_e2ee_log_bytes_read_total" + label))
          .isEqualTo((double) Files.size(log));
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"STORMDEVICE\",user=\"@alice:example.org\"}"))
          .isEqualTo(2);
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"sync\",method=\"GET\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void aWorkerLogThatAppearsLaterIsPickedUpByTheGlob(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("main.log"), "m\n");
    List<String> seen = new CopyOnWriteArrayList<>();
    var config = TestConfigs.logsFrom(dir.resolve("*.log"), StartAt.END);
    try (LogSource source =
        new LogSource(
            config, (f, l) -> seen.add(f + ":" + l), new PrometheusRegistry(), Clock.systemUTC())) {
      source.start();
      Files.writeString(dir.resolve("worker1.log"), "w1 first\n");
      source.rescan();
      await(() -> seen.contains(dir.resolve("worker1.log") + ":w1 first"));
      assertThat(source.files())
          .containsExactlyInAnyOrder(dir.resolve("main.log"), dir.resolve("worker1.log"));
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(10));
  }
}
