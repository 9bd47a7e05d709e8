package dev.e2ee.exporter.db;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether the database answering is a hot standby, and how far its replay trails what it has
 * received. Large homeservers point read-only tools at a streaming replica; its answers are as of
 * its replay position, which this makes visible instead of passing it off as the present.
 *
 * @param lagSeconds 0 on a primary and on a standby that has replayed everything it received;
 *     otherwise the age of the last transaction it replayed (also when it streams nothing, as the
 *     data then ages however idle the primary is)
 * @param replayedUpTo commit time of the last replayed transaction; null on a primary
 */
public record ReplicaStatus(boolean standby, double lagSeconds, @Nullable Instant replayedUpTo) {
  public static final ReplicaStatus PRIMARY = new ReplicaStatus(false, 0, null);

  /** Columns to add to a SELECT; read back with {@link #from(Row)}. */
  static final String COLUMNS =
      "pg_is_in_recovery() AS standby,"
          + " CASE WHEN NOT pg_is_in_recovery() THEN 0"
          + " WHEN pg_last_wal_receive_lsn() IS NOT NULL"
          + " AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
          + " ELSE COALESCE(greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())), 0)"
          + " END::float8 AS replica_lag_seconds,"
          + " pg_last_xact_replay_timestamp() AS replayed_up_to";

  static ReplicaStatus from(Row row) {
    if (!Boolean.TRUE.equals(row.getBoolean("standby"))) {
      return PRIMARY;
    }
    Double lag = row.getDouble("replica_lag_seconds");
    OffsetDateTime replayed = row.getOffsetDateTime("replayed_up_to");
    return new ReplicaStatus(
        true, lag == null ? 0 : lag, replayed == null ? null : replayed.toInstant());
  }

  /** For {@code check} and the landing page: what kind of server, and how current. */
  public String describe() {
    if (!standby) {
      return "primary (not in recovery)";
    }
    return String.format(
        Locale.ROOT,
        "hot standby (in recovery): replay lag %.1f s, replayed up to %s",
        lagSeconds,
        replayedUpTo == null ? "nothing yet" : replayedUpTo.toString());
  }
}
