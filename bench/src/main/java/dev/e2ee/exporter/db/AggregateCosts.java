package dev.e2ee.exporter.db;

import dev.e2ee.exporter.config.PollingConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Each whole-table figure read whole and estimated (at the default 1M-row threshold), three runs
 * each after one warm-up, with the values side by side: the cost model of docs/scaling.md.
 */
final class AggregateCosts {
  private AggregateCosts() {}

  /** Name, exact SQL, sampled SQL ("" when the figure has none) and the table it reads. */
  private static final String[][] FIGURES = {
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

  static void print(Connection c) throws Exception {
    Map<String, Double> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(WholeTableFigures.SIZES)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getDouble(2));
      }
    }
    System.out.println("table rows (pg_class.reltuples): " + rows);
    double maxExact = PollingConfig.DEFAULTS.aggregateExactMaxRows();
    for (String[] f : FIGURES) {
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

  /** Every row of the figure as {@code [a b][c d]}: the value printed beside its time. */
  private static String firstRow(Connection c, String sql, @Nullable Double percent)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement(JdbcSql.of(sql))) {
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
}
