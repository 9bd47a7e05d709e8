package dev.e2ee.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.exporter.testing.Http;
import dev.e2ee.exporter.testing.NeedsPostgres;
import dev.e2ee.exporter.testing.Scrape;
import dev.e2ee.fixture.DemoScenario;
import dev.e2ee.fixture.SynapseSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo end to end in one JVM: its embedded database, its log, the exporter serving both. */
@NeedsPostgres
class DemoTest {

  @Test
  void demoServesBuildInfoDatabaseUpAndLogLines() throws Exception {
    Path directory;
    try (DemoEnvironment env = DemoEnvironment.start(Clock.systemUTC())) {
      directory = env.directory();
      assertThat(Files.readAllLines(env.logFile()))
          .anyMatch(l -> l.contains("already exists. Old key:"));
      try (Exporter exporter =
          new Exporter(env.exporterConfig("127.0.0.1", 0), Clock.systemUTC(), Map.of())) {
        int port = exporter.start();
        Scrape scrape = Scrape.awaitDbUp(port);
        assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isEqualTo(1);
        assertThat(scrape.text()).contains("synapse_e2ee_build_info{");
        assertThat(scrape.valueOrFail("synapse_e2ee_synapse_schema_version"))
            .isEqualTo(SynapseSchema.SCHEMA_VERSION);
        String file = env.logFile().toAbsolutePath().toString();
        assertThat(scrape.valueOrFail("synapse_e2ee_log_lines_read_total{file=\"" + file + "\"}"))
            .isGreaterThan(240);
        assertThat(Http.get(port, "/-/ready").statusCode()).isEqualTo(200);
        // The log side sees the scenario: the storm device's conflicts and Dave's slow restarts.
        assertThat(
                scrape.valueOrFail(
                    "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\""
                        + DemoScenario.STORM_DEVICE
                        + "\",user=\""
                        + DemoScenario.ALICE
                        + "\"}"))
            .isGreaterThan(200);
        assertThat(scrape.text())
            .contains(
                "synapse_e2ee_delayed_event_requests_total{action=\"update\",code=\"200\",user=\""
                    + DemoScenario.DAVE
                    + "\"}");
      }
      assertSeeded(env);
    }
    assertThat(directory).doesNotExist();
  }

  private static void assertSeeded(DemoEnvironment env) throws Exception {
    try (Connection c = env.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM e2e_one_time_keys_json WHERE device_id = '"
                      + DemoScenario.STORM_DEVICE
                      + "' AND key_id = '"
                      + DemoScenario.STORM_KEY_ID
                      + "'"))
          .isEqualTo(1);
      assertThat(count(s, "SELECT count(*) FROM e2e_fallback_keys_json WHERE used")).isEqualTo(1);
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM device_inbox i WHERE NOT EXISTS (SELECT 1 FROM devices d"
                      + " WHERE d.user_id = i.user_id AND d.device_id = i.device_id)"))
          .isEqualTo(7);
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM events e JOIN event_json j USING (event_id)"
                      + " WHERE e.type = 'm.room.encrypted' AND (j.json::jsonb -> 'content' -> 'algorithm') IS NULL"
                      + " AND NOT EXISTS (SELECT 1 FROM redactions r WHERE r.redacts = e.event_id)"))
          .isEqualTo(1);
      // The scenario makes exactly one delayed event overdue at seeding time (Dave's, by 20 s);
      // Alice's falls due 8 s later, so "overdue now" grows with however slow the machine is.
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM delayed_events WHERE NOT is_processed AND send_ts < "
                      + env.seededAt().toEpochMilli()))
          .isEqualTo(1);
      assertThat(
              count(
                  s,
                  "SELECT count(*) FROM delayed_events WHERE NOT is_processed AND send_ts < "
                      + env.seededAt().toEpochMilli()
                      + " AND delay_id = 'syd_demoDelayedEvent0001'"))
          .isEqualTo(1);
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
