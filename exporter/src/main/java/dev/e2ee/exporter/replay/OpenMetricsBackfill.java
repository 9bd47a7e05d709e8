package dev.e2ee.exporter.replay;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's metric families sampled every step on the log's clock, written as timestamped
 * OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}. Samples are gathered
 * per series and written family by family at the end, because OpenMetrics does not allow a family
 * to be split. A counter that appears (or comes back after being forgotten) gets a 0 at the step
 * before, as a live scrape would have seen it: otherwise {@code increase()} would miss its first
 * increments.
 */
public final class OpenMetricsBackfill {
  private final Map<String, String> targetLabels;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private long[] stepMillis = new long[64];
  private int steps;
  private long seriesCount;
  private long skippedFamilies;

  /**
   * @param targetLabels added to every series, as a scrape adds them (job, instance, homeserver),
   *     in name order
   */
  OpenMetricsBackfill(Map<String, String> targetLabels) {
    this.targetLabels = new TreeMap<>(targetLabels);
  }

  private static final class Family {
    final String type;
    final String help;
    final boolean counting;
    final Map<String, Series> series = new LinkedHashMap<>();

    Family(String type, String help, boolean counting) {
      this.type = type;
      this.help = help;
      this.counting = counting;
    }
  }

  private static final class Series {
    double[] values;

    Series(int step) {
      values = new double[Math.max(64, step + 1)];
      Arrays.fill(values, Double.NaN);
    }

    void set(int step, double value) {
      if (step >= values.length) {
        int old = values.length;
        values = Arrays.copyOf(values, Math.max(step + 1, old * 2));
        Arrays.fill(values, old, values.length, Double.NaN);
      }
      values[step] = value;
    }

    double get(int step) {
      return step < values.length ? values[step] : Double.NaN;
    }
  }

  /** Samples held: what the memory of a backfill grows with. */
  long cells() {
    return steps * seriesCount;
  }

  /** Families of a type OpenMetrics backfill does not take (none today), counted, not written. */
  public long skippedFamilies() {
    return skippedFamilies;
  }

  /** Records every series' value at {@code millis} (later than the previous snapshot's). */
  void snapshot(long millis, MetricSnapshots snapshots) {
    if (steps == stepMillis.length) {
      stepMillis = Arrays.copyOf(stepMillis, steps * 2);
    }
    int step = steps++;
    stepMillis[step] = millis;
    for (MetricSnapshot metric : snapshots) {
      String name = metric.getMetadata().getPrometheusName();
      // client_java leaves help null for a metric built without one: then no HELP line.
      String help = Objects.requireNonNullElse(metric.getMetadata().getHelp(), "");
      if (metric instanceof CounterSnapshot counter) {
        Family f = family(name, "counter", help, true);
        for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
          put(f, name + "_total", p, null, p.getValue(), step);
        }
      } else if (metric instanceof GaugeSnapshot gauge) {
        Family f = family(name, "gauge", help, false);
        for (GaugeSnapshot.GaugeDataPointSnapshot p : gauge.getDataPoints()) {
          put(f, name, p, null, p.getValue(), step);
        }
      } else if (metric instanceof InfoSnapshot info) {
        Family f = family(name, "info", help, false);
        for (InfoSnapshot.InfoDataPointSnapshot p : info.getDataPoints()) {
          put(f, name + "_info", p, null, 1, step);
        }
      } else if (metric instanceof HistogramSnapshot histogram) {
        Family f = family(name, "histogram", help, true);
        for (HistogramSnapshot.HistogramDataPointSnapshot p : histogram.getDataPoints()) {
          ClassicHistogramBuckets buckets = p.getClassicBuckets();
          long cumulative = 0;
          for (int i = 0; i < buckets.size(); i++) {
            cumulative += buckets.getCount(i);
            put(f, name + "_bucket", p, le(buckets.getUpperBound(i)), (double) cumulative, step);
          }
          put(f, name + "_count", p, null, (double) cumulative, step);
          put(f, name + "_sum", p, null, p.hasSum() ? p.getSum() : 0, step);
        }
      } else {
        skippedFamilies++;
      }
    }
  }

  private Family family(String name, String type, String help, boolean counting) {
    return families.computeIfAbsent(name, n -> new Family(type, help, counting));
  }

  private void put(
      Family f, String sample, DataPointSnapshot p, @Nullable String le, double value, int step) {
    String key = sample + labels(p.getLabels(), le);
    Series series = f.series.get(key);
    if (series == null) {
      series = new Series(step);
      f.series.put(key, series);
      seriesCount++;
    }
    series.set(step, value);
  }

  private String labels(Labels labels, @Nullable String le) {
    StringBuilder b = new StringBuilder("{");
    targetLabels.forEach(
        (name, value) -> {
          if (!labels.contains(name)) {
            label(b, name, value);
          }
        });
    for (int i = 0; i < labels.size(); i++) {
      label(b, labels.getPrometheusName(i), labels.getValue(i));
    }
    if (le != null) {
      label(b, "le", le);
    }
    return b.append('}').toString();
  }

  private static void label(StringBuilder b, String name, String value) {
    if (b.length() > 1) {
      b.append(',');
    }
    b.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    b.append('"');
  }

  private static String le(double bound) {
    return bound == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(bound);
  }

  /** The whole file, ending with OpenMetrics' {@code # EOF}. */
  public void write(Writer out) throws IOException {
    for (Map.Entry<String, Family> entry : families.entrySet()) {
      Family f = entry.getValue();
      out.write("# TYPE " + entry.getKey() + " " + f.type + "\n");
      if (!f.help.isEmpty()) {
        out.write("# HELP " + entry.getKey() + " " + escapeHelp(f.help) + "\n");
      }
      for (Map.Entry<String, Series> s : f.series.entrySet()) {
        Series series = s.getValue();
        for (int step = 0; step < steps; step++) {
          double v = series.get(step);
          if (Double.isNaN(v)) {
            continue;
          }
          if (f.counting && step > 0 && Double.isNaN(series.get(step - 1))) {
            sample(out, s.getKey(), 0, stepMillis[step - 1]);
          }
          sample(out, s.getKey(), v, stepMillis[step]);
        }
      }
    }
    out.write("# EOF\n");
  }

  private static void sample(Writer out, String series, double value, long millis)
      throws IOException {
    out.write(series);
    out.write(' ');
    out.write(number(value));
    out.write(' ');
    out.write(Long.toString(millis / 1000));
    long fraction = Math.floorMod(millis, 1000L);
    if (fraction != 0) {
      out.write(String.format(Locale.ROOT, ".%03d", fraction));
    }
    out.write('\n');
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
