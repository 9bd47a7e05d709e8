package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.db.DatabaseCheck.Level;
import dev.e2ee.exporter.db.DatabaseCheck.Line;
import dev.e2ee.exporter.deploy.ReadOnlyRoleTestSupport;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.PrometheusServer;
import dev.e2ee.exporter.testing.SynapsePostgres;
import dev.e2ee.exporter.testing.TestDatabase;
import dev.e2ee.fixture.SynapseSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code check} asks the database, on a real PostgreSQL with the real Synapse schema: through
 * the deployment's own read-only role (set up with psql, as operators do) everything is fine; a
 * role that could write, a missing table or column, and an unreachable server each say what is
 * wrong and what to do.
 */
@NeedsPostgres
@NeedsTool
class DatabaseCheckTest extends PollerTestBase {
  private static final Map<String, String> ENVIRONMENT =
      Map.of("E2EE_TEST_DB_PASSWORD", "a-long-random-password");

  private List<Line> check(TestDatabase db, String user) {
    return DatabaseCheck.run(
        vertx, db.exporterConfig(user, Optional.of("E2EE_TEST_DB_PASSWORD")), ENVIRONMENT);
  }

  private static Line line(List<Line> lines, String subject) {
    return lines.stream()
        .filter(l -> l.subject().equals(subject))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + subject + " in " + lines));
  }

  @Test
  void theDeploymentsReadOnlyRolePassesEveryCheck() throws Exception {
    TestDatabase db = SynapsePostgres.newDatabase();
    ReadOnlyRoleTestSupport.applyRoleSql(db);
    List<Line> lines = check(db, "synapse_e2ee_exporter");
    assertThat(lines).allSatisfy(l -> assertThat(l.level()).as(l.toString()).isEqualTo(Level.OK));
    assertThat(line(lines, "database").message())
        .isEqualTo(
            "reachable as synapse_e2ee_exporter (synapse_e2ee_exporter@127.0.0.1:"
                + db.server().port()
                + "/"
                + db.name()
                + ")");
    assertThat(line(lines, "synapse schema").message())
        .isEqualTo("schema_version " + SynapseSchema.SCHEMA_VERSION);
    assertThat(line(lines, "server").message()).isEqualTo("primary (not in recovery)");
    assertThat(lines)
        .filteredOn(l -> l.subject().startsWith("table "))
        .extracting(Line::subject)
        .containsExactlyElementsOf(
            RequiredSchema.COLUMNS.keySet().stream().map(t -> "table " + t).toList());
  }

  @Test
  void aRoleThatCouldWriteFailsEveryTableEvenWithAReadOnlySession() {
    TestDatabase db = SynapsePostgres.newDatabase();
    List<Line> lines = check(db, db.server().superuser());
    assertThat(line(lines, "read-only session").level()).isEqualTo(Level.OK);
    assertThat(line(lines, "table device_inbox"))
        .isEqualTo(
            new Line(
                Level.FAIL,
                "table device_inbox",
                "the role may write to it: use the SELECT-only role of"
                    + " deploy/postgres/readonly-role.sql"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {
        "DROP TABLE delayed_events | delayed_events | WARN"
            + " | missing (Synapse older than 1.116?): its collector stays off",
        "DROP TABLE device_inbox | device_inbox | FAIL"
            + " | missing: is this Synapse's database? (database.name)",
        "ALTER TABLE devices DROP COLUMN hidden | devices | FAIL"
            + " | missing columns [hidden]: an unsupported Synapse version",
        "ALTER TABLE e2e_one_time_keys_json DROP COLUMN key_json, DROP COLUMN algorithm"
            + " | e2e_one_time_keys_json | FAIL"
            + " | missing columns [algorithm, key_json]: an unsupported Synapse version",
      },
      delimiter = '|')
  void aSchemaThatIsNotTheOneTheCollectorsReadIsNamed(
      String change, String table, Level level, String message) {
    TestDatabase db = SynapsePostgres.newDatabase();
    db.execute(change);
    assertThat(line(check(db, db.server().superuser()), "table " + table))
        .isEqualTo(new Line(level, "table " + table, message));
  }

  @Test
  void anUnreachableServerIsOneLineWithTheFix() throws Exception {
    int closedPort = PrometheusServer.freePort();
    TestDatabase db = SynapsePostgres.newDatabase();
    List<Line> lines =
        DatabaseCheck.run(
            vertx,
            TestDatabase.exporterConfig(
                "127.0.0.1", closedPort, db.name(), "synapse_e2ee_exporter", Optional.empty()),
            Map.of());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).level()).isEqualTo(Level.FAIL);
    assertThat(lines.get(0).message())
        .startsWith(
            "synapse_e2ee_exporter@127.0.0.1:" + closedPort + "/" + db.name() + ": connection: ")
        .endsWith(
            "(fix: check database.host/port, pg_hba.conf (deploy/postgres/pg_hba.conf.snippet)"
                + " and firewalls)");
  }

  @ParameterizedTest(name = "standby {0}, lag {1} s, poll every {2} ms -> {3}")
  @CsvSource({
    "false, 0, 1000, OK",
    "true, 0, 1000, OK",
    "true, 1.0, 1000, OK",
    "true, 1.5, 1000, WARN",
    "true, 90, 60000, WARN",
    "true, 30, 60000, OK",
  })
  void aStandbyMoreThanAPollIntervalBehindIsAWarning(
      boolean standby, double lag, long pollMillis, Level level) {
    ReplicaStatus replica =
        standby
            ? new ReplicaStatus(true, lag, Instant.parse("2026-11-25T10:00:00Z"))
            : ReplicaStatus.PRIMARY;
    Line line = DatabaseCheck.replicaLine(replica, pollMillis);
    assertThat(line.level()).isEqualTo(level);
    assertThat(line.subject()).isEqualTo("server");
    assertThat(line.message()).startsWith(replica.describe());
  }
}
