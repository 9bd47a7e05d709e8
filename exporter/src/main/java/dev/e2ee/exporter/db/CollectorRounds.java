package dev.e2ee.exporter.db;

import dev.e2ee.exporter.support.ErrorText;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collectors of one round one after another, each under its own time limit, so one failing
 * collector costs only its own metrics. A collector whose table, column or grant is missing (an
 * older Synapse, a missing GRANT) is switched off and tried again an hour later.
 */
final class CollectorRounds {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorRounds.class);
  private static final long RECHECK_DISABLED_MILLIS = 3_600_000;
  private static final Set<String> DISABLING_REASONS =
      Set.of("missing_table", "missing_column", "permission_denied");

  private final List<Scheduled> collectors = new CopyOnWriteArrayList<>();
  private final Map<String, Long> disabledSince = new ConcurrentHashMap<>();
  private final PollerMetrics metrics;
  private final QueryMetrics queryMetrics;
  private final Clock clock;
  private final long limitMillis;

  CollectorRounds(
      PollerMetrics metrics,
      QueryMetrics queryMetrics,
      Clock clock,
      Duration connectTimeout,
      Duration statementTimeout) {
    this.metrics = metrics;
    this.queryMetrics = queryMetrics;
    this.clock = clock;
    this.limitMillis = statementTimeout.toMillis() * 4 + connectTimeout.toMillis();
  }

  private record Scheduled(DbCollector collector, boolean wholeTable) {}

  void add(DbCollector collector, CollectorRegistry.Scope scope) {
    collectors.add(new Scheduled(collector, scope == CollectorRegistry.Scope.WHOLE_TABLE));
    metrics.collectorEnabled.labelValues(collector.name()).set(1);
  }

  /** Every enabled collector that is due this round; never fails. */
  Future<Void> run(SqlClient client, PollContext context) {
    Future<Void> chain = Future.succeededFuture();
    for (Scheduled scheduled : collectors) {
      DbCollector collector = scheduled.collector();
      if ((scheduled.wholeTable() && !context.aggregatesDue())
          || !enabled(collector, context.nowMillis())) {
        continue;
      }
      // Sequential on purpose: a pool of at most two connections, and a homeserver
      // database that should never feel the exporter.
      chain = chain.compose(ignored -> runOne(collector, client, context));
    }
    return chain;
  }

  private Future<Void> runOne(DbCollector collector, SqlClient client, PollContext context) {
    return collector
        .poll(client, queryMetrics, context)
        .timeout(limitMillis, TimeUnit.MILLISECONDS)
        .map(
            done -> {
              metrics
                  .collectorLastSuccess
                  .labelValues(collector.name())
                  .set(clock.millis() / 1000.0);
              return (Void) null;
            })
        .otherwise(
            error -> {
              failed(collector, error, context.nowMillis());
              return null;
            });
  }

  private boolean enabled(DbCollector collector, long now) {
    Long since = disabledSince.get(collector.name());
    if (since == null) {
      return true;
    }
    if (now - since < RECHECK_DISABLED_MILLIS) {
      return false;
    }
    disabledSince.remove(collector.name()); // an upgrade or a GRANT may have fixed it: try again
    metrics.collectorEnabled.labelValues(collector.name()).set(1);
    return true;
  }

  private void failed(DbCollector collector, Throwable error, long now) {
    String reason = QueryErrors.reason(error);
    if (DISABLING_REASONS.contains(reason)) {
      disabledSince.put(collector.name(), now);
      metrics.collectorEnabled.labelValues(collector.name()).set(0);
      LOG.warn(
          "collector {} switched off ({}): {}; the other collectors keep running, retry in 1h",
          collector.name(),
          reason,
          ErrorText.describe(error));
    } else {
      LOG.debug(
          "collector {} failed ({}): {}", collector.name(), reason, ErrorText.describe(error));
    }
  }
}
