package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.evidence.DeviceKeys;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * KE-1 evidence per watched device: unclaimed one-time keys per algorithm (what /sync tells the
 * client it has), whether a fallback key is stored and whether it has been handed out, and when the
 * device was last seen. Index lookups per watched device only: the cost grows with the watched
 * devices, not with the 10-million-row key table.
 */
public final class DeviceKeysCollector implements DbCollector, MultiCollector {
  // LATERAL keeps each count inside one device's index range: a plain join-and-group sorts
  // every key of every watched device at once (500k rows at 5,000 devices, spilled to disk).
  static final String OTK_COUNTS =
      "SELECT w.user_id, w.device_id, k.algorithm, k.n"
          + " FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          + " CROSS JOIN LATERAL (SELECT algorithm, count(*) AS n FROM e2e_one_time_keys_json"
          + " WHERE user_id = w.user_id AND device_id = w.device_id GROUP BY algorithm) k";
  static final String FALLBACK =
      "SELECT w.user_id, w.device_id, f.algorithm, f.used"
          + " FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          // The LIMIT keeps the planner from flattening this into a hash join over the whole table.
          + " CROSS JOIN LATERAL (SELECT algorithm, used FROM e2e_fallback_keys_json"
          + " WHERE user_id = w.user_id AND device_id = w.device_id LIMIT 16) f";

  static final String DEVICE_KEYS =
      "SELECT w.user_id, w.device_id FROM unnest($1::text[], $2::text[]) AS w(user_id, device_id)"
          + " WHERE EXISTS (SELECT 1 FROM e2e_device_keys_json k"
          + " WHERE k.user_id = w.user_id AND k.device_id = w.device_id)";

  /** The algorithm every current client uploads; reported as 0 when a device has none. */
  static final String SIGNED_CURVE25519 = "signed_curve25519";

  private final IdentityLabels ids;
  private volatile Map<DeviceRef, DeviceKeys> snapshot = Map.of();

  public DeviceKeysCollector(IdentityLabels ids) {
    this.ids = ids;
  }

  @Override
  public String name() {
    return "device_keys";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    Map<DeviceRef, DeviceKeys> next = new HashMap<>();
    if (context.watched().isEmpty()) {
      snapshot = next;
      return Future.succeededFuture();
    }
    Tuple ids = Params.of(context.userIds(), context.deviceIds());
    return metrics
        .time("device_keys", () -> client.preparedQuery(DEVICE_KEYS).execute(ids))
        .compose(
            rows -> {
              Set<DeviceRef> uploaded = new HashSet<>();
              rows.forEach(
                  r ->
                      uploaded.add(
                          new DeviceRef(r.getString("user_id"), r.getString("device_id"))));
              for (WatchedDevice d : context.watched()) {
                DeviceRef ref = new DeviceRef(d.userId(), d.deviceId());
                next.put(
                    ref,
                    new DeviceKeys(d, new HashMap<>(), new HashMap<>(), uploaded.contains(ref)));
              }
              return metrics.time(
                  "otk_counts", () -> client.preparedQuery(OTK_COUNTS).execute(ids));
            })
        .compose(
            rows -> {
              for (Row r : rows) {
                DeviceKeys keys =
                    next.get(new DeviceRef(r.getString("user_id"), r.getString("device_id")));
                if (keys != null) {
                  keys.otkCounts().put(r.getString("algorithm"), r.getLong("n"));
                }
              }
              return metrics.time(
                  "fallback_keys", () -> client.preparedQuery(FALLBACK).execute(ids));
            })
        .map(
            rows -> {
              for (Row r : rows) {
                DeviceKeys keys =
                    next.get(new DeviceRef(r.getString("user_id"), r.getString("device_id")));
                if (keys != null) {
                  keys.fallbackUsed()
                      .put(r.getString("algorithm"), Boolean.TRUE.equals(r.getBoolean("used")));
                }
              }
              snapshot = next;
              return null;
            });
  }

  /** The last poll's results, per device. */
  public Map<DeviceRef, DeviceKeys> snapshot() {
    return snapshot;
  }

  @Override
  public MetricSnapshots collect() {
    Gauges otk =
        new Gauges(
            "synapse_e2ee_otk_count",
            "Unclaimed one-time keys stored for the device, per algorithm (what /sync reports to it). 0 with a used fallback key = exhaustion.");
    Gauges present =
        new Gauges(
            "synapse_e2ee_fallback_key_present",
            "1 when the device has a fallback key stored for the algorithm.");
    Gauges used =
        new Gauges(
            "synapse_e2ee_fallback_key_used",
            "1 when the device's fallback key has been handed out because its one-time keys ran out.");
    Gauges deviceKeys =
        new Gauges(
            "synapse_e2ee_device_keys_uploaded",
            "1 when the device uploaded identity keys (a row in e2e_device_keys_json); 0 for a bot or a non-E2EE login, whose missing one-time keys are no KE-1 problem.");
    Gauges lastSeen =
        new Gauges(
            "synapse_e2ee_device_last_seen_timestamp_seconds",
            "devices.last_seen of the watched device, Unix time.");
    for (DeviceKeys k : snapshot.values()) {
      String user = ids.user(k.device().userId());
      String device = ids.device(k.device().deviceId());
      Map<String, Long> counts = new HashMap<>(k.otkCounts());
      counts.putIfAbsent(SIGNED_CURVE25519, 0L);
      counts.forEach((alg, n) -> otk.add(n, "algorithm", alg, "device", device, "user", user));
      Map<String, Boolean> fallback = k.fallbackUsed();
      if (fallback.isEmpty()) {
        present.add(0, "algorithm", SIGNED_CURVE25519, "device", device, "user", user);
      }
      fallback.forEach(
          (alg, isUsed) -> {
            present.add(1, "algorithm", alg, "device", device, "user", user);
            used.add(isUsed ? 1 : 0, "algorithm", alg, "device", device, "user", user);
          });
      deviceKeys.add(k.deviceKeysUploaded() ? 1 : 0, "device", device, "user", user);
      if (k.device().lastSeenMillis() != null) {
        lastSeen.add(k.device().lastSeenMillis() / 1000.0, "device", device, "user", user);
      }
    }
    return MetricSnapshots.of(
        otk.build(), present.build(), used.build(), deviceKeys.build(), lastSeen.build());
  }
}
