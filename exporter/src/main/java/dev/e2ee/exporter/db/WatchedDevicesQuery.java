package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.WatchedDevice;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the devices that get series of their own: first every device the log has named in a
 * recent finding (a KE-1 storm device must be watched even when it never syncs), then the devices
 * to-device messages wait for, most waiting first, whatever their {@code last_seen} ({@link
 * PendingTargets}: a device that never synced is KE-2's central case), then non-hidden devices seen
 * within {@code active_days}, most recent first, up to the cap. Everything else only counts in the
 * aggregates.
 */
final class WatchedDevicesQuery {
  static final String ACTIVE =
      "SELECT user_id, device_id, last_seen, user_agent, count(*) OVER () AS active"
          + " FROM devices WHERE hidden IS NOT TRUE AND last_seen >= $1 ORDER BY last_seen DESC LIMIT $2";
  static final String NAMED =
      "SELECT w.user_id, w.device_id, d.last_seen, d.user_agent, d.device_id IS NOT NULL AS known"
          + " FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(user_id, device_id, n)"
          + " LEFT JOIN devices d ON d.user_id = w.user_id AND d.device_id = w.device_id AND d.hidden IS NOT TRUE"
          + " ORDER BY w.n";

  record Result(List<WatchedDevice> watched, long activeDevices) {}

  private WatchedDevicesQuery() {}

  static Future<Result> run(
      SqlClient client,
      QueryMetrics metrics,
      long nowMillis,
      int activeDays,
      int maxDevices,
      Collection<DeviceRef> namedByLog,
      List<DeviceRef> pendingTargets) {
    Map<DeviceRef, WatchedDevice> chosen = new LinkedHashMap<>();
    Future<Void> named = Future.succeededFuture();
    Set<DeviceRef> first = new LinkedHashSet<>(namedByLog);
    first.addAll(pendingTargets);
    if (!first.isEmpty()) {
      List<DeviceRef> capped = first.stream().limit(maxDevices).toList();
      String[] users = capped.stream().map(DeviceRef::userId).toArray(String[]::new);
      String[] devices = capped.stream().map(DeviceRef::deviceId).toArray(String[]::new);
      named =
          metrics
              .time(
                  "watched_devices_named",
                  () -> client.preparedQuery(NAMED).execute(Params.of(users, devices)))
              .map(
                  rows -> {
                    for (Row r : rows) {
                      WatchedDevice d =
                          new WatchedDevice(
                              r.getString("user_id"),
                              r.getString("device_id"),
                              r.getLong("last_seen"),
                              Boolean.TRUE.equals(r.getBoolean("known")),
                              r.getString("user_agent"));
                      chosen.put(new DeviceRef(d.userId(), d.deviceId()), d);
                    }
                    return null;
                  });
    }
    long since = nowMillis - activeDays * 86_400_000L;
    return named
        .compose(
            ignored ->
                metrics.time(
                    "watched_devices",
                    () -> client.preparedQuery(ACTIVE).execute(Params.of(since, maxDevices))))
        .map(
            rows -> {
              long active = 0;
              for (Row r : rows) {
                active = r.getLong("active");
                if (chosen.size() >= maxDevices) {
                  break;
                }
                WatchedDevice d =
                    new WatchedDevice(
                        r.getString("user_id"),
                        r.getString("device_id"),
                        r.getLong("last_seen"),
                        true,
                        r.getString("user_agent"));
                chosen.putIfAbsent(new DeviceRef(d.userId(), d.deviceId()), d);
              }
              return new Result(new ArrayList<>(chosen.values()), active);
            });
  }
}
