package dev.e2ee.exporter.db;

import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.log.program.KeyHash;
import dev.e2ee.exporter.log.program.OtkConflict;
import dev.e2ee.exporter.metrics.IdentityLabels;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runbook Q1, the database half: for each one-time-key conflict the log reported, is that
 * key id still stored for the user, for which device, and does the stored value differ from
 * the value the client tried to upload? Stored and uploaded values are compared by
 * {@link KeyHash} only; no key material is kept.
 */
public final class OtkConflictConfirmer implements DbCollector, MultiCollector {
  static final String LOOKUP = "SELECT w.user_id, w.algorithm, w.key_id, k.device_id, k.key_json"
      + " FROM unnest($1::text[], $2::text[], $3::text[]) AS w(user_id, algorithm, key_id)"
      + " LEFT JOIN e2e_one_time_keys_json k"
      + " ON k.user_id = w.user_id AND k.algorithm = w.algorithm AND k.key_id = w.key_id";

  /**
   * What the database says about one conflict.
   *
   * @param deviceId the device the log named, else the device the stored key belongs to
   * @param stored the key id is still in e2e_one_time_keys_json
   * @param storedDiffersFromUpload the stored value is not the rejected upload's (divergence); null if unknown
   */
  public record Confirmation(OtkConflict conflict, String deviceId, boolean stored, Boolean storedDiffersFromUpload,
      long checkedAtMillis) {}

  private final IdentityLabels ids;
  private final Supplier<? extends Collection<OtkConflict>> conflicts;
  private final int maxLookups;
  private volatile Map<List<String>, Confirmation> byDevice = Map.of();

  public OtkConflictConfirmer(IdentityLabels ids, Supplier<? extends Collection<OtkConflict>> conflicts, int maxLookups) {
    this.ids = ids;
    this.conflicts = conflicts;
    this.maxLookups = maxLookups;
  }

  @Override
  public String name() {
    return "otk_conflict_confirm";
  }

  @Override
  public Future<Void> collect(SqlClient client, QueryMetrics metrics, PollContext context) {
    // The newest conflict per user/device is what the verdict is about.
    Map<List<String>, OtkConflict> latest = new LinkedHashMap<>();
    for (OtkConflict c : conflicts.get()) {
      latest.put(List.of(c.userId() == null ? "" : c.userId(), c.deviceId() == null ? "" : c.deviceId()), c);
    }
    List<OtkConflict> toCheck = latest.values().stream()
        .filter(c -> c.userId() != null && c.algorithm() != null && c.keyId() != null)
        .limit(maxLookups).toList();
    if (toCheck.isEmpty()) {
      byDevice = Map.of();
      return Future.succeededFuture();
    }
    String[] users = toCheck.stream().map(OtkConflict::userId).toArray(String[]::new);
    String[] algorithms = toCheck.stream().map(OtkConflict::algorithm).toArray(String[]::new);
    String[] keyIds = toCheck.stream().map(OtkConflict::keyId).toArray(String[]::new);
    return metrics.time(name(), () -> client.preparedQuery(LOOKUP).execute(Params.of(users, algorithms, keyIds)))
        .map(rows -> {
          Map<List<String>, List<Row>> stored = new LinkedHashMap<>();
          for (Row r : rows) {
            List<String> key = List.of(r.getString("user_id"), r.getString("algorithm"), r.getString("key_id"));
            List<Row> list = stored.computeIfAbsent(key, k -> new ArrayList<>());
            if (r.getString("device_id") != null) {
              list.add(r);
            }
          }
          Map<List<String>, Confirmation> next = new LinkedHashMap<>();
          for (OtkConflict c : toCheck) {
            List<Row> matches = stored.getOrDefault(List.of(c.userId(), c.algorithm(), c.keyId()), List.of());
            Row match = matches.stream().filter(r -> r.getString("device_id").equals(c.deviceId())).findFirst()
                .orElse(matches.isEmpty() ? null : matches.get(0));
            String device = c.deviceId() != null ? c.deviceId() : match == null ? null : match.getString("device_id");
            Boolean differs = null;
            if (match != null && c.uploadedKeyHash() != null) {
              String storedHash = KeyHash.of(keyValue(match.getString("key_json")));
              differs = storedHash == null ? null : !storedHash.equals(c.uploadedKeyHash());
            }
            next.put(List.of(c.userId(), device == null ? "" : device),
                new Confirmation(c, device, match != null, differs, context.nowMillis()));
          }
          byDevice = next;
          return null;
        });
  }

  private static String keyValue(String keyJson) {
    try {
      return new JsonObject(keyJson).getString("key");
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The latest confirmation per [user id, device id]. */
  public Map<List<String>, Confirmation> confirmations() {
    return byDevice;
  }

  @Override
  public MetricSnapshots collect() {
    Gauges stored = new Gauges("synapse_e2ee_otk_conflict_key_stored",
        "1 when the key id of the device's latest upload conflict is still stored in e2e_one_time_keys_json (runbook Q1).");
    Gauges divergence = new Gauges("synapse_e2ee_otk_conflict_divergence",
        "1 when that stored key differs from the value the client tried to upload: client and server key stores diverged (KE-1 root condition).");
    for (Confirmation c : byDevice.values()) {
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
