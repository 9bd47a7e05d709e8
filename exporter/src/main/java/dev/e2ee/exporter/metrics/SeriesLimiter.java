package dev.e2ee.exporter.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Each admitted series keeps its data point ({@code P}) here, so an increment costs one lookup:
 * asking client_java for it by label values again was a second map lookup per increment, and the
 * lists both lookups keyed on made up a tenth of a key-upload storm's garbage.
 */
public final class SeriesLimiter<P> {
  public static final String OVERFLOW = "_overflow";

  private final int maxSeries;
  private final Duration idleTtl;
  private final Clock clock;
  private final boolean[] identityLabel;
  private final Refusals refusals;
  private final Function<String[], P> dataPoint;
  private final Consumer<String[]> remover;

  /**
   * Each series: its data point, and when it was last used. The time is set in place on every use:
   * a boxed Long and a capturing lambda per increment were most of the program thread's garbage.
   */
  private final Map<LabelValues, Series<P>> live = new ConcurrentHashMap<>();

  private static final class Series<P> {
    final P point;
    volatile long at;

    Series(P point, long at) {
      this.point = point;
      this.at = at;
    }
  }

  /** Label values as a map key: hashed once, compared as an array (no list, no iterator). */
  private static final class LabelValues {
    final String[] values;
    final int hash;

    LabelValues(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof LabelValues other
          && hash == other.hash
          && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private int
      realSeries; // guarded by this; series whose identity labels are not the overflow value

  /**
   * @param dataPoint the metric's data point for label values (made once per live series)
   * @param remover removes a series from the metric (idle past the TTL, or forgotten)
   */
  SeriesLimiter(
      String metricName,
      List<String> labelNames,
      List<String> identityLabelNames,
      int maxSeries,
      Duration idleTtl,
      Clock clock,
      Refusals refusals,
      Function<String[], P> dataPoint,
      Consumer<String[]> remover) {
    this.maxSeries = maxSeries;
    this.idleTtl = idleTtl;
    this.clock = clock;
    this.refusals = refusals;
    this.dataPoint = dataPoint;
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
   * Returns the data point to record into: the given label values' when the series exists or there
   * is room, otherwise the overflow series'.
   */
  P admit(String... labelValues) {
    LabelValues key = new LabelValues(labelValues);
    long now = clock.millis();
    Series<P> series = live.get(key);
    if (series != null) {
      series.at = now;
      return series.point;
    }
    synchronized (this) {
      series = live.get(key);
      if (series == null && realSeries < maxSeries) {
        series = new Series<>(dataPoint.apply(labelValues.clone()), now);
        live.put(new LabelValues(labelValues.clone()), series);
        realSeries++;
      } else if (series == null) {
        refusals.refuse(List.of(labelValues));
        LabelValues overflow = new LabelValues(overflowValues(labelValues));
        series = live.get(overflow);
        if (series == null) {
          series = new Series<>(dataPoint.apply(overflow.values.clone()), now);
          live.put(overflow, series);
        }
      }
      series.at = now;
      return series.point;
    }
  }

  /** Removes series not touched within the idle TTL; returns how many went. */
  public int expireIdle() {
    long cutoff = clock.millis() - idleTtl.toMillis();
    List<LabelValues> expired = new ArrayList<>();
    live.forEach(
        (key, series) -> {
          if (series.at < cutoff) {
            expired.add(key);
          }
        });
    expired.forEach(this::remove);
    return expired.size();
  }

  /** Forgets one series now, e.g. when its device has been deleted. */
  void forget(String... labelValues) {
    remove(new LabelValues(labelValues));
  }

  private synchronized void remove(LabelValues key) {
    if (live.remove(key) != null) {
      if (!isOverflow(key.values)) {
        realSeries--;
      }
      remover.accept(key.values.clone());
    }
  }

  public int size() {
    return live.size();
  }

  private boolean isOverflow(String[] values) {
    for (int i = 0; i < identityLabel.length; i++) {
      if (identityLabel[i] && OVERFLOW.equals(values[i])) {
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
