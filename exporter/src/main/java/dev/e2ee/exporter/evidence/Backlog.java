package dev.e2ee.exporter.evidence;

import org.jspecify.annotations.Nullable;

/**
 * Pending messages of one watched device and since when its lowest stream id has not moved.
 *
 * @param acknowledgedAtMillis when an acknowledgement was last observed (the lowest pending id
 *     moved or the backlog emptied between two polls); null if none was ever observed
 */
public record Backlog(
    WatchedDevice device,
    long pending,
    long lowestStreamId,
    long unchangedSinceMillis,
    long stalledMillis,
    @Nullable Long acknowledgedAtMillis) {

  /** The backlog as it is now began with an acknowledgement this exporter saw. */
  public boolean drainingObserved() {
    return pending > 0
        && acknowledgedAtMillis != null
        && acknowledgedAtMillis == unchangedSinceMillis;
  }
}
