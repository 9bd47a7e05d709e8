package dev.e2ee.exporter.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a repeated warning through once per interval and key: a file that cannot be read
 * every 250 ms must show in the exporter's log, not flood it.
 */
final class WarnLimiter {
  private final long intervalMillis;
  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

  WarnLimiter(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** True when a warning about {@code key} may be logged now. */
  boolean allow(String key, long nowMillis) {
    Long last = lastWarned.get(key);
    if (last != null && nowMillis - last < intervalMillis) {
      return false;
    }
    lastWarned.put(key, nowMillis);
    return true;
  }
}
