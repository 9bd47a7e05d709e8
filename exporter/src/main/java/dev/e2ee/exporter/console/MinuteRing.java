package dev.e2ee.exporter.console;

/**
 * The last {@value #MINUTES} minutes of one figure, one slot per minute, with a bit per slot saying
 * whether that minute was observed at all. A minute nobody looked at is unknown, never zero: a
 * sparkline must not draw a calm the exporter did not see. Fixed size (an int array and two longs),
 * so memory per device is known in advance. Not thread-safe; the owner synchronises.
 */
final class MinuteRing {
  static final int MINUTES = 60;

  private final int[] values = new int[MINUTES];
  private long known;
  private long newest = Long.MIN_VALUE;

  /**
   * Adds to a count in {@code minute}. Minutes between the newest one and this were covered by the
   * same source (a log is read in order), so they are known zeros.
   */
  void count(long minute, long delta) {
    if (!advance(minute, true)) {
      return;
    }
    int slot = slot(minute);
    values[slot] = saturated((long) values[slot] + delta);
    known |= 1L << slot;
  }

  /**
   * Marks minutes up to {@code minute} as seen with nothing to count (the log moved on quietly).
   */
  void coverUntil(long minute) {
    if (newest != Long.MIN_VALUE && advance(minute, true)) {
      known |= 1L << slot(minute);
    }
  }

  /**
   * Sets a level (the latest value in {@code minute} wins). Minutes skipped since the last value
   * were not observed (a database that was down), so they stay unknown.
   */
  void observe(long minute, long value) {
    if (!advance(minute, false)) {
      return;
    }
    int slot = slot(minute);
    values[slot] = saturated(value);
    known |= 1L << slot;
  }

  /**
   * The 60 minutes ending with {@code nowMinute}, oldest first; NaN where nothing was observed
   * (before the first value, or after the newest).
   */
  double[] points(long nowMinute) {
    double[] out = new double[MINUTES];
    for (int i = 0; i < MINUTES; i++) {
      long minute = nowMinute - (MINUTES - 1) + i;
      boolean seen =
          newest != Long.MIN_VALUE
              && minute <= newest
              && minute > newest - MINUTES
              && (known & (1L << slot(minute))) != 0;
      out[i] = seen ? values[slot(minute)] : Double.NaN;
    }
    return out;
  }

  long newestMinute() {
    return newest;
  }

  /**
   * Moves the newest minute forward to {@code minute}, clearing the slots it passes (as known zeros
   * or unknown); false for a minute already out of the window.
   */
  private boolean advance(long minute, boolean passedAreZero) {
    if (newest == Long.MIN_VALUE) {
      newest = minute;
      int slot = slot(minute);
      values[slot] = 0;
      known = 0;
      return true;
    }
    if (minute <= newest) {
      return minute > newest - MINUTES;
    }
    long steps = Math.min(MINUTES, minute - newest);
    for (long m = minute - steps + 1; m <= minute; m++) {
      int slot = slot(m);
      values[slot] = 0;
      if (passedAreZero && m < minute) {
        known |= 1L << slot;
      } else {
        known &= ~(1L << slot);
      }
    }
    newest = minute;
    return true;
  }

  private static int slot(long minute) {
    return (int) Math.floorMod(minute, (long) MINUTES);
  }

  private static int saturated(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
