package dev.e2ee.exporter.db;

import static dev.e2ee.exporter.testing.PrometheusServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Await;
import dev.e2ee.exporter.testing.Commands;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.NeedsTool;
import dev.e2ee.exporter.testing.StreamingReplica;
import dev.e2ee.fixture.SynapseRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter pointed at a real hot standby (primary + pg_basebackup clone on loopback): check
 * names it, the poller exposes its lag, recovery conflicts are a counted reason the next round
 * recovers from, and verdicts built on a lagging replica say from when their database evidence is.
 */
@NeedsPostgres
@NeedsTool
class ReplicaTest {
  private static final String ALICE = "@alice:example.org";
  private static StreamingReplica replica;

  @BeforeAll
  static void startReplica() throws Exception {
    replica = StreamingReplica.start();
    long now = System.currentTimeMillis();
    new SynapseRows(replica.primaryDataSource(StreamingReplica.DATABASE))
        .device(ALICE, "PHONE", now, false)
        .inboxMessage(ALICE, "PHONE", 1, "@bob:example.org", "m.room.encrypted")
        .inboxMessage(ALICE, "PHONE", 2, "@bob:example.org", "m.room.encrypted");
    awaitReplayed("SELECT count(*) FROM device_inbox", 2);
  }

  @AfterAll
  static void stopReplica() {
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void checkSaysStandbyWithItsLagAndPrimaryAsSuch(@TempDir Path dir) throws Exception {
    Commands.Outcome standby =
        Commands.run("check", "--config", config(dir, replica.standbyPort()).toString());
    assertThat(standby.out()).contains("server", "hot standby (in recovery): replay lag");
    Commands.Outcome primary =
        Commands.run("check", "--config", config(dir, replica.primaryPort()).toString());
    assertThat(primary.out()).contains("primary (not in recovery)");
  }

  @Test
  void aLaggingReplicaIsExposedAndVerdictsSayFromWhenTheirDatabaseEvidenceIs(@TempDir Path dir)
      throws Exception {
    try (Exporter exporter = exporter(dir)) {
      int port = exporter.start();
      Await.until(() -> metric(port, "synapse_e2ee_db_standby") == 1, Duration.ofSeconds(30));
      Await.until(() -> phone(port).isPresent(), Duration.ofSeconds(30));
      assertThat(phone(port).orElseThrow()).doesNotContain("as of the replica's replay time");

      // Replay stops on the standby while the primary goes on: the standby falls behind.
      replica.onStandby("SELECT pg_wal_replay_pause()");
      try {
        replica.onPrimary(
            "INSERT INTO device_inbox (user_id, device_id, stream_id, message_json, instance_name)"
                + " VALUES ('"
                + ALICE
                + "', 'PHONE', 3, '{\"type\":\"m.room.encrypted\"}', 'master')");
        Await.until(
            () -> metric(port, "synapse_e2ee_db_replica_lag_seconds") > 1, Duration.ofSeconds(30));
        Await.until(
            () -> phone(port).orElse("").contains("; database as of the replica's replay time"),
            Duration.ofSeconds(30));
        assertThat(phone(port).orElseThrow())
            .startsWith("2 messages waiting")
            .contains("s behind)");
      } finally {
        replica.onStandby("SELECT pg_wal_replay_resume()");
      }
      Await.until(
          () -> metric(port, "synapse_e2ee_db_replica_lag_seconds") == 0, Duration.ofSeconds(30));
      Await.until(
          () ->
              phone(port).orElse("").startsWith("3 messages waiting")
                  && !phone(port).orElse("").contains("as of the replica"),
          Duration.ofSeconds(30));
    }
  }

  @Test
  void recoveryConflictsAreCountedAndTheNextRoundRecovers(@TempDir Path dir) throws Exception {
    // Enough rows that the whole-table aggregates take a while on the standby.
    replica.onPrimary(
        "INSERT INTO device_inbox (user_id, device_id, stream_id, message_json, instance_name)"
            + " SELECT '@u' || (n % 1000) || ':example.org', 'D' || (n % 997), 1000 + n,"
            + " '{\"type\":\"m.room.encrypted\"}', 'master' FROM generate_series(1, 1000000) n");
    awaitReplayed("SELECT count(*) FROM device_inbox", 1_000_003);
    AtomicBoolean locking = new AtomicBoolean(true);
    // Access exclusive locks taken on the primary are replayed on the standby, where they cancel
    // any query reading the table (max_standby_streaming_delay = 0): SQLSTATE 40001.
    Thread locker =
        new Thread(
            () -> {
              try (Connection c =
                      replica.primaryDataSource(StreamingReplica.DATABASE).getConnection();
                  Statement s = c.createStatement()) {
                while (locking.get()) {
                  s.execute("BEGIN; LOCK TABLE device_inbox IN ACCESS EXCLUSIVE MODE; COMMIT");
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try (Exporter exporter = exporter(dir)) {
      int port = exporter.start();
      locker.start();
      try {
        Await.until(() -> recoveryConflicts(port) > 0, Duration.ofSeconds(90));
      } finally {
        locking.set(false);
        locker.join();
      }
      String text = Http.get(port, "/metrics").body();
      assertThat(text).contains("reason=\"recovery_conflict\"");
      double before = lastSuccess(port);
      Await.until(
          () -> lastSuccess(port) > before && metric(port, "synapse_e2ee_db_up") == 1,
          Duration.ofSeconds(30));
      assertThat(Http.get(port, "/metrics").body())
          .as("a recovery conflict switches no collector off")
          .doesNotContainPattern("synapse_e2ee_db_collector_enabled\\{[^}]*\\} 0");
    } finally {
      replica.onPrimary("DELETE FROM device_inbox WHERE stream_id > 1000");
    }
  }

  private static double recoveryConflicts(int port) {
    double sum = 0;
    Matcher m =
        Pattern.compile(
                "(?m)^synapse_e2ee_db_query_errors_total\\{[^}]*reason=\"recovery_conflict\"[^}]*\\} (\\S+)$")
            .matcher(Http.get(port, "/metrics").body());
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private static double lastSuccess(int port) {
    return metric(port, "synapse_e2ee_db_last_success_timestamp_seconds");
  }

  private static Exporter exporter(Path dir) throws IOException {
    return new Exporter(
        ConfigLoader.load(config(dir, replica.standbyPort())), Clock.systemUTC(), Map.of());
  }

  private static Path config(Path dir, int databasePort) throws IOException {
    return Files.writeString(
        dir.resolve("config-" + databasePort + ".yml"),
        String.join(
            "\n",
            "listen: {address: 127.0.0.1, port: " + freePort() + "}",
            "synapse: {server_name: example.org, log_timezone: UTC}",
            "logs: {enabled: false}",
            "database: {host: 127.0.0.1, port: "
                + databasePort
                + ", name: "
                + StreamingReplica.DATABASE
                + ", user: "
                + StreamingReplica.USER
                + ", sslmode: disable, poll_interval: 1s, aggregate_interval: 10s}",
            "diagnosis: {backlog_stall: 1h}",
            ""));
  }

  /** The evidence of PHONE's to-device verdict, once there is one. */
  private static Optional<String> phone(int port) {
    JsonArray devices =
        new JsonObject(Http.get(port, "/api/v1/devices?all=true").body()).getJsonArray("devices");
    for (int i = 0; i < devices.size(); i++) {
      JsonObject d = devices.getJsonObject(i);
      if ("PHONE".equals(d.getString("device")) && "q2".equals(d.getString("question"))) {
        return Optional.of(d.getString("evidence"));
      }
    }
    return Optional.empty();
  }

  private static double metric(int port, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$")
            .matcher(Http.get(port, "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static void awaitReplayed(String countQuery, long expected) throws InterruptedException {
    Await.until(
        () -> {
          try (Connection c = replica.standbyDataSource().getConnection();
              Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(countQuery)) {
            return rs.next() && rs.getLong(1) == expected;
          } catch (SQLException e) {
            return false;
          }
        },
        Duration.ofSeconds(60));
  }
}
