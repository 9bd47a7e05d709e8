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
 * Whole-homeserver numbers that every device counts in, watched or not, and the to-device figures
 * of the watched users. These run every {@code aggregate_interval} (default 5 minutes), not every
 * round. The whole-table figures ({@link WholeTableFigures}) are exact up to {@code
 * aggregate_exact_max_rows} rows and labelled estimates beyond; the per-watched-user figures stay
 * exact (their cost follows the watched devices).
 */
public final class AggregatesCollector implements DbCollector, MultiCollector {
  // The whole-table families, each also named in synapse_e2ee_aggregate_exact{metric=...}.
  static final String BY_OTK_STOCK = "synapse_e2ee_devices_by_otk_stock";
  static final String FALLBACK_KEY_USED = "synapse_e2ee_devices_fallback_key_used";
  static final String INBOX_ROWS = "synapse_e2ee_device_inbox_rows";
  static final String INBOX_STALE_ROWS = "synapse_e2ee_device_inbox_stale_rows";

  static final String STALE_FOR_WATCHED_USERS =
      "SELECT i.user_id, i.device_id, count(*) AS n FROM device_inbox i"
          + " WHERE i.user_id = ANY($1::text[]) AND NOT EXISTS"
          + " (SELECT 1 FROM devices d WHERE d.user_id = i.user_id AND d.device_id = i.device_id)"
          + " GROUP BY i.user_id, i.device_id ORDER BY count(*) DESC LIMIT $2";
  static final String TYPES_FOR_WATCHED =
      "SELECT i.message_json::json ->> 'type' AS type, count(*) AS n"
          + " FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          + " JOIN device_inbox i ON i.user_id = w.user_id AND i.device_id = w.device_id GROUP BY 1";

  record Snapshot(
      WholeTableFigures.Result wholeTables,
      List<StaleTarget> staleTargets,
      Map<String, Long> pendingByType) {}

  private final IdentityLabels ids;
  private final int maxSeries;
  private final WholeTableFigures wholeTables;
  private volatile @Nullable Snapshot snapshot;

  public AggregatesCollector(IdentityLabels ids, int maxSeries, long maxExactRows) {
    this.ids = ids;
    this.maxSeries = maxSeries;
    this.wholeTables = new WholeTableFigures(maxExactRows);
  }

  @Override
  public String name() {
    return "aggregates";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    List<StaleTarget> stale = new ArrayList<>();
    Map<String, Long> types = new LinkedHashMap<>();
    String[] watchedUsers =
        context.watched().stream().map(WatchedDevice::userId).distinct().toArray(String[]::new);
    return wholeTables
        .read(client, metrics)
        .compose(
            whole ->
                metrics
                    .time(
                        "aggregate_stale_targets",
                        () ->
                            client
                                .preparedQuery(STALE_FOR_WATCHED_USERS)
                                .execute(Params.of(watchedUsers, maxSeries)))
                    .compose(
                        rows -> {
                          rows.forEach(
                              r ->
                                  stale.add(
                                      new StaleTarget(
                                          r.getString("user_id"),
                                          r.getString("device_id"),
                                          r.getLong("n"))));
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
                            types.merge(
                                ToDeviceTypes.label(r.getString("type")),
                                r.getLong("n"),
                                Long::sum);
                          }
                          snapshot = new Snapshot(whole, stale, types);
                          return null;
                        }));
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
    WholeTableFigures.Result whole = s.wholeTables();
    String estimated =
        " Estimated beyond database.aggregate_exact_max_rows (see synapse_e2ee_aggregate_exact).";
    Gauges stock =
        new Gauges(
            BY_OTK_STOCK,
            "Non-hidden devices by unclaimed signed_curve25519 one-time keys: 0, 1-9, 10-49, 50+ (0 means new Olm sessions fall back or fail)."
                + estimated);
    whole.devicesByStock().forEach((bucket, f) -> stock.add(f.value(), "stock", bucket));
    Gauges exact =
        new Gauges(
            "synapse_e2ee_aggregate_exact",
            "1 when the whole-table figure named by metric was counted over the whole table; 0 when it is an estimate (its table has more rows than database.aggregate_exact_max_rows).");
    Gauges sampled =
        new Gauges(
            "synapse_e2ee_aggregate_sampled_ratio",
            "Share of the table a whole-table figure was computed from: 1 read whole, between 0 and 1 a TABLESAMPLE SYSTEM page sample scaled to the table's row count, 0 the planner's row count (pg_class.reltuples).");
    Map<String, WholeTableFigures.Figure> figures = new LinkedHashMap<>();
    figures.put(BY_OTK_STOCK, whole.devicesByStock().get("0"));
    figures.put(FALLBACK_KEY_USED, whole.fallbackUsed());
    figures.put(INBOX_ROWS, whole.inboxRows());
    figures.put(INBOX_STALE_ROWS, whole.inboxStaleRows());
    figures.forEach(
        (metric, f) -> {
          if (f != null) {
            exact.add(f.exact() ? 1 : 0, "metric", metric);
            sampled.add(f.sampledFraction(), "metric", metric);
          }
        });
    Gauges fallbackUsed =
        new Gauges(
                FALLBACK_KEY_USED,
                "Devices whose fallback key has been handed out (their one-time keys ran out)."
                    + estimated)
            .add(whole.fallbackUsed().value());
    Gauges inbox =
        new Gauges(
                INBOX_ROWS,
                "All to-device messages waiting in device_inbox, every device." + estimated)
            .add(whole.inboxRows().value());
    Gauges stale =
        new Gauges(
                INBOX_STALE_ROWS,
                "To-device messages waiting for a device id that does not exist in devices (KE-2: keys sent to a stale device)."
                    + estimated)
            .add(whole.inboxStaleRows().value());
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
        types.build(),
        exact.build(),
        sampled.build());
  }
}
