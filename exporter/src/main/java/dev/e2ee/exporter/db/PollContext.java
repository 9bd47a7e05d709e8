package dev.e2ee.exporter.db;

import dev.e2ee.exporter.evidence.WatchedDevice;
import java.util.List;

/**
 * What one poll round knows before the collectors run.
 *
 * @param watched the devices with series of their own this round (capped)
 * @param aggregatesDue whole-table aggregates run this round (every aggregate_interval)
 */
public record PollContext(List<WatchedDevice> watched, long nowMillis, boolean aggregatesDue) {

  String[] userIds() {
    return watched.stream().map(WatchedDevice::userId).toArray(String[]::new);
  }

  String[] deviceIds() {
    return watched.stream().map(WatchedDevice::deviceId).toArray(String[]::new);
  }
}
