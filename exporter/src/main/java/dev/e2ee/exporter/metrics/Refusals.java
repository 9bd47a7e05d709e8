package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts label sets refused by a series cap, each once: a device beyond the cap that keeps sending
 * is one refused series, not one per request or per poll round. A refused set is remembered until
 * it has been idle past the TTL (then, if it comes back, it counts again, as a series that expired
 * would have been created again). The memory is bounded too: past {@link #MAX_REMEMBERED} distinct
 * refused sets the oldest is forgotten, so under a flood of distinct ids the count can only err
 * upwards, never hide a refusal.
 */
public final class Refusals {
  static final int MAX_REMEMBERED = 100_000;

  private final CounterDataPoint counter;
  private final long idleMillis;
  private final Clock clock;
  // Access order: the least recently refused set comes first, which is what expiry and the bound
  // drop.
  private final LinkedHashMap<List<String>, Long> lastRefused =
      new LinkedHashMap<>(16, 0.75f, true);

  Refusals(CounterDataPoint counter, Duration idleTtl, Clock clock) {
    this.counter = counter;
    this.idleMillis = idleTtl.toMillis();
    this.clock = clock;
  }

  /** Records that {@code labelValues} was refused now; counts it if it is not refused already. */
  public synchronized void refuse(List<String> labelValues) {
    long now = clock.millis();
    Long before = lastRefused.put(labelValues, now);
    if (before == null || now - before > idleMillis) {
      counter.inc();
    }
    if (lastRefused.size() > MAX_REMEMBERED) {
      Iterator<Map.Entry<List<String>, Long>> oldest = lastRefused.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Forgets refused sets idle past the TTL. */
  public synchronized int expireIdle() {
    long cutoff = clock.millis() - idleMillis;
    int removed = 0;
    Iterator<Long> it = lastRefused.values().iterator();
    while (it.hasNext() && it.next() < cutoff) {
      it.remove();
      removed++;
    }
    return removed;
  }

  synchronized int remembered() {
    return lastRefused.size();
  }
}
