package dev.e2ee.exporter.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * One concern polled from the database (OTK stock, to-device backlog, ...), in the manner of
 * postgres_exporter's collectors: each owns its queries, its cached results and the metrics made
 * from them, and a failure in one never stops the others. A collector whose table or column does
 * not exist (an older Synapse) is switched off by the poller.
 */
public interface DbCollector {
  /** Bounded, stable name used as the {@code query} and {@code collector} label. */
  String name();

  /**
   * Runs this collector's queries and replaces its cached results. (Not {@code collect}: the same
   * classes are client_java {@code MultiCollector}s, whose collect() serves a scrape.)
   */
  Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context);
}
