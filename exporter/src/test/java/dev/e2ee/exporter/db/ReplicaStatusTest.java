package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Primary or standby, read from rows PostgreSQL itself returns: the real server's own answer to
 * {@link ReplicaStatus#COLUMNS}, and rows shaped as a standby answers.
 */
class ReplicaStatusTest extends CollectorHarness {
  private Row row(String sql) throws Exception {
    return pool.query(sql).execute().await(20, TimeUnit.SECONDS).iterator().next();
  }

  @Test
  void theTestServerIsAPrimary() throws Exception {
    ReplicaStatus status = ReplicaStatus.from(row("SELECT " + ReplicaStatus.COLUMNS));
    assertThat(status).isEqualTo(ReplicaStatus.PRIMARY);
    assertThat(status.describe()).isEqualTo("primary (not in recovery)");
  }

  @ParameterizedTest(name = "standby {0}, lag {1}, replayed {2}")
  @CsvSource(
      value = {
        "false | 5.0  | '2026-11-25 10:00:00+00' | false | 0   | primary (not in recovery)",
        "NULL  | 5.0  | NULL                     | false | 0   | primary (not in recovery)",
        "true  | 2.46 | '2026-11-25 10:00:00+00' | true  | 2.46"
            + " | hot standby (in recovery): replay lag 2.5 s, replayed up to 2026-11-25T10:00:00Z",
        "true  | 0    | '2026-11-25 09:59:58.5+01' | true | 0"
            + " | hot standby (in recovery): replay lag 0.0 s, replayed up to 2026-11-25T08:59:58.500Z",
        "true  | NULL | NULL                     | true  | 0"
            + " | hot standby (in recovery): replay lag 0.0 s, replayed up to nothing yet",
      },
      delimiter = '|',
      quoteCharacter = '"')
  void readFromTheRowAndDescribed(
      String standby,
      String lag,
      String replayed,
      boolean isStandby,
      double lagSeconds,
      String described)
      throws Exception {
    ReplicaStatus status =
        ReplicaStatus.from(
            row(
                "SELECT "
                    + standby
                    + "::boolean AS standby, "
                    + lag
                    + "::float8 AS replica_lag_seconds, "
                    + replayed
                    + "::timestamptz AS replayed_up_to"));
    assertThat(status.standby()).isEqualTo(isStandby);
    assertThat(status.lagSeconds()).isEqualTo(lagSeconds);
    assertThat(status.describe()).isEqualTo(described);
  }
}
