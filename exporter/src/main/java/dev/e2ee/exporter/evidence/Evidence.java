package dev.e2ee.exporter.evidence;

import dev.e2ee.exporter.domain.DeviceRef;
import java.util.List;
import java.util.Map;

/**
 * Everything the decision tree looks at, as the log program and the collectors last saw it. Maps
 * are keyed by device. {@code logClock} measures time over log evidence.
 */
public record Evidence(
    Map<DeviceRef, DeviceKeys> keys,
    Map<DeviceRef, Backlog> inbox,
    Map<DeviceRef, ConflictConfirmation> confirmations,
    List<ConflictState> conflicts,
    List<StaleTarget> staleTargets,
    LogClock logClock) {

  public static Evidence none() {
    return new Evidence(Map.of(), Map.of(), Map.of(), List.of(), List.of(), LogClock.NONE);
  }
}
