package dev.e2ee.exporter.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * EXPLAIN ANALYZE of the queries whose cost grows with the number of watched devices, run with the
 * same arrays the poller would bind, so that a plan turning into a sequential scan at scale shows.
 */
final class QueryPlans {
  private QueryPlans() {}

  static void print(Connection c, long now, int watched) throws Exception {
    String[] users = new String[watched];
    String[] deviceIds = new String[watched];
    for (int i = 0; i < watched; i++) {
      // Every 16th device: the ones the data set marks as seen this week.
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
          c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + JdbcSql.of(q[1]))) {
        ps.setArray(1, c.createArrayOf("text", users));
        ps.setArray(2, c.createArrayOf("text", deviceIds));
        printPlan(ps, q[0]);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "EXPLAIN (ANALYZE, COSTS OFF) " + JdbcSql.of(WatchedDevicesQuery.ACTIVE))) {
      ps.setLong(1, now - 7L * 86_400_000);
      ps.setInt(2, watched);
      printPlan(ps, "watched_devices");
    }
  }

  private static void printPlan(PreparedStatement explain, String name) throws Exception {
    System.out.println("EXPLAIN " + name + ":");
    try (ResultSet rs = explain.executeQuery()) {
      while (rs.next()) {
        System.out.println("  " + rs.getString(1));
      }
    }
  }
}
