package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.testing.Scrape;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The first query of every round, on a real PostgreSQL: a read-only session on a primary passes and
 * says so in the gauges; a session something made writable is refused.
 */
class SessionCheckTest extends CollectorHarness {
  private final PollerMetrics pollerMetrics = new PollerMetrics(registry, false);

  private SessionCheck sessionCheck() {
    return new SessionCheck(
        db.exporterConfig(db.server().superuser(), Optional.empty()), pollerMetrics, metrics);
  }

  @Test
  void aReadOnlySessionOnAPrimaryPassesAndIsTimed() throws Exception {
    SessionCheck check = sessionCheck();
    pollerMetrics.standby.set(1);
    pollerMetrics.replicaLag.set(42);
    check.check(pool).await(20, TimeUnit.SECONDS);
    assertThat(check.replica()).isEqualTo(ReplicaStatus.PRIMARY);
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_standby")).isZero();
    assertThat(scrape.valueOrFail("synapse_e2ee_db_replica_lag_seconds")).isZero();
    assertThat(
            scrape.valueOrFail("synapse_e2ee_db_query_duration_seconds_count{query=\"session\"}"))
        .isEqualTo(1);
  }

  @Test
  void aSessionSomethingMadeWritableIsRefused() throws Exception {
    SessionCheck check = sessionCheck();
    SqlConnection connection = pool.getConnection().await(20, TimeUnit.SECONDS);
    try {
      // What a pooler or a server setting could do behind the startup packet's back.
      connection
          .query("SET default_transaction_read_only = off")
          .execute()
          .await(20, TimeUnit.SECONDS);
      assertThatThrownBy(() -> check.check(connection).await(20, TimeUnit.SECONDS))
          .isInstanceOf(SessionCheck.NotReadOnlyException.class)
          .hasMessageContaining("not read-only; refusing to poll");
    } finally {
      connection.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatCannotAnswerFailsTheCheckAndIsCounted() throws Exception {
    SessionCheck check = sessionCheck();
    pool.close().await(20, TimeUnit.SECONDS);
    assertThatThrownBy(() -> check.check(pool).await(20, TimeUnit.SECONDS)).isNotNull();
    assertThat(metrics.errorCount("session", "connection")).isEqualTo(1);
  }
}
