package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.log.parse.Endpoint;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Request counts and latency by endpoint class, from the access log. Together with the histogram
 * this gives Synapse's p99 excluding {@code /sync} where Synapse's own metrics are not scraped.
 * Data points are cached in arrays: this is the per-line hot path.
 */
// Per-endpoint data points live in arrays indexed by Endpoint.ordinal(): one array load per
// access line on the hot path, where an EnumMap lookup would cost a hash and a cast.
@SuppressWarnings("EnumOrdinal")
public final class AccessMetrics {
  /** Read back by name where a replay sums its own registry (replay.IncidentReports). */
  public static final String REQUESTS_FAMILY = "synapse_e2ee_http_requests";

  /** From milliseconds to the 30 s+ of a long-polling /sync. */
  static final double[] BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private static final String[] METHODS = {
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "other"
  };

  private final Counter requests;
  private final Counter disconnected;
  private final Histogram duration;
  private final Counter dbTxn;
  private final CounterDataPoint[][][] requestPoints =
      new CounterDataPoint[Endpoint.values().length][METHODS.length][];
  private final CounterDataPoint[] disconnectedPoints =
      new CounterDataPoint[Endpoint.values().length];
  private final DistributionDataPoint[] durationPoints =
      new DistributionDataPoint[Endpoint.values().length];
  private final CounterDataPoint[] dbPoints = new CounterDataPoint[Endpoint.values().length];

  AccessMetrics(PrometheusRegistry registry) {
    requests =
        Counter.builder()
            .name(REQUESTS_FAMILY)
            .help(
                "Requests Synapse finished, from its access log, by endpoint class, method and status code.")
            .labelNames("endpoint", "method", "code")
            .withoutExemplars()
            .register(registry);
    disconnected =
        Counter.builder()
            .name("synapse_e2ee_http_requests_disconnected")
            .help(
                "Requests whose response was not fully sent (abandoned: status logged with '!', e.g. 200! or 499!: the client went away).")
            .labelNames("endpoint")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("synapse_e2ee_http_request_duration_seconds")
            .help("Synapse's processing time per request from the access log, by endpoint class.")
            .labelNames("endpoint")
            // No trace context exists for a log line: sampling exemplars would only cost time.
            .withoutExemplars()
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .register(registry);
    dbTxn =
        Counter.builder()
            .name("synapse_e2ee_http_request_db_txn_duration_seconds")
            .help(
                "Database transaction time spent by requests, from the access log's db= field, by endpoint class.")
            .labelNames("endpoint")
            .withoutExemplars()
            .register(registry);
    for (Endpoint e : Endpoint.values()) {
      durationPoints[e.ordinal()] = duration.labelValues(e.label());
      disconnectedPoints[e.ordinal()] = disconnected.labelValues(e.label());
      dbPoints[e.ordinal()] = dbTxn.labelValues(e.label());
    }
  }

  void record(
      Endpoint endpoint,
      String method,
      int status,
      boolean wasDisconnected,
      double seconds,
      double dbSeconds) {
    int e = endpoint.ordinal();
    int m = methodIndex(method);
    CounterDataPoint[] byStatus = requestPoints[e][m];
    if (byStatus == null) {
      byStatus = new CounterDataPoint[600];
      requestPoints[e][m] = byStatus;
    }
    int code = status >= 100 && status < 600 ? status : 0;
    CounterDataPoint point = byStatus[code];
    if (point == null) {
      point =
          requests.labelValues(
              endpoint.label(), METHODS[m], code == 0 ? "invalid" : Integer.toString(code));
      byStatus[code] = point;
    }
    point.inc();
    if (wasDisconnected) {
      disconnectedPoints[e].inc();
    }
    if (seconds >= 0) {
      durationPoints[e].observe(seconds);
    }
    if (dbSeconds > 0) {
      dbPoints[e].inc(dbSeconds);
    }
  }

  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length - 1; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length - 1;
  }
}
