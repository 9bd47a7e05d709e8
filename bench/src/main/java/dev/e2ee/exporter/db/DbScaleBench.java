package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.ExporterConfig;
import dev.e2ee.exporter.runtime.Exporter;
import dev.e2ee.fixture.SynapseSchema;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The database side at scale: 100k devices, 10M one-time keys, 1M inbox rows, 1M events in an
 * embedded PostgreSQL 17; the exporter polls it with 5,000 watched devices. Prints the load time,
 * each round's wall time, per-query time, the heap, and EXPLAIN of the per-device queries. Usage:
 * {@code DbScaleBench [workdir] [scale] [watched devices]}: scale 1 (default) is the size above, 5
 * is five times each table (50M keys); ~4 GB of disk per unit of scale.
 */
public final class DbScaleBench {
  static final int KEYS_PER_DEVICE = 100;

  /** devices.max_devices of the polling run; the third argument (default 5,000). */
  private static int watched = 5_000;

  /** 100k devices per unit of scale; 1 gives 10M keys, 5 gives 50M. */
  private static int devices = 100_000;

  private static int rowsPerScale = 1_000_000;

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "/tmp/e2ee-db-bench");
    int scale = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    devices = 100_000 * scale;
    rowsPerScale = 1_000_000 * scale;
    watched = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    Files.createDirectories(work);
    boolean loaded = Files.exists(work.resolve("data").resolve("loaded"));
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(work.resolve("data"))
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("shared_buffers", "512MB")
            .setPGStartupWait(Duration.ofMinutes(2))
            .start()) {
      var ds = pg.getDatabase("postgres", "synapse");
      long now = System.currentTimeMillis();
      if (!loaded) {
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
        // A load cut short (50M keys take ~25 min) resumes at the first empty table.
        if (!created) {
          SynapseSchema.apply(ds);
        }
      }
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        if (!loaded) {
          load(s, now);
          Files.createFile(work.resolve("data").resolve("loaded"));
        } else {
          // Keep "seen this week" true for the reused data.
          time(
              s,
              "refresh last_seen of the active devices",
              "UPDATE devices SET last_seen = "
                  + now
                  + " - (substr(device_id, 4)::int % 1000) * 1000 WHERE substr(device_id, 4)::int % 16 = 0");
        }
        explain(c, now);
        aggregateCosts(c);
      }
      pollAndReport(config(pg.getPort()));
    }
  }

  /** The exporter against the loaded database: the database side alone. */
  private static ExporterConfig config(int port) {
    return new ExporterConfig(
        new ExporterConfig.Listen("127.0.0.1", 0),
        new ExporterConfig.Self(ExporterConfig.LogLevel.INFO),
        new ExporterConfig.Synapse("example.org", ZoneOffset.UTC),
        new ExporterConfig.Logs(
            false,
            List.of(),
            ExporterConfig.LogFormat.TEXT,
            ExporterConfig.StartAt.END,
            1 << 20,
            Duration.ofMillis(250)),
        new ExporterConfig.Database(
            true,
            "127.0.0.1",
            port,
            "synapse",
            "postgres",
            Optional.empty(),
            Optional.empty(),
            ExporterConfig.SslMode.DISABLE,
            Optional.empty(),
            2,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            new ExporterConfig.Polling(
                Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofDays(1), 5000)),
        new ExporterConfig.Labels(ExporterConfig.UserIdMode.FULL),
        ExporterConfig.Devices.DEFAULTS.withMaxDevices(watched));
  }

  /** Eight polling rounds of the exporter, then its query times, heap and figures. */
  private static void pollAndReport(ExporterConfig config) throws Exception {
    try (Exporter exporter = new Exporter(config, Clock.systemUTC(), Map.of())) {
      exporter.start();
      for (int round = 1; round <= 8; round++) {
        Thread.sleep(5_200);
        String text = scrape(exporter);
        System.out.printf(
            Locale.ROOT,
            "after %4.1f s: last round %s s, watched %s, db_up %s%n",
            round * 5.2,
            value(text, "synapse_e2ee_db_poll_duration_seconds"),
            value(text, "synapse_e2ee_watched_devices"),
            value(text, "synapse_e2ee_db_up"));
      }
      String text = scrape(exporter);
      text.lines()
          .filter(
              l ->
                  l.startsWith("synapse_e2ee_db_query_duration_seconds_sum")
                      || l.startsWith("synapse_e2ee_db_query_duration_seconds_count")
                      || l.startsWith("synapse_e2ee_db_query_errors_total"))
          .forEach(System.out::println);
      System.gc();
      Thread.sleep(500);
      text = scrape(exporter);
      System.out.println(
          "heap used after GC: "
              + value(text, "jvm_memory_used_bytes{area=\"heap\"}")
              + " bytes; max "
              + Runtime.getRuntime().maxMemory());
      text.lines()
          .filter(
              l ->
                  l.startsWith("synapse_e2ee_devices_by_otk_stock")
                      || l.startsWith("synapse_e2ee_device_inbox")
                      || l.startsWith("synapse_e2ee_devices_fallback")
                      || l.startsWith("synapse_e2ee_aggregate_")
                      || l.startsWith("synapse_e2ee_encrypted_events_missing"))
          .forEach(System.out::println);
    }
  }

  private static void load(Statement s, long now) throws Exception {
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
    fill(
        s,
        "events",
        "events + event_json (" + rowsPerScale + ", half encrypted)",
        "INSERT INTO events (topological_ordering, event_id, type, room_id,"
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
            + ") n");
    time(s, "VACUUM ANALYZE", "VACUUM ANALYZE");
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

  private static void explain(Connection c, long now) throws Exception {
    String[] users = new String[watched];
    String[] deviceIds = new String[watched];
    for (int i = 0; i < watched; i++) {
      int n = (i + 1) * 16;
      users[i] = "@u" + (n / 3) + ":example.org";
      deviceIds[i] = "DEV" + n;
    }
    for (String[] q :
        new String[][] {
          {"otk_counts", DeviceKeysCollector.OTK_COUNTS},
          {"fallback", DeviceKeysCollector.FALLBACK},
          {"inbox_pending", InboxCollector.PENDING}
        }) {
      try (PreparedStatement ps =
          c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + jdbc(q[1]))) {
        ps.setArray(1, c.createArrayOf("text", users));
        ps.setArray(2, c.createArrayOf("text", deviceIds));
        System.out.println("EXPLAIN " + q[0] + ":");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            System.out.println("  " + rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + jdbc(WatchedDevicesQuery.ACTIVE))) {
      ps.setLong(1, now - 7L * 86_400_000);
      ps.setInt(2, watched);
      System.out.println("EXPLAIN watched_devices:");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          System.out.println("  " + rs.getString(1));
        }
      }
    }
  }

  /**
   * Each whole-table figure read whole and estimated (at the default 1M-row threshold), three runs
   * each after one warm-up, with the values side by side: the cost model of docs/scaling.md.
   */
  private static void aggregateCosts(Connection c) throws Exception {
    Map<String, Double> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(WholeTableFigures.SIZES)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getDouble(2));
      }
    }
    System.out.println("table rows (pg_class.reltuples): " + rows);
    double maxExact = ExporterConfig.Polling.DEFAULTS.aggregateExactMaxRows();
    String[][] figures = {
      {
        "otk_stock",
        WholeTableFigures.STOCK,
        WholeTableFigures.STOCK_SAMPLED,
        "e2e_one_time_keys_json"
      },
      {
        "fallback_used",
        WholeTableFigures.FALLBACK_USED,
        WholeTableFigures.FALLBACK_USED_SAMPLED,
        "e2e_fallback_keys_json"
      },
      {"inbox_total", WholeTableFigures.INBOX_TOTAL, "", "device_inbox"},
      {
        "inbox_stale",
        WholeTableFigures.INBOX_STALE,
        WholeTableFigures.INBOX_STALE_SAMPLED,
        "device_inbox"
      }
    };
    for (String[] f : figures) {
      double tableRows = rows.getOrDefault(f[3], -1.0);
      double percent = Math.max(0.0001, 100.0 * maxExact / tableRows);
      double[] exact = timed(c, f[1], null);
      System.out.printf(
          Locale.ROOT,
          "aggregate %-14s exact   %8.1f ms (min %.1f)  -> %s%n",
          f[0],
          exact[0],
          exact[1],
          firstRow(c, f[1], null));
      if (!f[2].isEmpty() && tableRows > maxExact) {
        double[] sampled = timed(c, f[2], percent);
        System.out.printf(
            Locale.ROOT,
            "aggregate %-14s sampled %8.1f ms (min %.1f) at %.3f%% -> %s%n",
            f[0],
            sampled[0],
            sampled[1],
            percent,
            firstRow(c, f[2], percent));
      }
    }
  }

  /** Median and minimum of three runs after a warm-up, in ms. */
  private static double[] timed(Connection c, String sql, @Nullable Double percent)
      throws Exception {
    double[] ms = new double[3];
    for (int run = -1; run < 3; run++) {
      long started = System.nanoTime();
      firstRow(c, sql, percent);
      if (run >= 0) {
        ms[run] = (System.nanoTime() - started) / 1e6;
      }
    }
    Arrays.sort(ms);
    return new double[] {ms[1], ms[0]};
  }

  private static String firstRow(Connection c, String sql, @Nullable Double percent)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement(jdbc(sql))) {
      if (percent != null) {
        ps.setFloat(1, percent.floatValue());
      }
      StringBuilder out = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append('[');
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            out.append(i > 1 ? " " : "").append(rs.getString(i));
          }
          out.append(']');
        }
      }
      return out.toString();
    }
  }

  /** The exporter's SQL numbers its parameters ($1) in order; JDBC wants '?'. */
  private static String jdbc(String sql) {
    return sql.replaceAll("\\$\\d+", "?");
  }

  private static String scrape(Exporter exporter) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, exporter.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String value(String text, String sample) {
    return text.lines()
        .filter(l -> l.startsWith(sample + " "))
        .map(l -> l.substring(sample.length() + 1))
        .findFirst()
        .orElse("n/a");
  }
}
