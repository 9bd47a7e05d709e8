package dev.e2ee.exporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.config.DatabaseConfig;
import dev.e2ee.exporter.db.DatabasePoller;
import dev.e2ee.exporter.testing.ExternalTool;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.Pollers;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** deploy/postgres/readonly-role.sql applied with the real psql to a real PostgreSQL 17. */
@NeedsPostgres
@NeedsTool
class ReadOnlyRoleTest {
  static final List<String> READ =
      List.of(
          "schema_version",
          "devices",
          "e2e_device_keys_json",
          "e2e_one_time_keys_json",
          "e2e_fallback_keys_json",
          "device_inbox",
          "events",
          "event_json",
          "redactions",
          "delayed_events");

  @Test
  void theRoleReadsExactlyTheExportersTablesAndWritesNothing() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    applyRoleSql(db);
    applyRoleSql(db); // idempotent

    // Over every table of the real Synapse schema (users, access_tokens, ... included).
    assertThat(tablesTheRoleCanRead(db)).containsExactlyInAnyOrderElementsOf(READ);

    try (Connection c = connectAsRole(db);
        Statement s = c.createStatement()) {
      for (String table : READ) {
        s.executeQuery("SELECT count(*) FROM " + table).close();
      }
      assertThat(setting(s, "default_transaction_read_only")).isEqualTo("on");
      assertThat(setting(s, "statement_timeout")).isEqualTo("5s");
      for (String secret : List.of("users", "access_tokens")) {
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + secret))
            .hasMessageContaining("permission denied");
      }
      // Get past the read-only default on purpose, to show the grants refuse writes too.
      s.execute("SET default_transaction_read_only = off");
      c.setAutoCommit(false);
      for (String write :
          List.of(
              "INSERT INTO e2e_one_time_keys_json VALUES ('@a:x','D','signed_curve25519','K',1,'{}')",
              "UPDATE e2e_fallback_keys_json SET used = true",
              "DELETE FROM device_inbox",
              "TRUNCATE e2e_one_time_keys_json",
              "INSERT INTO access_tokens (id, user_id, token) VALUES (1, '@a:x', 't')")) {
        assertThatThrownBy(() -> s.execute(write))
            .as(write)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        c.rollback();
      }
    }
  }

  @Test
  void theExporterPollsCleanlyAsThatRole() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    applyRoleSql(db);
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusRegistry registry = new PrometheusRegistry();
      DatabaseConfig config = db.exporterConfig("synapse_e2ee_exporter", Optional.empty());
      DatabasePoller poller = Pollers.watchingActiveDevices(vertx, config, registry);
      assertThat(poller.pollOnce().await(20, TimeUnit.SECONDS)).isTrue();
      Scrape scrape = Scrape.of(registry);
      assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
      // Every query's error counters exist (at 0 from its first run) and none counted anything.
      List<String> errors =
          scrape
              .text()
              .lines()
              .filter(l -> l.startsWith("synapse_e2ee_db_query_errors_total{"))
              .toList();
      assertThat(errors).isNotEmpty().allMatch(l -> l.endsWith(" 0.0"));
      assertThat(errors).anyMatch(l -> l.contains("reason=\"permission_denied\""));
      poller.close();
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  static void applyRoleSql(TestDatabase db) throws Exception {
    var psql = ExternalTool.require("psql", "postgresql-client");
    var result =
        ExternalTool.run(
            ExternalTool.repository(),
            List.of(
                psql.toString(),
                "-X",
                "-q",
                "-h",
                db.server().host(),
                "-p",
                Integer.toString(db.server().port()),
                "-U",
                db.server().superuser(),
                "-d",
                db.name(),
                "-v",
                "ON_ERROR_STOP=1",
                "-v",
                "password='a-long-random-password'",
                "-f",
                "deploy/postgres/readonly-role.sql"));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  static Connection connectAsRole(TestDatabase db) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {db.server().host()});
    ds.setPortNumbers(new int[] {db.server().port()});
    ds.setDatabaseName(db.name());
    ds.setUser("synapse_e2ee_exporter");
    ds.setPassword("a-long-random-password");
    return ds.getConnection();
  }

  static List<String> tablesTheRoleCanRead(TestDatabase db) throws SQLException {
    List<String> readable = new ArrayList<>();
    try (Connection c = db.adminDataSource().getConnection();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p')"
                    + " AND has_table_privilege('synapse_e2ee_exporter', c.oid, 'SELECT')")) {
      while (rs.next()) {
        readable.add(rs.getString(1));
      }
    }
    return readable;
  }

  static String setting(Statement s, String name) throws SQLException {
    try (var rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
