package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.support.UtcClock;
import java.time.Instant;

/**
 * The log's own clock for a replay: the time of the newest record handed to the program. Join
 * windows, idle TTLs and quiet periods then pass as they passed when the log was written.
 */
final class ReplayClock extends UtcClock {
  private long millis;

  /** Moves forward only: a record written out of order does not turn time back. */
  void advanceTo(long recordMillis) {
    millis = Math.max(millis, recordMillis);
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
