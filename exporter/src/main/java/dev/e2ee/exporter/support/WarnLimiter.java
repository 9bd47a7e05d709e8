package dev.e2ee.exporter.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a repeated warning through once per interval and key: a file that cannot be read every 250
 * ms must show in the exporter's log, not flood it.
 */
public final class WarnLimiter {
  private final long intervalMillis;
  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

  public WarnLimiter(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** True when a warning about {@code key} may be logged now. */
  public boolean allow(String key, long nowMillis) {
    Long last = lastWarned.get(key);
    if (last != null && nowMillis - last < intervalMillis) {
      return false;
    }
    lastWarned.put(key, nowMillis);
    return true;
  }
}
