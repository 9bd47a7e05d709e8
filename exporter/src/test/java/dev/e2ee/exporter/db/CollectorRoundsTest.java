package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rounds of collectors on a real PostgreSQL: whole-table ones only when the aggregates are due,
 * a failing one costs only itself, and one whose table, column or grant is missing is switched off
 * for an hour, then tried again. The failures are PostgreSQL's own answers to real statements.
 */
class CollectorRoundsTest extends CollectorHarness {
  private static final long HOUR = 3_600_000;
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
  private final PollerMetrics pollerMetrics = new PollerMetrics(registry, true);
  private final CollectorRounds rounds =
      new CollectorRounds(
          pollerMetrics, metrics, clock, Duration.ofSeconds(2), Duration.ofSeconds(2));

  /** A collector that runs one statement and remembers how often it was asked to. */
  private static final class Statement implements DbCollector {
    private final String name;
    private final String sql;
    int polls;

    Statement(String name, String sql) {
      this.name = name;
      this.sql = sql;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
      polls++;
      return metrics.time(name, () -> client.query(sql).execute()).mapEmpty();
    }
  }

  private void round(long now, boolean aggregatesDue) throws Exception {
    clock.advance(Duration.ofMillis(now - clock.millis()));
    rounds.run(pool, new PollContext(List.of(), now, aggregatesDue)).await(20, TimeUnit.SECONDS);
  }

  private static double enabled(Scrape scrape, String collector) {
    return scrape.valueOrFail("synapse_e2ee_db_collector_enabled{collector=\"" + collector + "\"}");
  }

  private static double lastSuccess(Scrape scrape, String collector) {
    return scrape.valueOrFail(
        "synapse_e2ee_db_collector_last_success_timestamp_seconds{collector=\""
            + collector
            + "\"}");
  }

  @Test
  void wholeTableCollectorsRunOnlyWhenTheAggregatesAreDue() throws Exception {
    Statement perDevice = new Statement("per_device", "SELECT count(*) FROM devices");
    Statement wholeTable = new Statement("whole_table", "SELECT count(*) FROM device_inbox");
    rounds.add(perDevice, CollectorRegistry.Scope.PER_DEVICE);
    rounds.add(wholeTable, CollectorRegistry.Scope.WHOLE_TABLE);

    round(NOW, true);
    round(NOW + 1_000, false);
    round(NOW + 2_000, false);
    assertThat(perDevice.polls).isEqualTo(3);
    assertThat(wholeTable.polls).isEqualTo(1);
    Scrape scrape = Scrape.of(registry);
    assertThat(lastSuccess(scrape, "per_device")).isEqualTo((NOW + 2_000) / 1000.0);
    assertThat(lastSuccess(scrape, "whole_table")).isEqualTo(NOW / 1000.0);
    assertThat(enabled(scrape, "whole_table")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{1} -> switched off: {2}")
  @CsvSource(
      value = {
        "SELECT count(*) FROM no_such_synapse_table | missing_table | true",
        "SELECT no_such_column FROM devices | missing_column | true",
        "CREATE TABLE exporter_must_not_write (n int) | read_only_violation | false",
        "SELECT 1 / (count(*) - count(*)) FROM devices | sql_22 | false",
      },
      delimiter = '|')
  void aFailingCollectorCostsOnlyItselfAndMissingSchemaSwitchesItOffForAnHour(
      String sql, String reason, boolean switchedOff) throws Exception {
    Statement failing = new Statement("failing", sql);
    Statement healthy = new Statement("healthy", "SELECT count(*) FROM devices");
    rounds.add(failing, CollectorRegistry.Scope.EVERY_ROUND);
    rounds.add(healthy, CollectorRegistry.Scope.EVERY_ROUND);

    round(NOW, false);
    Scrape first = Scrape.of(registry);
    assertThat(metrics.errorCount("failing", reason)).isEqualTo(1);
    assertThat(enabled(first, "failing")).isEqualTo(switchedOff ? 0 : 1);
    assertThat(
            first.value(
                "synapse_e2ee_db_collector_last_success_timestamp_seconds{collector=\"failing\"}"))
        .as("never completed: no timestamp, not 0")
        .isEmpty();
    assertThat(lastSuccess(first, "healthy")).isEqualTo(NOW / 1000.0);

    // Within the hour a switched-off collector is not asked again; the others are.
    round(NOW + HOUR - 1, false);
    assertThat(failing.polls).isEqualTo(switchedOff ? 1 : 2);
    assertThat(healthy.polls).isEqualTo(2);
    assertThat(lastSuccess(Scrape.of(registry), "healthy")).isEqualTo((NOW + HOUR - 1) / 1000.0);

    // An hour on, an upgrade or a GRANT may have fixed it: it is tried again.
    round(NOW + HOUR, false);
    assertThat(failing.polls).isEqualTo(switchedOff ? 2 : 3);
    assertThat(metrics.errorCount("failing", reason)).isEqualTo(switchedOff ? 2 : 3);
  }

  @Test
  void aCollectorSwitchedOffComesBackOnceItsTableExists() throws Exception {
    Statement late = new Statement("late_table", "SELECT count(*) FROM exporter_late_table");
    rounds.add(late, CollectorRegistry.Scope.EVERY_ROUND);
    assertThat(enabled(Scrape.of(registry), "late_table")).isEqualTo(1);

    round(NOW, false);
    assertThat(enabled(Scrape.of(registry), "late_table")).isZero();

    db.execute("CREATE TABLE exporter_late_table (n int)");
    round(NOW + HOUR, false);
    Scrape scrape = Scrape.of(registry);
    assertThat(enabled(scrape, "late_table")).isEqualTo(1);
    assertThat(lastSuccess(scrape, "late_table")).isEqualTo((NOW + HOUR) / 1000.0);
    assertThat(late.polls).isEqualTo(2);
  }
}
