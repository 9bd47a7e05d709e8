package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.Backlog;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * KE-2 evidence per watched device: to-device messages waiting in {@code device_inbox}, and whether
 * that backlog drains. The table has no timestamps; rows go when the device's next /sync
 * acknowledges them, so the lowest pending {@code stream_id} moves exactly when the device drains.
 * The time since it last moved (or since the backlog was first seen), while messages are pending,
 * is the stall. An acknowledgement is only ever claimed when it was observed: the lowest pending id
 * moved, or the backlog emptied, between two polls.
 */
public final class InboxCollector implements DbCollector, MultiCollector {
  static final String PENDING =
      "SELECT w.user_id, w.device_id, i.pending, i.lowest"
          + " FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          + " CROSS JOIN LATERAL (SELECT count(*) AS pending, min(stream_id) AS lowest FROM device_inbox"
          + " WHERE user_id = w.user_id AND device_id = w.device_id) i WHERE i.pending > 0";

  private final IdentityLabels ids;
  private volatile Map<DeviceRef, Backlog> snapshot = Map.of();

  public InboxCollector(IdentityLabels ids) {
    this.ids = ids;
  }

  @Override
  public String name() {
    return "device_inbox";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    Map<DeviceRef, Backlog> previous = snapshot;
    Map<DeviceRef, Backlog> next = new HashMap<>();
    long now = context.nowMillis();
    for (WatchedDevice d : context.watched()) {
      DeviceRef key = new DeviceRef(d.userId(), d.deviceId());
      Backlog before = previous.get(key);
      // Nothing pending now: if something was pending before, the device acknowledged it.
      @Nullable Long acknowledged =
          before == null
              ? null
              : before.pending() > 0 ? Long.valueOf(now) : before.acknowledgedAtMillis();
      next.put(key, new Backlog(d, 0, 0, now, 0, acknowledged));
    }
    if (next.isEmpty()) {
      snapshot = next;
      return Future.succeededFuture();
    }
    return metrics
        .time(
            "inbox_pending",
            () ->
                client
                    .preparedQuery(PENDING)
                    .execute(Params.of(context.userIds(), context.deviceIds())))
        .map(
            rows -> {
              for (Row r : rows) {
                DeviceRef key = new DeviceRef(r.getString("user_id"), r.getString("device_id"));
                Backlog empty = next.get(key);
                if (empty == null) {
                  continue;
                }
                long pending = r.getLong("pending");
                long lowest = r.getLong("lowest");
                Backlog before = previous.get(key);
                @Nullable Long acknowledged = before == null ? null : before.acknowledgedAtMillis();
                long since;
                if (before != null && before.pending() > 0 && before.lowestStreamId() == lowest) {
                  since = before.unchangedSinceMillis(); // nothing acknowledged since the last poll
                } else {
                  since = now; // first seen, or newly waiting after an empty inbox
                  if (before != null && before.pending() > 0) {
                    acknowledged = now; // the lowest pending id moved: observed
                  }
                }
                next.put(
                    key,
                    new Backlog(empty.device(), pending, lowest, since, now - since, acknowledged));
              }
              snapshot = next;
              return null;
            });
  }

  public Map<DeviceRef, Backlog> snapshot() {
    return snapshot;
  }

  @Override
  public MetricSnapshots collect() {
    Gauges pending =
        new Gauges(
            "synapse_e2ee_to_device_pending",
            "To-device messages waiting in device_inbox for the watched device (KE-2: media keys queued).");
    Gauges stalled =
        new Gauges(
            "synapse_e2ee_to_device_stalled_seconds",
            "Seconds the device's oldest pending to-device message has stayed undelivered: since its lowest pending stream_id last moved. 0 when nothing is pending.");
    for (Backlog b : snapshot.values()) {
      String user = ids.user(b.device().userId());
      String device = ids.device(b.device().deviceId());
      pending.add((double) b.pending(), "device", device, "user", user);
      stalled.add(b.pending() > 0 ? b.stalledMillis() / 1000.0 : 0, "device", device, "user", user);
    }
    return MetricSnapshots.of(pending.build(), stalled.build());
  }
}
