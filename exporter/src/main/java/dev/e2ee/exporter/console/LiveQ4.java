package dev.e2ee.exporter.console;

import dev.e2ee.exporter.diagnosis.Q4Rule;
import java.util.Arrays;

/**
 * Runbook Q4 as it stands now, from the access lines of the last {@value #WINDOW_MINUTES} minutes
 * of the log's clock: per minute the delayed-event requests, how many were abandoned or slow, and
 * how many non-/sync requests took longer than the load threshold - enough to decide "p99 above the
 * threshold" exactly as replay does ({@link Q4Rule#p99Above}), without keeping latencies. A
 * log-scale histogram per minute gives the p99 shown to people (to within its 12 % bucket width).
 * Fixed size; written by the log thread, read by the page (synchronised).
 */
public final class LiveQ4 {
  static final int WINDOW_MINUTES = 15;
  private static final int SLOTS = WINDOW_MINUTES + 1;
  private static final long MINUTE = 60_000L;

  /** Bucket i holds latencies up to 1 ms * 1.12^i: 0.001 s .. about 140 s in 105 buckets. */
  static final double BUCKET_BASE = 0.001;

  static final double BUCKET_GROWTH = 1.12;
  static final int BUCKETS = 105;

  private final long[] minuteOf = new long[SLOTS];
  private final long[] delayed = new long[SLOTS];
  private final long[] abandoned = new long[SLOTS];
  private final long[] slow = new long[SLOTS];
  private final long[] nonSync = new long[SLOTS];
  private final long[] nonSyncAbove = new long[SLOTS];
  private final int[][] histogram = new int[SLOTS][BUCKETS];
  private long newestMinute = Long.MIN_VALUE;

  public LiveQ4() {
    Arrays.fill(minuteOf, Long.MIN_VALUE);
  }

  /** A finished request that is not a long-polling /sync, with Synapse's processing time. */
  public synchronized void homeserverRequest(long atMillis, double seconds) {
    int s = slot(atMillis);
    if (s < 0 || seconds < 0) {
      return;
    }
    nonSync[s]++;
    if (seconds > Q4Rule.LOAD_THRESHOLD_SECONDS) {
      nonSyncAbove[s]++;
    }
    histogram[s][bucket(seconds)]++;
  }

  /**
   * A delayed-event request.
   *
   * @param restartOrUpdate the actions whose slowness the recording rule counts
   */
  public synchronized void delayedRequest(
      long atMillis, double seconds, boolean disconnected, boolean restartOrUpdate) {
    int s = slot(atMillis);
    if (s < 0) {
      return;
    }
    delayed[s]++;
    if (disconnected) {
      abandoned[s]++;
    }
    if (restartOrUpdate && seconds > Q4Rule.SLOW_DELAYED_SECONDS) {
      slow[s]++;
    }
  }

  /** The answer over the window ending with the log's newest minute. */
  public synchronized Q4Now answer() {
    if (newestMinute == Long.MIN_VALUE) {
      return Q4Now.NOTHING_READ;
    }
    long trouble = 0;
    long loadedTrouble = 0;
    long delayedTotal = 0;
    long abandonedTotal = 0;
    long slowTotal = 0;
    for (int s = 0; s < SLOTS; s++) {
      if (!inWindow(minuteOf[s]) || delayed[s] == 0) {
        continue;
      }
      delayedTotal += delayed[s];
      abandonedTotal += abandoned[s];
      slowTotal += slow[s];
      if (abandoned[s] > 0 || slow[s] > 0) {
        trouble++;
        if (Q4Rule.p99Above(nonSync[s], nonSyncAbove[s])) {
          loadedTrouble++;
        }
      }
    }
    int newest = Math.floorMod(newestMinute, SLOTS);
    return new Q4Now(
        newestMinute * MINUTE,
        WINDOW_MINUTES,
        nonSync[newest],
        p99(histogram[newest], nonSync[newest]),
        Q4Rule.p99Above(nonSync[newest], nonSyncAbove[newest]),
        delayedTotal,
        abandonedTotal,
        slowTotal,
        trouble,
        loadedTrouble);
  }

  private boolean inWindow(long minute) {
    return minute != Long.MIN_VALUE && minute > newestMinute - WINDOW_MINUTES;
  }

  /** The slot of {@code atMillis}'s minute, cleared when it is new; -1 when out of the window. */
  private int slot(long atMillis) {
    long minute = Math.floorDiv(atMillis, MINUTE);
    if (newestMinute != Long.MIN_VALUE && minute <= newestMinute - WINDOW_MINUTES) {
      return -1;
    }
    newestMinute = Math.max(newestMinute, minute);
    int s = Math.floorMod(minute, SLOTS);
    if (minuteOf[s] != minute) {
      minuteOf[s] = minute;
      delayed[s] = 0;
      abandoned[s] = 0;
      slow[s] = 0;
      nonSync[s] = 0;
      nonSyncAbove[s] = 0;
      Arrays.fill(histogram[s], 0);
    }
    return s;
  }

  static int bucket(double seconds) {
    if (seconds <= BUCKET_BASE) {
      return 0;
    }
    int b = (int) Math.ceil(Math.log(seconds / BUCKET_BASE) / Math.log(BUCKET_GROWTH));
    return Math.min(BUCKETS - 1, b);
  }

  /** The upper bound of the bucket holding the nearest-rank p99; NaN for no requests. */
  static double p99(int[] counts, long n) {
    if (n == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(0.99 * n);
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return BUCKET_BASE * Math.pow(BUCKET_GROWTH, b);
      }
    }
    return BUCKET_BASE * Math.pow(BUCKET_GROWTH, counts.length - 1);
  }
}
