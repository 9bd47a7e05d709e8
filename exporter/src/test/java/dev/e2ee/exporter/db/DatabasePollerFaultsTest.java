package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poller as a whole: which devices it watches, and every fault the issue lists. */
@NeedsPostgres
class DatabasePollerFaultsTest extends PollerTestBase {
  static final String A = "@alice:example.org";

  DatabasePoller poller(DatabaseConfig config, int maxDevices, Supplier<List<DeviceRef>> named) {
    return new DatabasePoller(
        vertx,
        config,
        DevicesConfig.DEFAULTS.withMaxDevices(maxDevices),
        ReadOnlyPool.create(vertx, config, Map.of()),
        registry,
        Clock.systemUTC(),
        named);
  }

  @Test
  void watchesLogNamedDevicesFirstThenRecentOnesUpToTheCapAndForgetsDeletedOnes() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    db.rows()
        .device(A, "RECENT1", now - 1000, false)
        .device(A, "RECENT2", now - 2000, false)
        .device(A, "RECENT3", now - 3000, false)
        .device(A, "OLD", now - 30L * 86_400_000, false)
        .device(A, "CROSSSIGNING", now, true);
    DatabasePoller poller =
        poller(asSuperuser(db), 3, () -> List.of(new DeviceRef(A, "STORMDEVICE")));
    DeviceKeysCollector keys = new DeviceKeysCollector(ids);
    poller.addCollector(keys);
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    Scrape s = Scrape.of(registry);
    assertThat(s.valueOrFail("synapse_e2ee_watched_devices")).isEqualTo(3);
    assertThat(s.valueOrFail("synapse_e2ee_active_devices")).isEqualTo(3);
    assertThat(keys.snapshot().keySet())
        .containsExactlyInAnyOrder(
            new DeviceRef(A, "STORMDEVICE"),
            new DeviceRef(A, "RECENT1"),
            new DeviceRef(A, "RECENT2"));
    db.execute("DELETE FROM devices WHERE device_id = 'RECENT2'");
    poller.pollOnce().await(20, TimeUnit.SECONDS);
    assertThat(Scrape.of(registry).text()).doesNotContain("RECENT2").contains("RECENT3");
    poller.close();
  }

  @Test
  void devicesMessagesWaitForAreWatchedWhateverTheirLastSeenMostWaitingFirstAndTheCapCounted()
      throws Exception {
    // Real Synapse: a device that logged in and never made another request has last_seen NULL,
    // and to-device messages sent to it stay in device_inbox (KE-2's central case).
    TestDatabase db = SynapsePostgres.newDatabase();
    long now = System.currentTimeMillis();
    long month = 30L * 86_400_000;
    db.rows()
        .device(A, "RECENT", now - 1000, false)
        .device(A, "NEVERSYNCED", null, false)
        .device(A, "QUIET", now - month, false)
        .device(A, "ALSOQUIET", now - month, false);
    long stream = 1;
    for (int i = 0; i < 5; i++) {
      db.rows().inboxMessage(A, "NEVERSYNCED", stream++, A, "m.room.encrypted");
    }
    for (int i = 0; i < 2; i++) {
      db.rows().inboxMessage(A, "QUIET", stream++, A, "m.room.encrypted");
    }
    db.rows().inboxMessage(A, "ALSOQUIET", stream++, A, "m.room.encrypted");
    db.rows().inboxMessage(A, "REMOVED", stream++, A, "m.room.encrypted"); // a stale target
    DatabasePoller poller =
        poller(asSuperuser(db), 3, () -> List.of(new DeviceRef(A, "STORMDEVICE")));
    InboxCollector inbox = new InboxCollector(ids);
    poller.addCollector(inbox);
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.snapshot().keySet())
        .containsExactlyInAnyOrder(
            new DeviceRef(A, "STORMDEVICE"),
            new DeviceRef(A, "NEVERSYNCED"),
            new DeviceRef(A, "QUIET"));
    assertThat(inbox.snapshot().get(new DeviceRef(A, "NEVERSYNCED")).pending()).isEqualTo(5);
    Scrape s = Scrape.of(registry);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_to_device_pending{device=\"NEVERSYNCED\",user=\"" + A + "\"}"))
        .isEqualTo(5);
    assertThat(s.valueOrFail("synapse_e2ee_to_device_target_devices{exact=\"true\"}")).isEqualTo(3);
    assertThat(s.valueOrFail("synapse_e2ee_to_device_target_devices_unwatched"))
        .as("ALSOQUIET: beyond devices.max_devices, counted")
        .isEqualTo(1);
    // Between aggregate rounds the targets found are kept, not dropped.
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.snapshot()).containsKey(new DeviceRef(A, "NEVERSYNCED"));
    poller.close();
  }

  @Test
  void aQueryPastTheStatementTimeoutIsCountedAndTheOthersStillRun() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    DatabasePoller poller = poller(asSuperuser(db), 10, List::of);
    QueryMetrics[] seen = new QueryMetrics[1];
    poller.addCollector(
        new DbCollector() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
            seen[0] = metrics;
            return metrics
                .time("slow", () -> client.query("SELECT pg_sleep(10)").execute())
                .mapEmpty();
          }
        });
    InboxCollector inbox = new InboxCollector(ids);
    poller.addCollector(inbox);
    assertThat(poller.pollOnce().await(30, TimeUnit.SECONDS)).isTrue();
    Scrape s = Scrape.of(registry);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_db_query_errors_total{query=\"slow\",reason=\"statement_timeout\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_synapse_schema_version"))
        .isEqualTo(SynapseSchema.SCHEMA_VERSION);
    assertThat(
            s.value(
                "synapse_e2ee_db_collector_last_success_timestamp_seconds{collector=\"device_inbox\"}"))
        .isPresent();
    assertThat(s.valueOrFail("synapse_e2ee_db_collector_enabled{collector=\"slow\"}")).isEqualTo(1);
    poller.close();
  }

  @Test
  void stoppingCancelsAQueryWaitingOnALockOnTheServer() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.rows().device(A, "D1", System.currentTimeMillis(), false);
    DatabaseConfig base = asSuperuser(db);
    // Long timeouts: only the stop can end the wait.
    DatabaseConfig patient =
        base.with(
            d -> {
              d.statementTimeout = Duration.ofSeconds(60);
              d.lockTimeout = Duration.ofSeconds(60);
            });
    DatabasePoller poller = poller(patient, 10, List::of);
    poller.addCollector(new DeviceKeysCollector(ids));
    String ours =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
            + ReadOnlyPool.APPLICATION_NAME
            + "' AND state = 'active' AND wait_event_type = 'Lock'";
    try (Connection locker = db.adminDataSource().getConnection();
        Statement st = locker.createStatement()) {
      locker.setAutoCommit(false);
      st.execute("LOCK TABLE e2e_one_time_keys_json IN ACCESS EXCLUSIVE MODE");
      Future<Boolean> round = poller.pollOnce();
      Await.until(() -> db.queryLong(ours) == 1, Duration.ofSeconds(20));
      long started = System.nanoTime();
      poller.close();
      long stopMillis = (System.nanoTime() - started) / 1_000_000;
      // The backend no longer runs (or waits with) our query, although the lock is still held.
      Await.until(() -> db.queryLong(ours) == 0, Duration.ofSeconds(5));
      assertThat(round.await(5, TimeUnit.SECONDS))
          .as("the round ends once its query is cancelled")
          .isNotNull();
      System.out.println("poller stop with a query waiting on a lock: " + stopMillis + " ms");
      locker.rollback();
      Scrape s = Scrape.of(registry);
      assertThat(
              s.valueOrFail(
                  "synapse_e2ee_db_query_errors_total{query=\"otk_counts\",reason=\"cancelled\"}"))
          .as("our own cancel is not a statement timeout")
          .isEqualTo(1);
      assertThat(
              s.valueOrFail(
                  "synapse_e2ee_db_query_errors_total{query=\"otk_counts\",reason=\"statement_timeout\"}"))
          .isZero();
    }
  }

  @Test
  void aTableLockedByAnotherSessionCostsOnlyItsCollector() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.rows().device(A, "D1", System.currentTimeMillis(), false);
    DatabasePoller poller = poller(asSuperuser(db), 10, List::of);
    DeviceKeysCollector keys = new DeviceKeysCollector(ids);
    InboxCollector inbox = new InboxCollector(ids);
    poller.addCollector(keys);
    poller.addCollector(inbox);
    try (Connection locker = db.adminDataSource().getConnection();
        Statement st = locker.createStatement()) {
      locker.setAutoCommit(false);
      st.execute("LOCK TABLE e2e_one_time_keys_json IN ACCESS EXCLUSIVE MODE"); // a migration, say
      assertThat(poller.pollOnce().await(30, TimeUnit.SECONDS)).isTrue();
      locker.rollback();
    }
    Scrape s = Scrape.of(registry);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_db_query_errors_total{query=\"otk_counts\",reason=\"lock_timeout\"}"))
        .isEqualTo(1);
    assertThat(
            s.value(
                "synapse_e2ee_db_collector_last_success_timestamp_seconds{collector=\"device_inbox\"}"))
        .isPresent();
    assertThat(
            s.value(
                "synapse_e2ee_db_collector_last_success_timestamp_seconds{collector=\"device_keys\"}"))
        .isEmpty();
    assertThat(inbox.snapshot()).containsKey(new DeviceRef(A, "D1"));
    poller.close();
  }

  @Test
  void aMissingTableSwitchesOffItsCollectorOnly() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.execute("DROP TABLE delayed_events"); // Synapse before 1.116
    DatabasePoller poller = poller(asSuperuser(db), 10, List::of);
    var delayed =
        new DelayedEventsCollector(
            ids,
            "example.org",
            10_000,
            10,
            new BoundedMetrics(registry, Clock.systemUTC()).refusalsFor("x", Duration.ofHours(1)));
    poller.addCollector(delayed);
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    poller.pollOnce().await(20, TimeUnit.SECONDS);
    Scrape s = Scrape.of(registry);
    assertThat(s.valueOrFail("synapse_e2ee_db_collector_enabled{collector=\"delayed_events\"}"))
        .isZero();
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_db_query_errors_total{query=\"delayed_events\",reason=\"missing_table\"}"))
        .as("tried once, then off")
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_synapse_schema_version"))
        .isEqualTo(SynapseSchema.SCHEMA_VERSION);
    poller.close();
  }

  @Test
  void aDatabaseRestartedMidRunIsRecoveredWithoutRestartingTheExporter(@TempDir Path dir)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("data");
    EmbeddedPostgres pg = start(data, port);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE synapse");
    }
    SynapseSchema.apply(pg.getDatabase("postgres", "synapse"));
    DatabaseConfig config =
        TestDatabase.exporterConfig("127.0.0.1", port, "synapse", "postgres", Optional.empty());
    DatabasePoller poller = poller(config, 10, List::of);
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
    pg.close();
    assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isFalse();
    assertThat(Scrape.of(registry).valueOrFail("synapse_e2ee_db_up")).isZero();
    pg = start(data, port);
    try {
      assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Scrape.of(registry).valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
    } finally {
      poller.close();
      pg.close();
    }
  }

  private static EmbeddedPostgres start(Path data, int port) throws Exception {
    Files.createDirectories(data);
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }

  @Test
  void hotStandbyRecoveryConflictsAndOtherStatesHaveTheirOwnReason() {
    assertThat(QueryErrors.fromSqlState("40001")).isEqualTo("recovery_conflict");
    assertThat(QueryErrors.fromSqlState("57014")).isEqualTo("statement_timeout");
    assertThat(QueryErrors.fromSqlState("55P03")).isEqualTo("lock_timeout");
    assertThat(QueryErrors.fromSqlState("42P01")).isEqualTo("missing_table");
    assertThat(QueryErrors.fromSqlState("08006")).isEqualTo("connection");
    assertThat(QueryErrors.fromSqlState("22P02")).isEqualTo("sql_22");
  }
}
