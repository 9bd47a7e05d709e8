package dev.e2ee.exporter.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four figures that read whole tables: devices by key stock, devices whose fallback key was
 * used, all inbox rows, inbox rows for devices that do not exist. Their cost grows with the tables,
 * not with the watched devices, so beyond {@code maxExactRows} rows (the planner's statistics,
 * {@code pg_class.reltuples}) each is estimated instead: from a {@code TABLESAMPLE SYSTEM} page
 * sample scaled to the table's row count, or - the inbox total - from the statistics themselves.
 * Every figure says how it was obtained ({@link Figure#sampledFraction()}: 1 read whole, 0 planner
 * statistics, else the share of the table sampled). A table never analysed (reltuples -1) is read
 * whole: its size is unknown, so no sample size can be chosen.
 */
final class WholeTableFigures {
  static final String SIZES =
      "SELECT relname::text AS relname, reltuples::float8 AS row_estimate FROM pg_class"
          + " WHERE oid IN (to_regclass('public.devices'), to_regclass('public.e2e_one_time_keys_json'),"
          + " to_regclass('public.e2e_fallback_keys_json'), to_regclass('public.device_inbox'))";

  /** Per device, unclaimed keys counted up to 50 (an index probe that stops early). */
  private static final String KEYS_UP_TO_50 =
      "(SELECT count(*) FROM (SELECT 1 FROM e2e_one_time_keys_json k WHERE k.user_id = d.user_id"
          + " AND k.device_id = d.device_id AND k.algorithm = 'signed_curve25519' LIMIT 50) x)";

  private static final String BUCKET =
      "CASE WHEN n IS NULL THEN 'hidden' WHEN n = 0 THEN '0' WHEN n < 10 THEN '1-9'"
          + " WHEN n < 50 THEN '10-49' ELSE '50+' END";

  static final String STOCK =
      "SELECT "
          + BUCKET
          + " AS stock, count(*) AS devices FROM (SELECT CASE WHEN d.hidden IS TRUE THEN NULL ELSE "
          + KEYS_UP_TO_50
          + " END AS n FROM devices d) s GROUP BY 1";
  static final String STOCK_SAMPLED =
      "SELECT "
          + BUCKET
          + " AS stock, count(*) AS devices FROM (SELECT CASE WHEN d.hidden IS TRUE THEN NULL ELSE "
          + KEYS_UP_TO_50
          + " END AS n FROM devices d TABLESAMPLE SYSTEM ($1)) s GROUP BY 1";
  static final String FALLBACK_USED = "SELECT count(*) AS n FROM e2e_fallback_keys_json WHERE used";
  static final String FALLBACK_USED_SAMPLED =
      "SELECT count(*) AS sampled, count(*) FILTER (WHERE used) AS n"
          + " FROM e2e_fallback_keys_json TABLESAMPLE SYSTEM ($1)";
  static final String INBOX_TOTAL = "SELECT count(*) AS n FROM device_inbox";
  private static final String STALE_ROW =
      "NOT EXISTS (SELECT 1 FROM devices d WHERE d.user_id = i.user_id AND d.device_id = i.device_id)";
  static final String INBOX_STALE = "SELECT count(*) AS n FROM device_inbox i WHERE " + STALE_ROW;
  // The sample is materialised first so that the stale count stays one anti-join over it.
  static final String INBOX_STALE_SAMPLED =
      "WITH i AS MATERIALIZED (SELECT user_id, device_id FROM device_inbox TABLESAMPLE SYSTEM ($1))"
          + " SELECT (SELECT count(*) FROM i) AS sampled,"
          + " (SELECT count(*) FROM i WHERE "
          + STALE_ROW
          + ") AS n";

  static final List<String> STOCK_BUCKETS = List.of("0", "1-9", "10-49", "50+");

  /**
   * One figure and how it was obtained.
   *
   * @param sampledFraction 1 when the table was read whole, 0 for the planner's row count, else the
   *     share of the table's pages sampled
   */
  record Figure(double value, double sampledFraction) {
    boolean exact() {
      return sampledFraction == 1;
    }
  }

  record Result(
      Map<String, Figure> devicesByStock,
      Figure fallbackUsed,
      Figure inboxRows,
      Figure inboxStaleRows) {}

  private final SampleSize sampling;

  WholeTableFigures(long maxExactRows) {
    this.sampling = new SampleSize(maxExactRows);
  }

  Future<Result> read(SqlClient client, QueryMetrics metrics) {
    Map<String, Double> sizes = new LinkedHashMap<>();
    Figure[] scalars = new Figure[3];
    Map<String, Figure> stock = new LinkedHashMap<>();
    return metrics
        .time("aggregate_table_sizes", () -> client.query(SIZES).execute())
        .compose(
            rows -> {
              rows.forEach(r -> sizes.put(r.getString("relname"), r.getDouble("row_estimate")));
              return stock(client, metrics, sizes);
            })
        .compose(
            byStock -> {
              stock.putAll(byStock);
              return count(
                  client,
                  metrics,
                  "aggregate_fallback_used",
                  FALLBACK_USED,
                  FALLBACK_USED_SAMPLED,
                  rows(sizes, "e2e_fallback_keys_json"));
            })
        .compose(
            fallback -> {
              scalars[0] = fallback;
              return inboxTotal(client, metrics, rows(sizes, "device_inbox"));
            })
        .compose(
            total -> {
              scalars[1] = total;
              return count(
                  client,
                  metrics,
                  "aggregate_inbox_stale",
                  INBOX_STALE,
                  INBOX_STALE_SAMPLED,
                  rows(sizes, "device_inbox"));
            })
        .map(
            stale -> {
              scalars[2] = stale;
              return new Result(stock, scalars[0], scalars[1], scalars[2]);
            });
  }

  /** reltuples, or -1 for a table never analysed (or absent). */
  private static double rows(Map<String, Double> sizes, String table) {
    Double rows = sizes.get(table);
    return rows == null ? -1 : rows;
  }

  private double samplePercent(double tableRows) {
    return sampling.percent(tableRows);
  }

  private boolean estimate(double tableRows) {
    return sampling.estimate(tableRows);
  }

  /**
   * Devices by stock. The probes read key rows, so the key table's size decides; the sample is of
   * devices, and counts scale by all devices over the devices sampled (hidden ones included, as the
   * statistics count them).
   */
  private Future<Map<String, Figure>> stock(
      SqlClient client, QueryMetrics metrics, Map<String, Double> sizes) {
    double keyRows = rows(sizes, "e2e_one_time_keys_json");
    double deviceRows = rows(sizes, "devices");
    boolean sampled = estimate(keyRows) && deviceRows > 0;
    double percent = sampled ? samplePercent(keyRows) : 100;
    Future<RowSet<Row>> rows =
        sampled
            ? metrics.time(
                "aggregate_otk_stock",
                () -> client.preparedQuery(STOCK_SAMPLED).execute(Params.of((float) percent)))
            : metrics.time("aggregate_otk_stock", () -> client.query(STOCK).execute());
    return rows.map(
        result -> {
          Map<String, Long> counts = new LinkedHashMap<>();
          long seen = 0;
          for (Row r : result) {
            long n = r.getLong("devices");
            counts.merge(r.getString("stock"), n, Long::sum);
            seen += n;
          }
          double scale = !sampled ? 1 : seen == 0 ? Double.NaN : deviceRows / seen;
          double fraction = sampled ? percent / 100 : 1;
          Map<String, Figure> out = new LinkedHashMap<>();
          for (String bucket : STOCK_BUCKETS) {
            out.put(
                bucket,
                new Figure(
                    sampled
                        ? Math.round(counts.getOrDefault(bucket, 0L) * scale)
                        : counts.getOrDefault(bucket, 0L),
                    fraction));
          }
          return out;
        });
  }

  /** A count of matching rows, read whole or from a sample scaled to the table's rows. */
  private Future<Figure> count(
      SqlClient client,
      QueryMetrics metrics,
      String query,
      String exactSql,
      String sampledSql,
      double tableRows) {
    if (!estimate(tableRows)) {
      return metrics
          .time(query, () -> client.query(exactSql).execute())
          .map(rows -> new Figure(rows.iterator().next().getLong("n"), 1));
    }
    double percent = samplePercent(tableRows);
    return metrics
        .time(query, () -> client.preparedQuery(sampledSql).execute(Params.of((float) percent)))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              long sampled = r.getLong("sampled");
              double value =
                  sampled == 0 ? Double.NaN : Math.round(r.getLong("n") * tableRows / sampled);
              return new Figure(value, percent / 100);
            });
  }

  private Future<Figure> inboxTotal(SqlClient client, QueryMetrics metrics, double tableRows) {
    if (estimate(tableRows)) {
      return Future.succeededFuture(new Figure(Math.round(tableRows), 0));
    }
    return metrics
        .time("aggregate_inbox_total", () -> client.query(INBOX_TOTAL).execute())
        .map(rows -> new Figure(rows.iterator().next().getLong("n"), 1));
  }
}
