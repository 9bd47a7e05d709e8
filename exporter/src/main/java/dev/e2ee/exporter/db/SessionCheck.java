package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.DatabaseConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first query of every round: is the session really read-only, and is the server a primary or a
 * standby (and how far its replay trails)?
 */
final class SessionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCheck.class);

  private final DatabaseConfig config;
  private final PollerMetrics metrics;
  private final QueryMetrics queryMetrics;
  private volatile ReplicaStatus replica = ReplicaStatus.PRIMARY;

  SessionCheck(DatabaseConfig config, PollerMetrics metrics, QueryMetrics queryMetrics) {
    this.config = config;
    this.metrics = metrics;
    this.queryMetrics = queryMetrics;
  }

  /** The server polled, as of the last check. */
  ReplicaStatus replica() {
    return replica;
  }

  Future<Void> check(SqlClient client) {
    // statement_timeout is enforced by the server; a server (or a proxy in front of it)
    // that accepts the connection and then says nothing needs a client-side limit too.
    long limitMs = config.connectTimeout().toMillis() + config.statementTimeout().toMillis();
    return queryMetrics
        .time(
            "session",
            () ->
                client
                    .query(
                        "SELECT current_setting('transaction_read_only') AS read_only, "
                            + ReplicaStatus.COLUMNS)
                    .execute()
                    .timeout(limitMs, TimeUnit.MILLISECONDS))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              // Belt and braces: the startup packet asked for read-only; refuse to go on if a
              // pooler or server setting overrode it.
              if (!"on".equals(row.getString("read_only"))) {
                return Future.failedFuture(new NotReadOnlyException());
              }
              ReplicaStatus now = ReplicaStatus.from(row);
              if (now.standby() != replica.standby()) {
                LOG.info("database {}: {}", config.name(), now.describe());
              }
              replica = now;
              metrics.standby.set(now.standby() ? 1 : 0);
              metrics.replicaLag.set(now.lagSeconds());
              return Future.succeededFuture();
            });
  }

  /** The server let the session write: something overrode default_transaction_read_only. */
  static final class NotReadOnlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadOnlyException() {
      super("the database session is not read-only; refusing to poll");
    }
  }
}
