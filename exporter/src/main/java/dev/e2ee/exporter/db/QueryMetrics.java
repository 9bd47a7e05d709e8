package dev.e2ee.exporter.db;

import dev.e2ee.exporter.support.WarnLimiter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duration and error accounting shared by every database query the exporter runs. Lock and
 * statement timeouts are also logged, at most once a minute per query, with the query's name: they
 * mean the homeserver's database is busy or a table is locked (a migration).
 */
public final class QueryMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(QueryMetrics.class);
  private static final List<String> LOGGED_REASONS =
      List.of("statement_timeout", "lock_timeout", "timeout");
  private final WarnLimiter warnings = new WarnLimiter(60_000);
  private final Histogram duration;
  private final Counter errors;
  private final Set<String> initialised = ConcurrentHashMap.newKeySet();

  public QueryMetrics(PrometheusRegistry registry) {
    duration =
        Histogram.builder()
            .name("synapse_e2ee_db_query_duration_seconds")
            .help("Wall time of each database query, by query name, including failed ones.")
            .labelNames("query")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    errors =
        Counter.builder()
            .name("synapse_e2ee_db_query_errors")
            .help(
                "Failed database queries by query name and reason (statement_timeout, missing_table, connection, ...).")
            .labelNames("query", "reason")
            .register(registry);
  }

  /** Runs {@code query}, timing it and counting its failure; the result is passed through. */
  public <T> Future<T> time(String query, Supplier<Future<T>> run) {
    if (initialised.add(query)) {
      QueryErrors.REASONS.forEach(reason -> errors.labelValues(query, reason));
    }
    long started = System.nanoTime();
    Future<T> future;
    try {
      future = run.get();
    } catch (RuntimeException e) {
      future = Future.failedFuture(e);
    }
    return future.andThen(
        done -> {
          duration.labelValues(query).observe((System.nanoTime() - started) / 1e9);
          if (done.failed()) {
            String reason = QueryErrors.reason(done.cause());
            errors.labelValues(query, reason).inc();
            if (LOGGED_REASONS.contains(reason)
                && warnings.allow(query, System.currentTimeMillis())) {
              LOG.warn(
                  "database query {} stopped by {} after {} ms: the table is locked or the database is busy;"
                      + " counted in synapse_e2ee_db_query_errors_total, logged at most once a minute per query",
                  query,
                  reason,
                  (System.nanoTime() - started) / 1_000_000);
            }
          }
        });
  }

  double errorCount(String query, String reason) {
    return errors.labelValues(query, reason).get();
  }
}
