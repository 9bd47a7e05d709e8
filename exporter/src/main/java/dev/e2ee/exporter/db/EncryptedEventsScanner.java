package dev.e2ee.exporter.db;

import dev.e2ee.exporter.evidence.MissingAlgorithm;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * KE-3: finds {@code m.room.encrypted} events stored without {@code content.algorithm} (redacted
 * ones excluded: redaction legitimately strips it). Starts at the events of the configured
 * lookback, then walks {@code stream_ordering} forward in windows of a bounded size, using the
 * unique stream_ordering index - never a scan of the whole events table. Backfilled events
 * (negative stream_ordering) are not visited. Offending event ids are kept in memory for the JSON
 * API and capture, never put in labels.
 */
public final class EncryptedEventsScanner implements DbCollector {
  static final String START =
      "SELECT min(stream_ordering) AS first FROM events WHERE origin_server_ts >= $1";
  static final String HEAD = "SELECT max(stream_ordering) AS head FROM events";
  static final String WINDOW =
      "SELECT e.stream_ordering,"
          + " (j.json::jsonb -> 'content' -> 'algorithm') IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM redactions r WHERE r.redacts = e.event_id) AS missing,"
          + " e.event_id, e.room_id, e.sender, e.origin_server_ts"
          + " FROM events e JOIN event_json j ON j.event_id = e.event_id"
          + " WHERE e.stream_ordering > $1 AND e.stream_ordering <= $2 AND e.type = 'm.room.encrypted'";
  static final int MAX_WINDOWS_PER_POLL = 20;
  static final int RECENT = 100;

  private final long lookbackMillis;
  private final int window;
  private final CounterDataPoint missing;
  private final CounterDataPoint scanned;
  private final Gauge position;
  private final Gauge behind;
  private final Deque<MissingAlgorithm> recent = new ArrayDeque<>();
  private @Nullable Long cursor;

  public EncryptedEventsScanner(PrometheusRegistry registry, long lookbackMillis, int window) {
    this.lookbackMillis = lookbackMillis;
    this.window = window;
    missing =
        Counter.builder()
            .name("synapse_e2ee_encrypted_events_missing_algorithm")
            .help(
                "m.room.encrypted events found stored without content.algorithm, redacted ones excluded (KE-3: a data problem on the server).")
            .register(registry)
            .labelValues();
    scanned =
        Counter.builder()
            .name("synapse_e2ee_encrypted_events_scanned")
            .help("m.room.encrypted events checked by the KE-3 scan.")
            .register(registry)
            .labelValues();
    position =
        Gauge.builder()
            .name("synapse_e2ee_encrypted_events_scan_position")
            .help("stream_ordering up to which the KE-3 scan has checked events.")
            .register(registry);
    behind =
        Gauge.builder()
            .name("synapse_e2ee_encrypted_events_scan_behind")
            .help("stream_ordering positions the KE-3 scan still has to check (0 = caught up).")
            .register(registry);
  }

  @Override
  public String name() {
    return "encrypted_events";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    return metrics
        .time("encrypted_events_head", () -> client.query(HEAD).execute())
        .compose(
            rows -> {
              Long head = rows.iterator().next().getLong("head");
              if (head == null) {
                return Future.succeededFuture();
              }
              Future<Long> start =
                  cursor != null
                      ? Future.succeededFuture(cursor)
                      : metrics
                          .time(
                              "encrypted_events_start",
                              () ->
                                  client
                                      .preparedQuery(START)
                                      .execute(Params.of(context.nowMillis() - lookbackMillis)))
                          .map(
                              r -> {
                                Long first = r.iterator().next().getLong("first");
                                return first == null ? head : first - 1;
                              });
              return start.compose(from -> scan(client, metrics, from, head, 0));
            });
  }

  private Future<Void> scan(
      SqlClient client, QueryMetrics metrics, long from, long head, int windows) {
    cursor = from;
    position.set((double) from);
    behind.set((double) Math.max(0, head - from));
    if (from >= head || windows >= MAX_WINDOWS_PER_POLL) {
      return Future.succeededFuture();
    }
    long to = Math.min(head, from + window);
    return metrics
        .time(
            "encrypted_events_window",
            () -> client.preparedQuery(WINDOW).execute(Params.of(from, to)))
        .compose(
            rows -> {
              for (Row r : rows) {
                scanned.inc();
                if (Boolean.TRUE.equals(r.getBoolean("missing"))) {
                  missing.inc();
                  remember(
                      new MissingAlgorithm(
                          r.getString("event_id"),
                          r.getString("room_id"),
                          r.getString("sender"),
                          r.getLong("origin_server_ts"),
                          r.getLong("stream_ordering")));
                }
              }
              return scan(client, metrics, to, head, windows + 1);
            });
  }

  private void remember(MissingAlgorithm event) {
    synchronized (recent) {
      recent.addLast(event);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
    }
  }

  /** Most recently found offending events, oldest first. */
  public List<MissingAlgorithm> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }
}
