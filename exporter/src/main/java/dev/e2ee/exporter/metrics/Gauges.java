package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds gauge snapshots from a collector's cached results at scrape time; every collector that
 * exposes a table of per-device state uses it. Two ids can map to one label set (a device id cut to
 * the label length limit, localpart mode): the first value is kept, because the client library
 * rejects a snapshot with duplicate labels.
 */
public final class Gauges {
  private final GaugeSnapshot.Builder builder;
  private final Set<List<String>> seen = new HashSet<>();

  public Gauges(String name, String help) {
    builder = GaugeSnapshot.builder().name(name).help(help);
  }

  public Gauges add(double value, String... labelNamesAndValues) {
    if (seen.add(List.of(labelNamesAndValues))) {
      builder.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(Labels.of(labelNamesAndValues))
              .value(value)
              .build());
    }
    return this;
  }

  public GaugeSnapshot build() {
    return builder.build();
  }
}
