package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.config.StartAt;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.DatabaseTime;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.replay.IncidentLog;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestConfigs;
import dev.e2ee.exporter.testing.TestDatabase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the exporter reads of the database: the collectors its role runs, polling the devices the
 * log names among the others, or empty answers when the database is off.
 */
class DatabaseSideTest {
  private static final DeviceRef STORM = new DeviceRef(IncidentLog.ALICE, IncidentLog.STORM_DEVICE);

  private final Vertx vertx = Vertx.vertx();
  private final ProgramHarness harness = new ProgramHarness();

  /** The database side's own registry: the harness's already holds the log side's metrics. */
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final BoundedMetrics bounded = new BoundedMetrics(registry, Clock.systemUTC());

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private DatabaseSide start(ExporterConfig config, LogSide log) {
    return DatabaseSide.start(
        config,
        vertx,
        Map.of(),
        registry,
        bounded,
        Clock.systemUTC(),
        new IdentityLabels(config.labels()),
        log,
        new DeviceTables(config.devices(), registry, bounded));
  }

  @Test
  void aDatabaseSwitchedOffAnswersEmpty() {
    DatabaseSide off = start(TestConfigs.noSources(), new LogSide.Off());

    assertThat(off.source().name()).isEqualTo("database");
    assertThat(off.source().status().state()).isEqualTo(SourceStatus.State.DISABLED);
    assertThat(off.keys()).isEmpty();
    assertThat(off.inbox()).isEmpty();
    assertThat(off.confirmations()).isEmpty();
    assertThat(off.staleTargets()).isEmpty();
    assertThat(off.eventsWithoutAlgorithm()).isEmpty();
    assertThat(off.databaseTime()).isEqualTo(DatabaseTime.CURRENT);
  }

  @Test
  @NeedsPostgres
  void theDevicesTheLogNamesAreLookedUpInTheDatabase(@TempDir Path dir) throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    IncidentLog.storeDivergentKey(db.rows());
    Path file = dir.resolve("homeserver.log");
    IncidentLog.write(file, new IncidentLog().lines());
    LogSide log =
        LogSide.start(
            TestConfigs.logsFrom(file, StartAt.BEGINNING),
            harness.registry,
            Clock.systemUTC(),
            () -> harness.program);
    Await.until(() -> !log.recentConflicts().isEmpty(), Duration.ofSeconds(20));
    DatabaseConfig database =
        db.exporterConfig(db.server().superuser(), Optional.empty())
            .with(d -> d.pollInterval = Duration.ofSeconds(1));

    DatabaseSide side = start(TestConfigs.with(TestConfigs.disabledLogs(), database), log);
    try {
      // Up once the first poll of every collector the role runs has finished.
      Await.until(
          () -> side.source().status().state() == SourceStatus.State.UP, Duration.ofSeconds(30));

      assertThat(side.keys())
          .as("the storm device, watched because the log named it")
          .containsKey(STORM);
      assertThat(side.databaseTime()).isEqualTo(DatabaseTime.CURRENT);
    } finally {
      side.source().close();
      log.source().close();
    }
  }
}
