package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Factory for every metric that carries per-user or per-device labels. Going through here is what
 * guarantees the series bound: each metric gets a {@link SeriesLimiter}, and all of them report
 * refusals into one {@code synapse_e2ee_series_dropped_total{metric}} counter.
 *
 * <p>Only counters and histograms are offered: their overflow series is a correct sum of what did
 * not fit. A gauge set per device has no meaningful overflow value, so per-device gauges are built
 * from snapshots by their collectors with the cap applied there.
 */
public final class BoundedMetrics {
  private final PrometheusRegistry registry;
  private final Clock clock;
  private final Counter dropped;
  private final List<SeriesLimiter<?>> limiters = new CopyOnWriteArrayList<>();
  private final List<Refusals> refusals = new CopyOnWriteArrayList<>();

  public BoundedMetrics(PrometheusRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.dropped =
        Counter.builder()
            .name("synapse_e2ee_series_dropped")
            .help(
                "Label combinations refused by a per-metric series cap; their values were added to the _overflow series instead.")
            .labelNames("metric")
            .withoutExemplars()
            .register(registry);
  }

  /**
   * Describes a bounded metric: its labels, which of them identify a user or device, and its cap.
   */
  public record Spec(
      String name,
      String help,
      List<String> labelNames,
      List<String> identityLabels,
      int maxSeries,
      Duration idleTtl) {
    public Spec {
      labelNames = List.copyOf(labelNames);
      identityLabels = List.copyOf(identityLabels);
      if (maxSeries < 1) {
        throw new IllegalArgumentException("maxSeries must be positive for " + name);
      }
    }
  }

  public BoundedCounter counter(Spec spec) {
    Counter counter =
        Counter.builder()
            .name(spec.name())
            .help(spec.help())
            .labelNames(spec.labelNames().toArray(String[]::new))
            .withoutExemplars()
            .register(registry);
    return new BoundedCounter(limiter(spec, counter::labelValues, counter::remove));
  }

  public BoundedHistogram histogram(Spec spec, double... upperBounds) {
    Histogram histogram =
        Histogram.builder()
            .name(spec.name())
            .help(spec.help())
            .labelNames(spec.labelNames().toArray(String[]::new))
            .classicOnly()
            .classicUpperBounds(upperBounds)
            .register(registry);
    return new BoundedHistogram(limiter(spec, histogram::labelValues, histogram::remove));
  }

  /**
   * For collectors that keep per-device state of their own (gauges built from a table): registers
   * {@code metric} in the dropped counter at 0 and returns what to tell when a label set is
   * refused; each refused set is counted once until idle past {@code idleTtl}.
   */
  public Refusals refusalsFor(String metric, Duration idleTtl) {
    // Present at 0 from the start, so rate() and alerts work before the first refusal.
    Refusals refusals = new Refusals(dropped.labelValues(metric), idleTtl, clock);
    this.refusals.add(refusals);
    return refusals;
  }

  /** Removes idle series of every bounded metric, and forgets idle refusals; called on a timer. */
  public int expireIdle() {
    int removed = 0;
    for (SeriesLimiter<?> limiter : limiters) {
      removed += limiter.expireIdle();
    }
    for (Refusals r : refusals) {
      r.expireIdle();
    }
    return removed;
  }

  private <P> SeriesLimiter<P> limiter(
      Spec spec, Function<String[], P> dataPoint, Consumer<String[]> remover) {
    SeriesLimiter<P> limiter =
        new SeriesLimiter<>(
            spec.name(),
            spec.labelNames(),
            spec.identityLabels(),
            spec.maxSeries(),
            spec.idleTtl(),
            clock,
            refusalsFor(spec.name(), spec.idleTtl()),
            dataPoint,
            remover);
    limiters.add(limiter);
    return limiter;
  }

  /** A counter whose per-device series are bounded. */
  public static final class BoundedCounter {
    private final SeriesLimiter<CounterDataPoint> limiter;

    BoundedCounter(SeriesLimiter<CounterDataPoint> limiter) {
      this.limiter = limiter;
    }

    public CounterDataPoint labelValues(String... values) {
      return limiter.admit(values);
    }

    public void remove(String... values) {
      limiter.forget(values);
    }

    public int seriesCount() {
      return limiter.size();
    }
  }

  /** A histogram whose per-device series are bounded. */
  public static final class BoundedHistogram {
    private final SeriesLimiter<DistributionDataPoint> limiter;

    BoundedHistogram(SeriesLimiter<DistributionDataPoint> limiter) {
      this.limiter = limiter;
    }

    public DistributionDataPoint labelValues(String... values) {
      return limiter.admit(values);
    }

    public void remove(String... values) {
      limiter.forget(values);
    }

    public int seriesCount() {
      return limiter.size();
    }
  }
}
