package dev.e2ee.exporter.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DiagnosisConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.DemoStormSeries;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestConfigs;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.DemoLogWriter;
import dev.e2ee.fixture.DemoScenario;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q1 measures "quiet for the quiet period" on the clock of the log the conflicts came from, and
 * never contradicts the divergence gauge it is made from: the demo's scenario log dated months ago
 * still answers divergence, and a live log whose storm went quiet answers healthy with no
 * divergence gauge left saying otherwise. Real files, real PostgreSQL.
 */
@NeedsPostgres
class VerdictsOnTheLogsClockTest {
  static final Duration QUIET = Duration.ofMinutes(1);
  static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

  static ExporterConfig config(Path log, TestDatabase db) {
    ExporterConfig base =
        TestConfigs.with(
            TestConfigs.logsFrom(log, StartAt.BEGINNING),
            db.exporterConfig(db.server().superuser(), Optional.empty()));
    return new ExporterConfig(
        base.listen(),
        base.exporter(),
        base.synapse(),
        base.logs(),
        base.database(),
        base.labels(),
        base.devices(),
        new DiagnosisConfig(QUIET, Duration.ofMinutes(5)),
        base.ui(),
        base.capture());
  }

  static String q1Of(int port, String device) {
    JsonArray devices =
        new JsonObject(Http.get(port, "/api/v1/devices?all=true").body()).getJsonArray("devices");
    for (int i = 0; i < devices.size(); i++) {
      JsonObject d = devices.getJsonObject(i);
      if (device.equals(d.getString("device")) && "q1".equals(d.getString("question"))) {
        return d.getString("verdict");
      }
    }
    return null;
  }

  @Test
  void aScenarioLogDatedMonthsAgoStillAnswersDivergence(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    DemoScenario.seed(db.adminDataSource(), now);
    Instant incident = Instant.ofEpochMilli(now).minus(Duration.ofDays(120));
    DemoLogWriter writer = new DemoLogWriter(dir.resolve("homeserver.log.1"), ZoneOffset.UTC, 42);
    for (Instant t = incident.minusSeconds(60); t.isBefore(incident); t = t.plusMillis(250)) {
      writer.writeTick(t);
    }
    try (Exporter exporter = new Exporter(config(writer.file(), db), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      Await.until(
          () ->
              "divergence".equals(q1Of(port, DemoScenario.STORM_DEVICE))
                  && Http.get(port, "/metrics")
                      .body()
                      .contains(DemoStormSeries.DIVERGENCE_GAUGE + " 1.0"),
          Duration.ofSeconds(30));
      assertThat(Http.get(port, "/metrics").body())
          .contains(DemoStormSeries.DIVERGENCE_VERDICT_SAMPLE);
    }
  }

  @Test
  void aLiveLogWhoseStormWentQuietAnswersHealthyAndNoGaugeSaysOtherwise(@TempDir Path dir)
      throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    DemoScenario.seed(db.adminDataSource(), now);
    Instant stormEnd = Instant.ofEpochMilli(now).minus(QUIET).minusSeconds(60);
    DemoLogWriter writer = new DemoLogWriter(dir.resolve("homeserver.log"), ZoneOffset.UTC, 42);
    for (Instant t = stormEnd.minusSeconds(30); t.isBefore(stormEnd); t = t.plusMillis(250)) {
      writer.writeTick(t);
    }
    // Ordinary traffic after the storm, up to now: the log's clock is now the wall clock.
    StringBuilder quiet = new StringBuilder();
    for (Instant t = stormEnd.plusSeconds(1);
        !t.isAfter(Instant.ofEpochMilli(now));
        t = t.plusSeconds(5)) {
      quiet
          .append(ASCTIME.format(t))
          .append(" - synapse.access.http.8008 - 461 - INFO - GET-")
          .append(t.getEpochSecond())
          .append(" - ::1 - 8008 - {")
          .append(DemoScenario.ALICE)
          .append("} Processed request: 30.002sec/0.000sec")
          .append(
              " ru=(0.001sec, 0.000sec) db=(0.000sec/0.001sec/1) 63B 200 \"GET /_matrix/client/v3/sync HTTP/1.1\"")
          .append(" \"Element/1.11.0\" [0 dbevts]\n");
    }
    Files.writeString(writer.file(), quiet, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (Exporter exporter = new Exporter(config(writer.file(), db), Clock.systemUTC(), Map.of())) {
      int port = exporter.start();
      String otkCount =
          "synapse_e2ee_otk_count{algorithm=\"signed_curve25519\",device=\""
              + DemoScenario.STORM_DEVICE
              + "\",user=\""
              + DemoScenario.ALICE
              + "\"} 50.0";
      // The storm was read and the database has been polled for the device the log named.
      Await.until(
          () ->
              Http.get(port, "/metrics").body().contains(otkCount)
                  && "healthy".equals(q1Of(port, DemoScenario.STORM_DEVICE)),
          Duration.ofSeconds(30));
      String metrics = Http.get(port, "/metrics").body();
      assertThat(metrics)
          .contains(
              "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
                  + DemoScenario.STORM_DEVICE
                  + "\",user=\""
                  + DemoScenario.ALICE
                  + "\"} 120.0");
      assertThat(metrics).doesNotContain(DemoStormSeries.DIVERGENCE_GAUGE + " 1.0");
    }
  }
}
