package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.source.SourceStatus;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The poller against a real PostgreSQL 17 holding the Synapse schema. */
@NeedsPostgres
class DatabasePollerTest extends PollerTestBase {

  DatabasePoller poller(DatabaseConfig config) {
    Pool pool = ReadOnlyPool.create(vertx, config, Map.of());
    return new DatabasePoller(vertx, config, pool, registry, Clock.systemUTC());
  }

  @Test
  void reachableDatabaseReportsUpAndSchemaVersion() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    DatabasePoller poller = poller(asSuperuser(db));
    assertThat(poller.status().state()).isEqualTo(SourceStatus.State.STARTING);
    assertThat(poller.pollOnce().await(10, TimeUnit.SECONDS)).isTrue();

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
    assertThat(scrape.valueOrFail("synapse_e2ee_synapse_schema_version"))
        .isEqualTo(SynapseSchema.SCHEMA_VERSION);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_last_success_timestamp_seconds"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, Offset.offset(60.0));
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_db_query_duration_seconds_count{query=\"schema_version\"}"))
        .isEqualTo(1);
    assertThat(poller.status().state()).isEqualTo(SourceStatus.State.UP);
    poller.close();
  }

  @Test
  void sessionCannotWriteEvenWhenTheRoleCould() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    // The superuser could write anything; the exporter's session still must not.
    Pool pool = ReadOnlyPool.create(vertx, asSuperuser(db), Map.of());
    long before = db.queryLong("SELECT count(*) FROM e2e_one_time_keys_json");
    assertThatThrownBy(
            () ->
                pool.query(
                        "INSERT INTO e2e_one_time_keys_json VALUES ('@a:x','D','signed_curve25519','K',1,'{}')")
                    .execute()
                    .await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("25006"));
    assertThatThrownBy(
            () -> pool.query("DELETE FROM devices").execute().await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("25006"));
    // default_transaction_read_only is a default: only a statement that explicitly asks for a
    // read-write transaction could get past it. The exporter never sends one, and the role
    // operators create (deploy/) has SELECT only - the second, hard layer.
    assertThat(db.queryLong("SELECT count(*) FROM e2e_one_time_keys_json")).isEqualTo(before);
    var settings =
        pool.query(
                "SELECT current_setting('application_name') AS app,"
                    + " current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt")
            .execute()
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next();
    assertThat(settings.getString("app")).isEqualTo("synapse-e2ee-exporter");
    assertThat(settings.getString("st")).isEqualTo("2s");
    assertThat(settings.getString("lt")).isEqualTo("500ms");
    pool.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void databaseDownAtStartIsReportedNotFatal() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TestDatabase db = SynapsePostgres.newDatabase();
    var config = db.exporterConfig("postgres", Optional.empty());
    var unreachable =
        config.with(
            d -> {
              d.host = "127.0.0.1";
              d.port = closedPort;
            });
    DatabasePoller poller = poller(unreachable);
    assertThat(poller.pollOnce().await(10, TimeUnit.SECONDS)).isFalse();
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(0);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_db_query_errors_total{query=\"connect\",reason=\"connection\"}"))
        .isEqualTo(1);
    assertThat(scrape.value("synapse_e2ee_db_last_success_timestamp_seconds")).hasValue(0);
    assertThat(poller.status().state()).isEqualTo(SourceStatus.State.DOWN);
    assertThat(poller.status().detail()).startsWith("connection: ");
    poller.close();
  }

  @Test
  void missingTableCostsOnlyItsCollector() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.execute("DROP TABLE schema_version");
    DatabasePoller poller = poller(asSuperuser(db));
    assertThat(poller.pollOnce().await(10, TimeUnit.SECONDS)).isTrue();
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_db_query_errors_total{query=\"schema_version\",reason=\"missing_table\"}"))
        .isEqualTo(1);
    poller.close();
  }

  @Test
  void statementTimeoutIsCountedByReason() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    Pool pool = ReadOnlyPool.create(vertx, asSuperuser(db), Map.of());
    QueryMetrics metrics = new QueryMetrics(registry);
    assertThatThrownBy(
            () ->
                metrics
                    .time("slow", () -> pool.query("SELECT pg_sleep(5)").execute())
                    .await(10, TimeUnit.SECONDS))
        .isInstanceOf(PgException.class);
    assertThat(metrics.errorCount("slow", "statement_timeout")).isEqualTo(1);
    pool.close().await(5, TimeUnit.SECONDS);
  }
}
