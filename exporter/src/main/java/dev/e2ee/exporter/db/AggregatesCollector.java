package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.ToDeviceTypes;
import dev.e2ee.exporter.evidence.StaleTarget;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whole-homeserver numbers that every device counts in, watched or not. These read whole tables, so
 * they run every {@code aggregate_interval} (default 5 minutes), not every round. The stock count
 * stops at 50 keys per device ({@code LIMIT 50} inside an index lookup), so it never counts all ten
 * million keys of a large homeserver.
 */
public final class AggregatesCollector implements DbCollector, MultiCollector {
  static final String STOCK =
      "SELECT CASE WHEN n = 0 THEN '0' WHEN n < 10 THEN '1-9' WHEN n < 50 THEN '10-49'"
          + " ELSE '50+' END AS stock, count(*) AS devices FROM ("
          + " SELECT (SELECT count(*) FROM (SELECT 1 FROM e2e_one_time_keys_json k WHERE k.user_id = d.user_id"
          + " AND k.device_id = d.device_id AND k.algorithm = 'signed_curve25519' LIMIT 50) x) AS n"
          + " FROM devices d WHERE d.hidden IS NOT TRUE) s GROUP BY 1";
  static final String FALLBACK_USED = "SELECT count(*) AS n FROM e2e_fallback_keys_json WHERE used";
  static final String INBOX_TOTAL = "SELECT count(*) AS n FROM device_inbox";
  static final String INBOX_STALE =
      "SELECT count(*) AS n FROM device_inbox i WHERE NOT EXISTS"
          + " (SELECT 1 FROM devices d WHERE d.user_id = i.user_id AND d.device_id = i.device_id)";
  static final String STALE_FOR_WATCHED_USERS =
      "SELECT i.user_id, i.device_id, count(*) AS n FROM device_inbox i"
          + " WHERE i.user_id = ANY($1::text[]) AND NOT EXISTS"
          + " (SELECT 1 FROM devices d WHERE d.user_id = i.user_id AND d.device_id = i.device_id)"
          + " GROUP BY i.user_id, i.device_id ORDER BY count(*) DESC LIMIT $2";
  static final String TYPES_FOR_WATCHED =
      "SELECT i.message_json::json ->> 'type' AS type, count(*) AS n"
          + " FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          + " JOIN device_inbox i ON i.user_id = w.user_id AND i.device_id = w.device_id GROUP BY 1";
  static final List<String> STOCK_BUCKETS = List.of("0", "1-9", "10-49", "50+");

  record Snapshot(
      Map<String, Long> devicesByStock,
      long fallbackUsed,
      long inboxRows,
      long inboxStaleRows,
      List<StaleTarget> staleTargets,
      Map<String, Long> pendingByType) {}

  private final IdentityLabels ids;
  private final int maxSeries;
  private volatile @Nullable Snapshot snapshot;

  public AggregatesCollector(IdentityLabels ids, int maxSeries) {
    this.ids = ids;
    this.maxSeries = maxSeries;
  }

  @Override
  public String name() {
    return "aggregates";
  }

  @Override
  public boolean aggregate() {
    return true;
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    Map<String, Long> stock = new LinkedHashMap<>();
    STOCK_BUCKETS.forEach(b -> stock.put(b, 0L));
    long[] scalars = new long[3];
    List<StaleTarget> stale = new ArrayList<>();
    Map<String, Long> types = new LinkedHashMap<>();
    String[] watchedUsers =
        context.watched().stream().map(WatchedDevice::userId).distinct().toArray(String[]::new);
    return metrics
        .time("aggregate_otk_stock", () -> client.query(STOCK).execute())
        .compose(
            rows -> {
              rows.forEach(r -> stock.put(r.getString("stock"), r.getLong("devices")));
              return metrics.time(
                  "aggregate_fallback_used", () -> client.query(FALLBACK_USED).execute());
            })
        .compose(
            rows -> {
              scalars[0] = rows.iterator().next().getLong("n");
              return metrics.time(
                  "aggregate_inbox_total", () -> client.query(INBOX_TOTAL).execute());
            })
        .compose(
            rows -> {
              scalars[1] = rows.iterator().next().getLong("n");
              return metrics.time(
                  "aggregate_inbox_stale", () -> client.query(INBOX_STALE).execute());
            })
        .compose(
            rows -> {
              scalars[2] = rows.iterator().next().getLong("n");
              return metrics.time(
                  "aggregate_stale_targets",
                  () ->
                      client
                          .preparedQuery(STALE_FOR_WATCHED_USERS)
                          .execute(Params.of(watchedUsers, maxSeries)));
            })
        .compose(
            rows -> {
              rows.forEach(
                  r ->
                      stale.add(
                          new StaleTarget(
                              r.getString("user_id"), r.getString("device_id"), r.getLong("n"))));
              return metrics.time(
                  "aggregate_pending_types",
                  () ->
                      client
                          .preparedQuery(TYPES_FOR_WATCHED)
                          .execute(Params.of(context.userIds(), context.deviceIds())));
            })
        .map(
            rows -> {
              for (Row r : rows) {
                types.merge(ToDeviceTypes.label(r.getString("type")), r.getLong("n"), Long::sum);
              }
              snapshot = new Snapshot(stock, scalars[0], scalars[1], scalars[2], stale, types);
              return null;
            });
  }

  /** The last aggregate results, or null before the first run. */
  public @Nullable Snapshot snapshot() {
    return snapshot;
  }

  public List<StaleTarget> staleTargets() {
    Snapshot s = snapshot;
    return s == null ? List.of() : s.staleTargets();
  }

  @Override
  public MetricSnapshots collect() {
    Snapshot s = snapshot;
    if (s == null) {
      return MetricSnapshots.of();
    }
    Gauges stock =
        new Gauges(
            "synapse_e2ee_devices_by_otk_stock",
            "Non-hidden devices by unclaimed signed_curve25519 one-time keys: 0, 1-9, 10-49, 50+ (0 means new Olm sessions fall back or fail).");
    s.devicesByStock().forEach((bucket, n) -> stock.add(n, "stock", bucket));
    Gauges fallbackUsed =
        new Gauges(
                "synapse_e2ee_devices_fallback_key_used",
                "Devices whose fallback key has been handed out (their one-time keys ran out).")
            .add((double) s.fallbackUsed());
    Gauges inbox =
        new Gauges(
                "synapse_e2ee_device_inbox_rows",
                "All to-device messages waiting in device_inbox, every device.")
            .add((double) s.inboxRows());
    Gauges stale =
        new Gauges(
                "synapse_e2ee_device_inbox_stale_rows",
                "To-device messages waiting for a device id that does not exist in devices (KE-2: keys sent to a stale device).")
            .add((double) s.inboxStaleRows());
    Gauges staleTargets =
        new Gauges(
            "synapse_e2ee_to_device_stale_pending",
            "Messages waiting for a device id the watched user no longer has, per such device id.");
    for (StaleTarget t : s.staleTargets()) {
      staleTargets.add(
          (double) t.pending(), "device", ids.device(t.deviceId()), "user", ids.user(t.userId()));
    }
    Gauges types =
        new Gauges(
            "synapse_e2ee_to_device_pending_by_type",
            "Messages waiting for the watched devices, by message type (m.room.encrypted wraps Olm-encrypted media keys).");
    for (String t : ToDeviceTypes.labels()) {
      types.add(s.pendingByType().getOrDefault(t, 0L), "event_type", t);
    }
    return MetricSnapshots.of(
        stock.build(),
        fallbackUsed.build(),
        inbox.build(),
        stale.build(),
        staleTargets.build(),
        types.build());
  }
}
