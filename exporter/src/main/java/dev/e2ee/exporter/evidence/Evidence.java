package dev.e2ee.exporter.evidence;

import dev.e2ee.exporter.domain.DeviceRef;
import java.util.List;
import java.util.Map;

/**
 * Everything the decision tree looks at, as the log program and the collectors last saw it. Maps
 * are keyed by device. {@code logClock} measures time over log evidence, {@code databaseTime} says
 * when the database evidence is from (a lagging replica's replay time).
 */
public record Evidence(
    Map<DeviceRef, DeviceKeys> keys,
    Map<DeviceRef, Backlog> inbox,
    Map<DeviceRef, ConflictConfirmation> confirmations,
    List<ConflictState> conflicts,
    List<StaleTarget> staleTargets,
    LogClock logClock,
    DatabaseTime databaseTime) {

  /** Evidence from a current database (a primary, or a replica within a poll interval). */
  public Evidence(
      Map<DeviceRef, DeviceKeys> keys,
      Map<DeviceRef, Backlog> inbox,
      Map<DeviceRef, ConflictConfirmation> confirmations,
      List<ConflictState> conflicts,
      List<StaleTarget> staleTargets,
      LogClock logClock) {
    this(keys, inbox, confirmations, conflicts, staleTargets, logClock, DatabaseTime.CURRENT);
  }

  public static Evidence none() {
    return new Evidence(Map.of(), Map.of(), Map.of(), List.of(), List.of(), LogClock.NONE);
  }
}
