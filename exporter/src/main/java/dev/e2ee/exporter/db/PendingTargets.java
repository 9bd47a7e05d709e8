package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.Gauges;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The devices to-device messages wait for, most waiting first. KE-2's central case is a device that
 * does not sync: one that logged in and never made another request ({@code devices.last_seen} NULL)
 * or went quiet long ago, which a choice by {@code last_seen} alone never watches. Read every
 * {@code aggregate_interval}: one grouped pass over {@code device_inbox} (its index leads with
 * {@code (user_id, device_id)}), or beyond {@code aggregate_exact_max_rows} rows a page sample of
 * about that many, which finds the devices with the most waiting and counts the targets it saw
 * (then a lower bound). Only devices that exist count; messages for removed ids are stale targets.
 */
final class PendingTargets implements MultiCollector {
  private static final String GROUPED =
      "SELECT i.user_id, i.device_id, count(*) OVER () AS targets FROM (SELECT user_id, device_id,"
          + " count(*) AS pending FROM device_inbox %s GROUP BY user_id, device_id) i"
          + " JOIN devices d ON d.user_id = i.user_id AND d.device_id = i.device_id"
          + " AND d.hidden IS NOT TRUE ORDER BY i.pending DESC, i.user_id, i.device_id LIMIT $1";
  static final String EXACT = GROUPED.formatted("");
  static final String SAMPLED = GROUPED.formatted("TABLESAMPLE SYSTEM ($2)");

  /**
   * @param mostPendingFirst at most the device cap, most waiting messages first
   * @param targets every existing device with messages waiting (in the sample, when sampled)
   */
  record Found(List<DeviceRef> mostPendingFirst, long targets, boolean exact) {}

  private final SampleSize sampling;
  private volatile Found last = new Found(List.of(), 0, true);
  private volatile long unwatched;

  /** No figure before the first successful read: not read is not "no targets". */
  private volatile boolean read;

  PendingTargets(long maxExactRows) {
    this.sampling = new SampleSize(maxExactRows);
  }

  /** The devices found by the last successful read. */
  Found last() {
    return last;
  }

  /** Reads the targets again; on failure (counted by the query metrics) keeps the last ones. */
  Future<Found> refresh(SqlClient client, QueryMetrics metrics, int limit) {
    return metrics
        .time(
            "inbox_targets_size",
            () -> client.preparedQuery(SampleSize.TABLE_ROWS).execute(Params.of("device_inbox")))
        .compose(
            size -> {
              double rows = size.iterator().next().getDouble("row_estimate");
              boolean sampled = sampling.estimate(rows);
              return metrics
                  .time(
                      "inbox_targets",
                      () ->
                          sampled
                              ? client
                                  .preparedQuery(SAMPLED)
                                  .execute(Params.of(limit, (float) sampling.percent(rows)))
                              : client.preparedQuery(EXACT).execute(Params.of(limit)))
                  .map(result -> found(result, !sampled));
            })
        .map(
            found -> {
              last = found;
              read = true;
              return found;
            })
        .otherwise(error -> last);
  }

  private static Found found(RowSet<Row> rows, boolean exact) {
    List<DeviceRef> devices = new ArrayList<>();
    long targets = 0;
    for (Row r : rows) {
      devices.add(new DeviceRef(r.getString("user_id"), r.getString("device_id")));
      targets = r.getLong("targets");
    }
    return new Found(List.copyOf(devices), targets, exact);
  }

  /** Counts the targets the device cap left without series of their own. */
  void watched(List<WatchedDevice> watched) {
    Set<DeviceRef> chosen = new HashSet<>();
    watched.forEach(d -> chosen.add(new DeviceRef(d.userId(), d.deviceId())));
    Found found = last;
    long kept = found.mostPendingFirst().stream().filter(chosen::contains).count();
    unwatched = Math.max(0, found.targets() - kept);
  }

  @Override
  public MetricSnapshots collect() {
    if (!read) {
      return MetricSnapshots.of();
    }
    Found found = last;
    Gauges targets =
        new Gauges(
            "synapse_e2ee_to_device_target_devices",
            "Existing devices with to-device messages waiting in device_inbox (KE-2 targets), as of the last aggregate round; beyond database.aggregate_exact_max_rows inbox rows, those a page sample found (a lower bound).");
    targets.add((double) found.targets(), "exact", found.exact() ? "true" : "false");
    Gauges beyond =
        new Gauges(
            "synapse_e2ee_to_device_target_devices_unwatched",
            "Of those, devices without series of their own because devices.max_devices was reached (log-named devices and the most waiting come first).");
    beyond.add((double) unwatched);
    return MetricSnapshots.of(targets.build(), beyond.build());
  }
}
