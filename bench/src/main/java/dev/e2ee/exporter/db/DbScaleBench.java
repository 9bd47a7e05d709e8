package dev.e2ee.exporter.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database side at scale: 100k devices, 10M one-time keys, 1M inbox rows, 1M events in an
 * embedded PostgreSQL 17; the exporter polls it with 5,000 watched devices. Prints the load time,
 * each round's wall time, per-query time, the heap, and EXPLAIN of the per-device queries. Usage:
 * {@code DbScaleBench [workdir] [scale] [watched devices]}: scale 1 (default) is the size above, 5
 * is five times each table (50M keys); ~4 GB of disk per unit of scale.
 */
public final class DbScaleBench {
  private DbScaleBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "/tmp/e2ee-db-bench");
    ScaleDataSet data = new ScaleDataSet(args.length > 1 ? Integer.parseInt(args[1]) : 1);
    int watched = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    Files.createDirectories(work);
    // The marker is written only after a complete load; without it the load resumes.
    Path loadedMarker = work.resolve("data").resolve("loaded");
    boolean loaded = Files.exists(loadedMarker);
    try (EmbeddedPostgres pg = start(work.resolve("data"))) {
      var ds = pg.getDatabase("postgres", "synapse");
      long now = System.currentTimeMillis();
      if (!loaded) {
        ScaleDataSet.createDatabase(pg, ds);
      }
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        if (!loaded) {
          data.load(s, now);
          Files.createFile(loadedMarker);
        } else {
          ScaleDataSet.refreshLastSeen(s, now);
        }
        QueryPlans.print(c, now, watched);
        AggregateCosts.print(c);
      }
      new PollingReport(watched).run(pg.getPort());
    }
  }

  /** Kept between runs (the load is the slow part), tuned for loading rather than for safety. */
  private static EmbeddedPostgres start(Path data) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("max_wal_size", "4GB")
        .setServerConfig("shared_buffers", "512MB")
        .setPGStartupWait(Duration.ofMinutes(2))
        .start();
  }
}
