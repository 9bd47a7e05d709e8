package dev.e2ee.exporter.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes rows shaped the way Synapse writes them, for the demo and for tests. This is the
 * only code in the project that writes to a Synapse-shaped database, and it only ever
 * runs against the demo's or a test's own throwaway PostgreSQL.
 */
public final class SynapseRows {
  private final DataSource dataSource;

  public SynapseRows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public SynapseRows device(String userId, String deviceId, Long lastSeenMs, boolean hidden) throws SQLException {
    return exec("INSERT INTO devices (user_id, device_id, display_name, last_seen, ip, user_agent, hidden)"
        + " VALUES (?, ?, ?, ?, '127.0.0.1', 'demo', ?)", userId, deviceId, "Device " + deviceId, lastSeenMs, hidden);
  }

  public SynapseRows deviceKeys(String userId, String deviceId, long tsMs) throws SQLException {
    return exec("INSERT INTO e2e_device_keys_json (user_id, device_id, ts_added_ms, key_json) VALUES (?, ?, ?, ?)",
        userId, deviceId, tsMs, "{\"algorithms\":[\"m.olm.v1.curve25519-aes-sha2\",\"m.megolm.v1.aes-sha2\"]}");
  }

  /** Adds {@code count} signed_curve25519 one-time keys with ids {@code prefix + n}. */
  public SynapseRows oneTimeKeys(String userId, String deviceId, String keyIdPrefix, int count, long tsMs)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO e2e_one_time_keys_json"
            + " (user_id, device_id, algorithm, key_id, ts_added_ms, key_json) VALUES (?, ?, 'signed_curve25519', ?, ?, ?)")) {
      for (int i = 0; i < count; i++) {
        String keyId = keyIdPrefix + String.format("%05d", i);
        s.setString(1, userId);
        s.setString(2, deviceId);
        s.setString(3, keyId);
        s.setLong(4, tsMs);
        s.setString(5, keyJson(userId, deviceId, keyId, "stored"));
        s.addBatch();
      }
      s.executeBatch();
    }
    return this;
  }

  public SynapseRows oneTimeKey(String userId, String deviceId, String algorithm, String keyId, String keyJson,
      long tsMs) throws SQLException {
    return exec("INSERT INTO e2e_one_time_keys_json (user_id, device_id, algorithm, key_id, ts_added_ms, key_json)"
        + " VALUES (?, ?, ?, ?, ?, ?)", userId, deviceId, algorithm, keyId, tsMs, keyJson);
  }

  public SynapseRows fallbackKey(String userId, String deviceId, String keyId, boolean used) throws SQLException {
    return exec("INSERT INTO e2e_fallback_keys_json (user_id, device_id, algorithm, key_id, key_json, used)"
        + " VALUES (?, ?, 'signed_curve25519', ?, ?, ?)", userId, deviceId, keyId,
        keyJson(userId, deviceId, keyId, "fallback"), used);
  }

  public SynapseRows inboxMessage(String userId, String deviceId, long streamId, String sender, String type)
      throws SQLException {
    String json = "{\"content\":{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\",\"ciphertext\":{}},\"sender\":\""
        + sender + "\",\"type\":\"" + type + "\"}";
    return exec("INSERT INTO device_inbox (user_id, device_id, stream_id, message_json, instance_name)"
        + " VALUES (?, ?, ?, ?, 'master')", userId, deviceId, streamId, json);
  }

  /** An {@code m.room.encrypted} event; {@code algorithm} null stores content without it (KE-3). */
  public SynapseRows encryptedEvent(String eventId, String roomId, String sender, long streamOrdering, long tsMs,
      String algorithm) throws SQLException {
    String content = algorithm == null
        ? "{\"ciphertext\":\"AwgAEo...\",\"device_id\":\"DEV\",\"sender_key\":\"k\",\"session_id\":\"s\"}"
        : "{\"algorithm\":\"" + algorithm + "\",\"ciphertext\":\"AwgAEo...\",\"device_id\":\"DEV\",\"sender_key\":\"k\",\"session_id\":\"s\"}";
    return event(eventId, roomId, sender, "m.room.encrypted", streamOrdering, tsMs, content);
  }

  public SynapseRows event(String eventId, String roomId, String sender, String type, long streamOrdering, long tsMs,
      String contentJson) throws SQLException {
    exec("INSERT INTO events (topological_ordering, event_id, type, room_id, processed, outlier, depth,"
        + " origin_server_ts, received_ts, sender, stream_ordering) VALUES (?, ?, ?, ?, TRUE, FALSE, ?, ?, ?, ?, ?)",
        streamOrdering, eventId, type, roomId, streamOrdering, tsMs, tsMs, sender, streamOrdering);
    String json = "{\"auth_events\":[],\"content\":" + contentJson + ",\"depth\":" + streamOrdering
        + ",\"hashes\":{\"sha256\":\"x\"},\"origin_server_ts\":" + tsMs + ",\"prev_events\":[],\"room_id\":\""
        + roomId + "\",\"sender\":\"" + sender + "\",\"type\":\"" + type + "\"}";
    return exec("INSERT INTO event_json (event_id, room_id, internal_metadata, json, format_version)"
        + " VALUES (?, ?, '{}', ?, 3)", eventId, roomId, json);
  }

  public SynapseRows redaction(String redactionEventId, String redacts, long receivedTs) throws SQLException {
    return exec("INSERT INTO redactions (event_id, redacts, have_censored, received_ts) VALUES (?, ?, FALSE, ?)",
        redactionEventId, redacts, receivedTs);
  }

  public SynapseRows delayedEvent(String localpart, String deviceId, String delayId, long delayMs, long sendTs,
      String roomId, boolean processed) throws SQLException {
    return exec("INSERT INTO delayed_events (delay_id, user_localpart, device_id, delay, send_ts, room_id, event_type,"
        + " state_key, origin_server_ts, content, is_processed) VALUES (?, ?, ?, ?, ?, ?,"
        + " 'org.matrix.msc3401.call.member', ?, NULL, '{}', ?)",
        delayId, localpart, deviceId, delayMs, sendTs, roomId, "_" + localpart + "_" + deviceId, processed);
  }

  static String keyJson(String userId, String deviceId, String keyId, String flavour) {
    // Deterministic fake curve25519 key: 43 base64 characters derived from the ids.
    String seed = Integer.toHexString((userId + deviceId + keyId + flavour).hashCode());
    String key = (seed + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdEfGh").substring(0, 43);
    return "{\"key\":\"" + key + "\",\"signatures\":{\"" + userId + "\":{\"ed25519:" + deviceId + "\":\"sig\"}}}";
  }

  private SynapseRows exec(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    }
    return this;
  }
}
