package dev.e2ee.exporter.capture;

import dev.e2ee.exporter.db.Params;
import dev.e2ee.exporter.db.QueryErrors;
import dev.e2ee.exporter.domain.KeyHash;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The runbook's SQL for one user (and optionally one device and one event), run read-only through
 * the exporter's own pool. Key JSON is reduced to a hash of the key unless key material is asked
 * for; to-device message bodies and event content are never selected.
 */
public final class CaptureQueries {
  /** One query's outcome: its rows, or why there are none. */
  public record Result(
      String name,
      String sql,
      List<String> columns,
      List<List<Object>> rows,
      @Nullable String error) {}

  private CaptureQueries() {}

  public static List<Result> run(
      SqlClient client,
      String userId,
      @Nullable String deviceId,
      @Nullable String eventId,
      boolean keyMaterial) {
    String device = deviceId == null ? "" : " AND device_id = $2";
    String localpart = userId.substring(1, userId.indexOf(':'));
    List<Result> results = new ArrayList<>();
    Tuple user = deviceId == null ? Params.of(userId) : Params.of(userId, deviceId);
    results.addAll(keyQueries(client, user, device, keyMaterial));
    results.add(
        query(
            client,
            "inbox_pending",
            "SELECT device_id, count(*) AS pending, min(stream_id) AS lowest_stream_id,"
                + " max(stream_id) AS highest_stream_id FROM device_inbox WHERE user_id = $1"
                + device
                + " GROUP BY device_id ORDER BY device_id",
            user,
            keyMaterial));
    results.add(
        query(
            client,
            "inbox_types",
            "SELECT device_id, message_json::json ->> 'type' AS type,"
                + " message_json::json ->> 'sender' AS sender, count(*) AS messages FROM device_inbox WHERE user_id = $1"
                + device
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            user,
            keyMaterial));
    results.add(
        query(
            client,
            "delayed_events",
            "SELECT delay_id, device_id, delay, send_ts, room_id, event_type, state_key,"
                + " is_processed FROM delayed_events WHERE user_localpart = $1 ORDER BY send_ts",
            Params.of(localpart),
            keyMaterial));
    if (eventId != null) {
      results.add(
          query(
              client,
              "event_algorithm",
              "SELECT e.event_id, e.type, e.room_id, e.sender, e.origin_server_ts,"
                  + " j.json::jsonb -> 'content' ->> 'algorithm' AS algorithm,"
                  + " EXISTS (SELECT 1 FROM redactions r WHERE r.redacts = e.event_id) AS redacted"
                  + " FROM events e JOIN event_json j ON j.event_id = e.event_id WHERE e.event_id = $1",
              Params.of(eventId),
              keyMaterial));
    }
    return results;
  }

  /** The device rows and its keys: one-time key counts and inventory, fallback keys. */
  private static List<Result> keyQueries(
      SqlClient client, Tuple user, String device, boolean keyMaterial) {
    List<Result> results = new ArrayList<>();
    results.add(
        query(
            client,
            "devices",
            "SELECT device_id, display_name, last_seen, hidden, user_agent FROM devices"
                + " WHERE user_id = $1"
                + device
                + " ORDER BY device_id",
            user,
            keyMaterial));
    results.add(
        query(
            client,
            "otk_counts",
            "SELECT device_id, algorithm, count(*) AS unclaimed FROM e2e_one_time_keys_json"
                + " WHERE user_id = $1"
                + device
                + " GROUP BY device_id, algorithm ORDER BY device_id, algorithm",
            user,
            keyMaterial));
    results.add(
        query(
            client,
            "otk_inventory",
            "SELECT device_id, algorithm, key_id, ts_added_ms, key_json"
                + " FROM e2e_one_time_keys_json WHERE user_id = $1"
                + device
                + " ORDER BY device_id, algorithm, key_id",
            user,
            keyMaterial));
    results.add(
        query(
            client,
            "fallback_keys",
            "SELECT device_id, algorithm, key_id, used, key_json"
                + " FROM e2e_fallback_keys_json WHERE user_id = $1"
                + device
                + " ORDER BY device_id, algorithm",
            user,
            keyMaterial));
    return results;
  }

  private static Result query(
      SqlClient client, String name, String sql, Tuple params, boolean keyMaterial) {
    try {
      RowSet<Row> rows = client.preparedQuery(sql).execute(params).await(30, TimeUnit.SECONDS);
      List<String> columns = new ArrayList<>(rows.columnsNames());
      List<List<Object>> data = new ArrayList<>();
      for (Row row : rows) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          Object value = row.getValue(i);
          if ("key_json".equals(columns.get(i)) && value != null && !keyMaterial) {
            value = "sha256:" + KeyHash.of(keyValue(value.toString()));
          }
          values.add(value);
        }
        data.add(values);
      }
      if (!keyMaterial) {
        columns.replaceAll(c -> "key_json".equals(c) ? "key_hash" : c);
      }
      return new Result(name, sql, columns, data, null);
    } catch (Exception e) {
      return new Result(name, sql, List.of(), List.of(), QueryErrors.describe(e));
    }
  }

  private static String keyValue(String keyJson) {
    try {
      String key = new JsonObject(keyJson).getString("key");
      return key == null ? keyJson : key;
    } catch (RuntimeException e) {
      return keyJson;
    }
  }

  /**
   * The result with every other user in its text cells replaced (the sender of a to-device message
   * in this user's inbox, of the event asked about): a bundle names no one but its user.
   */
  public static Result scrubbed(Result result, OtherIdentities others) {
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      List<Object> values = new ArrayList<>(row.size());
      for (Object value : row) {
        values.add(value instanceof String s ? others.scrub(s) : value);
      }
      rows.add(values);
    }
    return new Result(result.name(), result.sql(), result.columns(), rows, result.error());
  }

  /** Rows as JSON objects, for the bundle's .json files. */
  public static List<Map<String, Object>> asMaps(Result result) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < result.columns().size(); i++) {
        map.put(result.columns().get(i), row.get(i));
      }
      out.add(map);
    }
    return out;
  }
}
