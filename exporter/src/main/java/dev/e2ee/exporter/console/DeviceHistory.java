package dev.e2ee.exporter.console;

import dev.e2ee.exporter.domain.DeviceRef;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per watched device, the last hour the landing page draws: KE-1 conflicts per minute on the log's
 * clock, KE-2 messages waiting per minute on the wall clock, and when the current storm began.
 * Bounded: at most {@code maxDevices} devices; a device beyond that is refused and counted, and a
 * device with nothing new for an hour is forgotten. Written by the log thread and the diagnosis
 * timer, read by the page: every method is synchronised (each is a few array operations).
 */
public final class DeviceHistory {
  private static final long MINUTE = 60_000L;
  private static final long FORGET_AFTER_MILLIS = MinuteRing.MINUTES * MINUTE;

  private final int maxDevices;
  private final long quietMillis;
  private final Map<DeviceRef, Entry> devices = new HashMap<>();
  private long refused;

  /** One device's rings; about 0.6 KB (docs/benchmarks.md). */
  private static final class Entry {
    final MinuteRing conflicts = new MinuteRing();
    final MinuteRing pending = new MinuteRing();
    long stormStartMillis = Long.MIN_VALUE;
    long lastConflictMillis = Long.MIN_VALUE;
    long touchedMillis;
  }

  /**
   * @param quietMillis a conflict this long after the previous one starts a new storm (the decision
   *     tree's quiet period)
   */
  public DeviceHistory(int maxDevices, long quietMillis) {
    this.maxDevices = maxDevices;
    this.quietMillis = quietMillis;
  }

  /** One rejected key upload at {@code atMillis} (the log record's time). */
  public synchronized void conflict(DeviceRef device, long atMillis, long wallMillis) {
    Entry e = entry(device, wallMillis);
    if (e == null) {
      return;
    }
    e.conflicts.count(Math.floorDiv(atMillis, MINUTE), 1);
    if (e.lastConflictMillis == Long.MIN_VALUE || atMillis - e.lastConflictMillis > quietMillis) {
      e.stormStartMillis = atMillis;
    }
    e.lastConflictMillis = Math.max(e.lastConflictMillis, atMillis);
  }

  /** The log has been read up to {@code logMillis}: quiet minutes since a conflict are zeros. */
  public synchronized void logReadUntil(long logMillis) {
    long minute = Math.floorDiv(logMillis, MINUTE);
    for (Entry e : devices.values()) {
      e.conflicts.coverUntil(minute);
    }
  }

  /** The messages waiting for a device, as the database said at {@code atMillis}. */
  public synchronized void pending(DeviceRef device, long count, long atMillis) {
    Entry e = entry(device, atMillis);
    if (e != null) {
      e.pending.observe(Math.floorDiv(atMillis, MINUTE), count);
    }
  }

  /** Forgets devices with nothing new for an hour, so memory follows the incidents. */
  public synchronized void expire(long wallMillis) {
    for (Iterator<Entry> it = devices.values().iterator(); it.hasNext(); ) {
      if (wallMillis - it.next().touchedMillis > FORGET_AFTER_MILLIS) {
        it.remove();
      }
    }
  }

  /** KE-1 conflicts per minute for the hour ending at {@code nowMillis}, on the log's clock. */
  public synchronized Optional<Series> conflicts(DeviceRef device, long logNowMillis) {
    Entry e = devices.get(device);
    if (e == null || e.conflicts.newestMinute() == Long.MIN_VALUE) {
      return Optional.empty();
    }
    double[] points = e.conflicts.points(Math.floorDiv(logNowMillis, MINUTE));
    // The current minute is still filling up: it would always read as "falling".
    Trend trend = Trend.of(Arrays.copyOf(points, points.length - 1));
    return Optional.of(new Series("KE-1 rejected uploads per minute", points, trend));
  }

  /** KE-2 messages waiting, per minute, for the hour ending at {@code nowMillis}. */
  public synchronized Optional<Series> pending(DeviceRef device, long nowMillis) {
    Entry e = devices.get(device);
    if (e == null || e.pending.newestMinute() == Long.MIN_VALUE) {
      return Optional.empty();
    }
    double[] points = e.pending.points(Math.floorDiv(nowMillis, MINUTE));
    return Optional.of(new Series("KE-2 messages waiting", points, Trend.of(points)));
  }

  /** When the device's current run of rejected uploads began, on the log's clock. */
  public synchronized Optional<Long> stormStart(DeviceRef device) {
    Entry e = devices.get(device);
    return e == null || e.stormStartMillis == Long.MIN_VALUE
        ? Optional.empty()
        : Optional.of(e.stormStartMillis);
  }

  public synchronized int size() {
    return devices.size();
  }

  /** Devices not kept because {@code maxDevices} were already kept. */
  public synchronized long refused() {
    return refused;
  }

  private @Nullable Entry entry(DeviceRef device, long wallMillis) {
    Entry e = devices.get(device);
    if (e == null) {
      if (devices.size() >= maxDevices) {
        refused++;
        return null;
      }
      e = new Entry();
      devices.put(device, e);
    }
    e.touchedMillis = wallMillis;
    return e;
  }

  /** One figure over the last hour ({@code name}: what it counts), NaN where not observed. */
  public static final class Series {
    private final String name;
    private final double[] points;
    private final Trend trend;

    Series(String name, double[] points, Trend trend) {
      this.name = name;
      this.points = points;
      this.trend = trend;
    }

    public String name() {
      return name;
    }

    /** A copy: oldest minute first, NaN where not observed. */
    public double[] points() {
      return points.clone();
    }

    public Trend trend() {
      return trend;
    }

    public int observed() {
      int n = 0;
      for (double p : points) {
        if (!Double.isNaN(p)) {
          n++;
        }
      }
      return n;
    }

    public double max() {
      double max = 0;
      for (double p : points) {
        if (!Double.isNaN(p)) {
          max = Math.max(max, p);
        }
      }
      return max;
    }

    public double latest() {
      for (int i = points.length - 1; i >= 0; i--) {
        if (!Double.isNaN(points[i])) {
          return points[i];
        }
      }
      return Double.NaN;
    }
  }
}
