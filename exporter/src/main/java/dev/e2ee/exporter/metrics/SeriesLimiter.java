package dev.e2ee.exporter.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps the number of series of one metric bounded. client_java will create a series for every
 * label combination it is handed; per-user and per-device labels come from the homeserver's
 * traffic, so without a cap one misbehaving client could grow the exporter's memory and the
 * Prometheus TSDB without limit.
 *
 * <p>Series beyond the cap are not dropped silently: their identity labels (user, device) are
 * replaced by {@value #OVERFLOW}, so totals stay right, and each refused combination is counted
 * once in {@code synapse_e2ee_series_dropped_total{metric}} (see {@link Refusals}). Series not
 * touched for the idle TTL are removed so that the cap is held by devices that are active now.
 */
public final class SeriesLimiter {
  public static final String OVERFLOW = "_overflow";

  private final int maxSeries;
  private final Duration idleTtl;
  private final Clock clock;
  private final boolean[] identityLabel;
  private final Refusals refusals;
  private final Consumer<String[]> remover;

  /**
   * When each series was last used. The time is a mutable cell, set in place on every use: a boxed
   * Long and a capturing lambda per increment were most of the program thread's garbage.
   */
  private final Map<List<String>, Touched> lastTouched = new ConcurrentHashMap<>();

  private static final class Touched {
    volatile long at;

    Touched(long at) {
      this.at = at;
    }
  }

  private int
      realSeries; // guarded by this; series whose identity labels are not the overflow value

  SeriesLimiter(
      String metricName,
      List<String> labelNames,
      List<String> identityLabelNames,
      int maxSeries,
      Duration idleTtl,
      Clock clock,
      Refusals refusals,
      Consumer<String[]> remover) {
    this.maxSeries = maxSeries;
    this.idleTtl = idleTtl;
    this.clock = clock;
    this.refusals = refusals;
    this.remover = remover;
    this.identityLabel = new boolean[labelNames.size()];
    for (String identity : identityLabelNames) {
      int index = labelNames.indexOf(identity);
      if (index < 0) {
        throw new IllegalArgumentException(metricName + " has no label " + identity);
      }
      identityLabel[index] = true;
    }
  }

  /**
   * Returns the label values to record under: the given ones when the series exists or there is
   * room, otherwise the overflow series.
   */
  String[] admit(String... labelValues) {
    List<String> key = Arrays.asList(labelValues);
    long now = clock.millis();
    Touched touched = lastTouched.get(key);
    if (touched != null) {
      touched.at = now;
      return labelValues;
    }
    synchronized (this) {
      touched = lastTouched.get(key);
      if (touched != null) {
        touched.at = now;
        return labelValues;
      }
      if (realSeries < maxSeries) {
        lastTouched.put(List.copyOf(key), new Touched(now));
        realSeries++;
        return labelValues;
      }
      String[] overflow = overflowValues(labelValues);
      lastTouched.put(Arrays.asList(overflow), new Touched(now));
      refusals.refuse(List.copyOf(key));
      return overflow;
    }
  }

  /** Removes series not touched within the idle TTL; returns how many went. */
  public int expireIdle() {
    long cutoff = clock.millis() - idleTtl.toMillis();
    List<List<String>> expired = new ArrayList<>();
    lastTouched.forEach(
        (key, touched) -> {
          if (touched.at < cutoff) {
            expired.add(key);
          }
        });
    expired.forEach(this::remove);
    return expired.size();
  }

  /** Forgets one series now, e.g. when its device has been deleted. */
  void forget(String... labelValues) {
    remove(Arrays.asList(labelValues));
  }

  private synchronized void remove(List<String> key) {
    if (lastTouched.remove(key) != null) {
      if (!isOverflow(key)) {
        realSeries--;
      }
      remover.accept(key.toArray(String[]::new));
    }
  }

  public int size() {
    return lastTouched.size();
  }

  private boolean isOverflow(List<String> key) {
    for (int i = 0; i < identityLabel.length; i++) {
      if (identityLabel[i] && OVERFLOW.equals(key.get(i))) {
        return true;
      }
    }
    return false;
  }

  private String[] overflowValues(String[] labelValues) {
    String[] overflow = labelValues.clone();
    for (int i = 0; i < overflow.length; i++) {
      if (identityLabel[i]) {
        overflow[i] = OVERFLOW;
      }
    }
    return overflow;
  }
}
