package dev.e2ee.exporter.db;

import dev.e2ee.fixture.SynapseSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The data set of {@link DbScaleBench}, built in the database by {@code generate_series}: devices
 * (1/16 seen this week), their one-time and fallback keys, the to-device inbox and the events.
 * Built once per work directory and reused, because 50M keys take ~25 min to load.
 */
final class ScaleDataSet {
  static final int KEYS_PER_DEVICE = 100;

  /** 100k devices per unit of scale; 1 gives 10M keys, 5 gives 50M. */
  private final int devices;

  /** Inbox rows and events: 1M per unit of scale. */
  private final int rowsPerScale;

  ScaleDataSet(int scale) {
    this.devices = 100_000 * scale;
    this.rowsPerScale = 1_000_000 * scale;
  }

  /**
   * The synapse database with Synapse's schema, unless a load cut short left it there: that load
   * resumes at the first empty table.
   */
  static void createDatabase(EmbeddedPostgres pg, DataSource synapse) throws Exception {
    boolean created;
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'synapse'")) {
      rs.next();
      created = rs.getLong(1) > 0;
      if (!created) {
        s.execute("CREATE DATABASE synapse");
      }
    }
    if (!created) {
      SynapseSchema.apply(synapse);
    }
  }

  /** Keeps "seen this week" true for data loaded on an earlier day. */
  static void refreshLastSeen(Statement s, long now) throws Exception {
    time(
        s,
        "refresh last_seen of the active devices",
        "UPDATE devices SET last_seen = "
            + now
            + " - (substr(device_id, 4)::int % 1000) * 1000 WHERE substr(device_id, 4)::int % 16 = 0");
  }

  void load(Statement s, long now) throws Exception {
    fill(
        s,
        "devices",
        "devices (" + devices + "; 1/16 seen this week)",
        "INSERT INTO devices (user_id, device_id, display_name, last_seen, hidden)"
            + " SELECT '@u' || (n / 3) || ':example.org', 'DEV' || n, 'd', CASE WHEN n % 16 = 0 THEN "
            + now
            + " - (n % 1000) * 1000 ELSE "
            + (now - 30L * 86_400_000)
            + " END, false FROM generate_series(1, "
            + devices
            + ") n");
    fill(
        s,
        "e2e_one_time_keys_json",
        "one-time keys (" + devices * KEYS_PER_DEVICE + ")",
        "INSERT INTO e2e_one_time_keys_json (user_id, device_id, algorithm, key_id, ts_added_ms, key_json)"
            + " SELECT '@u' || (n / 3) || ':example.org', 'DEV' || n, 'signed_curve25519', 'AAAA' || k, "
            + now
            + ", '{\"key\":\"' || md5(n::text || k::text) || '\",\"signatures\":{}}' FROM generate_series(1, "
            + devices
            + ") n, generate_series(1, "
            + KEYS_PER_DEVICE
            + ") k");
    fill(
        s,
        "e2e_fallback_keys_json",
        "fallback keys (one per device, 5% used)",
        "INSERT INTO e2e_fallback_keys_json (user_id, device_id, algorithm, key_id, key_json, used)"
            + " SELECT '@u' || (n / 3) || ':example.org', 'DEV' || n, 'signed_curve25519', 'FB', '{}', n % 20 = 0"
            + " FROM generate_series(1, "
            + devices
            + ") n");
    fill(
        s,
        "device_inbox",
        "device_inbox (" + rowsPerScale + ")",
        "INSERT INTO device_inbox (user_id, device_id, stream_id, message_json, instance_name)"
            + " SELECT '@u' || (n % "
            + devices
            + " / 3) || ':example.org', 'DEV' || (n % "
            + devices
            + "), n, '{\"type\":\"m.room.encrypted\",\"sender\":\"@x:example.org\",\"content\":{}}', 'master'"
            + " FROM generate_series(1, "
            + rowsPerScale
            + ") n");
    fill(s, "events", "events + event_json (" + rowsPerScale + ", half encrypted)", events(now));
    time(s, "VACUUM ANALYZE", "VACUUM ANALYZE");
  }

  /** Half of the events encrypted, one in 100,000 of those without an algorithm. */
  private String events(long now) {
    return "INSERT INTO events (topological_ordering, event_id, type, room_id,"
        + " processed, outlier, depth, origin_server_ts, received_ts, sender, stream_ordering)"
        + " SELECT n, '$e' || n, CASE WHEN n % 2 = 0 THEN 'm.room.encrypted' ELSE 'm.room.message' END, '!r' || (n % 1000),"
        + " true, false, n, "
        + now
        + " - ("
        + rowsPerScale
        + " - n)::bigint * 600, "
        + now
        + ", '@u1:example.org', n FROM generate_series(1, "
        + rowsPerScale
        + ") n;"
        + " INSERT INTO event_json (event_id, room_id, internal_metadata, json, format_version)"
        + " SELECT '$e' || n, '!r' || (n % 1000), '{}', '{\"type\":\"m.room.encrypted\",\"content\":{' ||"
        + " CASE WHEN n % 100000 = 0 THEN '' ELSE '\"algorithm\":\"m.megolm.v1.aes-sha2\",' END || '\"ciphertext\":\"x\"}}', 3"
        + " FROM generate_series(1, "
        + rowsPerScale
        + ") n";
  }

  /** Loads a table unless an earlier, interrupted load already filled it. */
  private static void fill(Statement s, String table, String what, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
      rs.next();
      if (rs.getBoolean(1)) {
        System.out.println("load " + what + ": already there");
        return;
      }
    }
    time(s, what, sql);
  }

  private static void time(Statement s, String what, String sql) throws Exception {
    long started = System.nanoTime();
    s.execute(sql);
    System.out.printf(
        Locale.ROOT, "load %-42s %6.1f s%n", what, (System.nanoTime() - started) / 1e9);
  }
}
