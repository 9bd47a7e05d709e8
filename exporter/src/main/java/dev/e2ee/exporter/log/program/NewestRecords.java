package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.evidence.LogClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link LogClock} of a log program: advanced by the tailer thread at each tick, read by
 * others.
 */
final class NewestRecords implements LogClock {
  private final Map<String, Long> newest = new ConcurrentHashMap<>();

  void advance(String source, long recordMillis) {
    newest.merge(source, recordMillis, Math::max);
  }

  @Override
  public long millis(String source, long fallback) {
    Long t = source == null ? null : newest.get(source);
    return t == null ? fallback : t;
  }
}
