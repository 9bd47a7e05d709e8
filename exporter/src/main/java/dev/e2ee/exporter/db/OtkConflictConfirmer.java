package dev.e2ee.exporter.db;

import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.domain.KeyHash;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.evidence.ConflictConfirmation;
import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runbook Q1, the database half: for the latest one-time-key conflict of each device the log
 * reported, is that key id still stored for that very device, and does the stored value differ from
 * the value the client tried to upload? Key ids are counters per device, and Synapse checks
 * duplicates per (user, device, algorithm, key id): another device's row with the same id says
 * nothing about this one. A conflict whose device the log did not name is not looked up at all (its
 * answer is unknown, never borrowed from another device). Stored and uploaded values are compared
 * by {@link KeyHash} only; no key material is kept.
 */
public final class OtkConflictConfirmer implements DbCollector, MultiCollector {
  static final String LOOKUP =
      "SELECT w.user_id, w.device_id, w.algorithm, w.key_id, k.key_json"
          + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS w(user_id, device_id, algorithm, key_id)"
          + " LEFT JOIN e2e_one_time_keys_json k ON k.user_id = w.user_id AND k.device_id = w.device_id"
          + " AND k.algorithm = w.algorithm AND k.key_id = w.key_id";

  private final IdentityLabels ids;
  private final Supplier<? extends Collection<OtkConflict>> activeConflicts;
  private final int maxLookups;
  private volatile Map<DeviceRef, ConflictConfirmation> byDevice = Map.of();

  /**
   * @param activeConflicts the latest conflict of every device whose storm has not been quiet for
   *     the quiet period (on the log's clock); read every round and on every scrape
   */
  public OtkConflictConfirmer(
      IdentityLabels ids,
      Supplier<? extends Collection<OtkConflict>> activeConflicts,
      int maxLookups) {
    this.ids = ids;
    this.activeConflicts = activeConflicts;
    this.maxLookups = maxLookups;
  }

  @Override
  public String name() {
    return "otk_conflict_confirm";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    Map<DeviceRef, OtkConflict> latest = new LinkedHashMap<>();
    for (OtkConflict c : activeConflicts.get()) {
      Optional<DeviceRef> device = c.device();
      if (device.isPresent() && latest.size() < maxLookups) {
        latest.merge(device.get(), c, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a);
      }
    }
    if (latest.isEmpty()) {
      byDevice = Map.of();
      return Future.succeededFuture();
    }
    String[] users = latest.keySet().stream().map(DeviceRef::userId).toArray(String[]::new);
    String[] devices = latest.keySet().stream().map(DeviceRef::deviceId).toArray(String[]::new);
    String[] algorithms =
        latest.values().stream().map(OtkConflict::algorithm).toArray(String[]::new);
    String[] keyIds = latest.values().stream().map(OtkConflict::keyId).toArray(String[]::new);
    return metrics
        .time(
            name(),
            () ->
                client.preparedQuery(LOOKUP).execute(Params.of(users, devices, algorithms, keyIds)))
        .map(
            rows -> {
              Map<List<String>, String> storedJson = new HashMap<>();
              for (Row r : rows) {
                if (r.getString("key_json") != null) {
                  storedJson.put(
                      List.of(
                          r.getString("user_id"),
                          r.getString("device_id"),
                          r.getString("algorithm"),
                          r.getString("key_id")),
                      r.getString("key_json"));
                }
              }
              Map<DeviceRef, ConflictConfirmation> next = new LinkedHashMap<>();
              for (Map.Entry<DeviceRef, OtkConflict> checked : latest.entrySet()) {
                DeviceRef device = checked.getKey();
                OtkConflict c = checked.getValue();
                String json =
                    storedJson.get(
                        List.of(device.userId(), device.deviceId(), c.algorithm(), c.keyId()));
                @Nullable Boolean differs = false;
                if (json != null) {
                  String storedHash = KeyHash.of(keyValue(json));
                  differs =
                      (storedHash == null || c.uploadedKeyHash() == null)
                          ? null
                          : !storedHash.equals(c.uploadedKeyHash());
                }
                next.put(
                    device,
                    new ConflictConfirmation(c, json != null, differs, context.nowMillis()));
              }
              byDevice = next;
              return null;
            });
  }

  private static @Nullable String keyValue(String keyJson) {
    try {
      return new JsonObject(keyJson).getString("key");
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /**
   * The latest confirmation per device, for devices whose conflict is still active now: a storm
   * that went quiet since the last round no longer has a confirmation, so that no gauge or verdict
   * speaks of it in between.
   */
  public Map<DeviceRef, ConflictConfirmation> confirmations() {
    Map<DeviceRef, ConflictConfirmation> checked = byDevice;
    if (checked.isEmpty()) {
      return checked;
    }
    Set<DeviceRef> storming = new HashSet<>();
    for (OtkConflict c : activeConflicts.get()) {
      c.device().ifPresent(storming::add);
    }
    Map<DeviceRef, ConflictConfirmation> current = new LinkedHashMap<>();
    checked.forEach(
        (device, c) -> {
          if (storming.contains(device)) {
            current.put(device, c);
          }
        });
    return current;
  }

  @Override
  public MetricSnapshots collect() {
    Gauges stored =
        new Gauges(
            "synapse_e2ee_otk_conflict_key_stored",
            "1 when the key id of the device's latest upload conflict is still stored in e2e_one_time_keys_json (runbook Q1).");
    Gauges divergence =
        new Gauges(
            "synapse_e2ee_otk_conflict_divergence",
            "1 when that stored key differs from the value the client tried to upload: client and server key stores diverged (KE-1 root condition).");
    for (ConflictConfirmation c : confirmations().values()) {
      String user = ids.user(c.conflict().userId());
      String device = ids.device(c.deviceId());
      stored.add(c.stored() ? 1 : 0, "device", device, "user", user);
      if (c.storedDiffersFromUpload() != null) {
        divergence.add(c.storedDiffersFromUpload() ? 1 : 0, "device", device, "user", user);
      }
    }
    return MetricSnapshots.of(stored.build(), divergence.build());
  }
}
