package dev.e2ee.exporter.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * One concern polled from the database (OTK stock, to-device backlog, ...), in the manner of
 * postgres_exporter's collectors: each owns its queries and its metrics, and a failure in one
 * never stops the others.
 */
public interface DbCollector {
  /** Bounded, stable name used as the {@code query} label. */
  String name();

  /** Runs this collector's queries and updates its cached results. */
  Future<Void> collect(SqlClient client, QueryMetrics metrics);
}
