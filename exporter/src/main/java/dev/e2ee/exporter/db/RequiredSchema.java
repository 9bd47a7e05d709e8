package dev.e2ee.exporter.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables and columns the collectors read, for {@code check}. Kept by hand next to the queries:
 * a query that starts reading another column must add it here too (no test derives this list from
 * the SQL).
 */
public final class RequiredSchema {
  /** Tables missing from older Synapse versions: their collector is switched off, not fatal. */
  public static final List<String> OPTIONAL = List.of("delayed_events");

  public static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("schema_version", List.of("version"));
    COLUMNS.put("devices", List.of("user_id", "device_id", "last_seen", "hidden"));
    COLUMNS.put(
        "e2e_one_time_keys_json",
        List.of("user_id", "device_id", "algorithm", "key_id", "key_json"));
    COLUMNS.put("e2e_fallback_keys_json", List.of("user_id", "device_id", "algorithm", "used"));
    COLUMNS.put("device_inbox", List.of("user_id", "device_id", "stream_id", "message_json"));
    COLUMNS.put(
        "events",
        List.of("event_id", "type", "room_id", "sender", "origin_server_ts", "stream_ordering"));
    COLUMNS.put("event_json", List.of("event_id", "json"));
    COLUMNS.put("redactions", List.of("redacts"));
    COLUMNS.put("delayed_events", List.of("user_localpart", "send_ts", "is_processed"));
  }

  private RequiredSchema() {}
}
