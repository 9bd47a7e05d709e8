package dev.e2ee.exporter.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * When the database evidence is from. Current, unless it was read from a hot standby whose replay
 * trails by more than a poll interval: then every verdict that read the database says so, with the
 * replica's replay time, instead of presenting a past state as the present one.
 *
 * @param asOf commit time of the standby's last replayed transaction, or null when current
 */
public record DatabaseTime(@Nullable Instant asOf, double lagSeconds) {
  public static final DatabaseTime CURRENT = new DatabaseTime(null, 0);

  /** The words a database-based verdict ends with; empty when the database is current. */
  public String note() {
    if (asOf == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; database as of the replica's replay time %s (%.0f s behind)",
        asOf.truncatedTo(ChronoUnit.SECONDS),
        lagSeconds);
  }
}
