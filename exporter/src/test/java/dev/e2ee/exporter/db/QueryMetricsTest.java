package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query timed and every failure counted by its reason, with the result passed through
 * unchanged. The failures are those PostgreSQL and the client really raise (SQLSTATEs as the server
 * sends them).
 */
class QueryMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final QueryMetrics metrics = new QueryMetrics(registry);

  private static String sample(String family, String query) {
    return family + "{query=\"" + query + "\"}";
  }

  @Test
  void aSuccessIsTimedPassedThroughAndEveryReasonStartsAtZero() throws Exception {
    assertThat(metrics.time("devices", () -> Future.succeededFuture(7)).await(5, TimeUnit.SECONDS))
        .isEqualTo(7);
    Scrape scrape = Scrape.of(registry);
    assertThat(
            scrape.valueOrFail(sample("synapse_e2ee_db_query_duration_seconds_count", "devices")))
        .isEqualTo(1);
    for (String reason : QueryErrors.REASONS) {
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_db_query_errors_total{query=\"devices\",reason=\""
                      + reason
                      + "\"}"))
          .as(reason)
          .isZero();
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new PgException("canceling statement due to lock timeout", "ERROR", "55P03", null),
            "lock_timeout"),
        Arguments.of(
            new PgException("canceling statement due to statement timeout", "ERROR", "57014", null),
            "statement_timeout"),
        Arguments.of(
            new PgException("relation \"delayed_events\" does not exist", "ERROR", "42P01", null),
            "missing_table"),
        Arguments.of(new TimeoutException("no answer"), "timeout"),
        Arguments.of(new ConnectException("Connection refused: /127.0.0.1:5432"), "connection"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("failures")
  void aFailureIsTimedCountedByReasonAndPassedOn(Throwable error, String reason) {
    for (int round = 1; round <= 2; round++) {
      Future<Object> failed = metrics.time("inbox", () -> Future.failedFuture(error));
      assertThatThrownBy(() -> failed.await(5, TimeUnit.SECONDS)).isSameAs(error);
      assertThat(metrics.errorCount("inbox", reason)).isEqualTo(round);
    }
    assertThat(
            Scrape.of(registry)
                .valueOrFail(sample("synapse_e2ee_db_query_duration_seconds_count", "inbox")))
        .as("failed queries are timed too")
        .isEqualTo(2);
    assertThat(metrics.errorCount("inbox", "other")).isZero();
  }

  @Test
  void aQueryThatThrowsInsteadOfFailingIsCountedNotPropagated() {
    IllegalStateException thrown = new IllegalStateException("row has no column 'x'");
    Future<Object> result =
        metrics.time(
            "named",
            () -> {
              throw thrown;
            });
    assertThat(result.failed()).isTrue();
    assertThat(result.cause()).isSameAs(thrown);
    assertThat(metrics.errorCount("named", "other")).isEqualTo(1);
  }
}
