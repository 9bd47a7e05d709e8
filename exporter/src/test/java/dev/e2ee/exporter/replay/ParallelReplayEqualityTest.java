package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.LogShape;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing ahead on worker threads changes no number: every test log the project has, replayed once
 * line by line and once through the workers (batches made tiny, so that batch, file, rotation and
 * layout-switch boundaries fall everywhere), gives byte-identical JSON reports, backfills and
 * scraped registries.
 */
class ParallelReplayEqualityTest {
  @TempDir static Path dir;

  static Stream<Arguments> logs() throws Exception {
    Path real = resource("/dev/e2ee/exporter/replay/real-synapse/homeserver.log", "real.log");
    Path text = resource("/dev/e2ee/exporter/log/homeserver-text.log", "homeserver-text.log");
    Path incident = dir.resolve("incident/homeserver.log");
    Files.createDirectories(incident.getParent());
    IncidentLog.write(incident, LogLayoutsTest.textWithLongLine());
    Path rotated = dir.resolve("rotated/homeserver.log");
    Files.createDirectories(rotated.getParent());
    List<String> lines = new IncidentLog().lines();
    int half = lines.size() / 2;
    IncidentLog.writeGzip(dir.resolve("rotated/homeserver.log.1.gz"), lines.subList(0, half));
    IncidentLog.write(rotated, lines.subList(half, lines.size()));
    Path docker = dir.resolve("docker/c0ffee-json.log");
    Files.createDirectories(docker.getParent());
    IncidentLog.write(docker, LogLayoutsTest.docker(LogLayoutsTest.textWithLongLine()));
    Path syslog = dir.resolve("syslog/syslog");
    Files.createDirectories(syslog.getParent());
    IncidentLog.write(syslog, LogLayoutsTest.syslog(lines));
    return Stream.of(
        Arguments.of("real Synapse 1.160 log (text, then JSON)", List.of(real)),
        Arguments.of("homeserver-text.log", List.of(text)),
        Arguments.of("IncidentLog with a 40 KB line", List.of(incident)),
        Arguments.of(
            "IncidentLog rotated (.1.gz + current)",
            List.of(rotated, dir.resolve("rotated/homeserver.log.1.gz"))),
        Arguments.of("IncidentLog behind Docker's json-file", List.of(docker)),
        Arguments.of("IncidentLog behind syslog", List.of(syslog)),
        Arguments.of("DemoLogWriter, two workers merged", demo()),
        Arguments.of("layouts switching, validation errors, tracebacks", List.of(switching())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void workersGiveTheSequentialResult(String name, List<Path> files) throws Exception {
    Outcome sequential = replay(files, null);
    assertThat(sequential.json).contains("\"records\"");
    for (ParseWorkers workers :
        List.of(ParseWorkers.of(2, 7, 2_000), ParseWorkers.of(3, 1024, 256 * 1024))) {
      Outcome parallel = replay(files, workers);
      assertThat(parallel.json).as("JSON report").isEqualTo(sequential.json);
      assertThat(parallel.backfill).as("backfill").isEqualTo(sequential.backfill);
      assertThat(parallel.scrape).as("scraped registry").isEqualTo(sequential.scrape);
    }
  }

  private record Outcome(String json, String backfill, String scrape) {}

  private static Outcome replay(List<Path> files, @Nullable ParseWorkers workers) throws Exception {
    ExporterConfig config =
        ConfigLoader.parse(
            """
            synapse:
              server_name: example.org
              log_timezone: UTC
            database:
              enabled: false
            """,
            "test");
    ReplayRun run =
        new Replay(
                config,
                new ReplayOptions(null, null, Duration.ofMinutes(1), true, Map.of("job", "t")),
                Progress.NONE,
                workers)
            .run(files.stream().map(Path::toString).toList());
    StringWriter json = new StringWriter();
    JsonReport.write(
        IncidentReports.build(
            run,
            config.diagnosis(),
            DatabaseConfirmation.notAsked().confirmations(),
            DatabaseConfirmation.notAsked().note()),
        json);
    StringWriter backfill = new StringWriter();
    Objects.requireNonNull(run.backfill(), "backfill asked for").write(backfill);
    return new Outcome(json.toString(), backfill.toString(), Scrape.of(run.registry()).text());
  }

  private static Path resource(String name, String as) throws Exception {
    Path file = dir.resolve(as);
    try (InputStream in =
        Objects.requireNonNull(ParallelReplayEqualityTest.class.getResourceAsStream(name), name)) {
      Files.copy(in, file);
    }
    return file;
  }

  /** Two workers' logs of the demo's traffic, each 2000 ticks (about 8 minutes). */
  private static List<Path> demo() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int w = 1; w <= 2; w++) {
      Path file = dir.resolve("demo/worker" + w + ".log");
      Files.createDirectories(file.getParent());
      DemoLogWriter writer = new DemoLogWriter(file, ZoneOffset.UTC, 40 + w, LogShape.TEXT);
      Instant at = IncidentLog.START;
      for (int i = 0; i < 2000; i++) {
        writer.writeTick(at);
        at = at.plusMillis(250);
      }
      files.add(file);
    }
    return files;
  }

  /**
   * One file whose layout changes midway and back, with what the order-sensitive parts read:
   * pydantic's unindented validation-error lines, tracebacks, a few lines of another layout in
   * between (kept as records without a switch), empty lines and garbage.
   */
  private static Path switching() throws Exception {
    List<String> lines = new ArrayList<>();
    long t = IncidentLog.START.toEpochMilli();
    for (int i = 0; i < 300; i++) {
      String ts = String.format("2026-11-25 21:%02d:%02d,%03d", i / 60 % 60, i % 60, i % 1000);
      double epoch = (t + i * 1000L) / 1000.0;
      switch (i % 10) {
        case 0 -> {
          lines.add(
              ts
                  + " - synapse.http.server - 130 - INFO - POST-"
                  + i
                  + " - <XForwardedForRequest at 0x7f POST '/_matrix/client/v3/keys/upload'>"
                  + " SynapseError: 400 - 2 validation errors for UploadKeysBody");
          lines.add("one_time_keys.signed_curve25519:AAAA" + i + ".str");
          lines.add("device_keys.user_id");
        }
        case 3 -> {
          lines.add(ts + " - synapse.http.server - 130 - ERROR - GET-" + i + " - Failed handle");
          lines.add("Traceback (most recent call last):");
          lines.add("  File \"x.py\", line 1, in f");
          lines.add("psycopg2.errors.QueryCanceled: canceling statement");
          lines.add("DETAIL:  statement timeout");
        }
        case 5 -> lines.add("");
        case 7 -> lines.add("@@ garbage " + i);
        default -> {
          if ((i >= 100 && i < 200) || i % 17 == 0) {
            lines.add(
                "{\"log\":\"Processed request: "
                    + i
                    + "\",\"namespace\":\"synapse.access.http.8008\",\"level\":\"INFO\","
                    + "\"time\":"
                    + epoch
                    + ",\"request\":\"GET-"
                    + i
                    + "\"}");
          } else {
            lines.add(
                ts
                    + " - synapse.access.http.8008 - 450 - INFO - GET-"
                    + i
                    + " - 10.0.0.1 - 8008 - {@alice:example.org} Processed request: 0.005sec/"
                    + "0.000sec (0.000sec, 0.000sec) (0.000sec/0.000sec/0) 52B 200 \"GET"
                    + " /_matrix/client/v3/sync HTTP/1.1\" \"agent\" [0 dbevts]");
          }
        }
      }
    }
    Path file = dir.resolve("switching/homeserver.log");
    Files.createDirectories(file.getParent());
    IncidentLog.write(file, lines);
    return file;
  }
}
