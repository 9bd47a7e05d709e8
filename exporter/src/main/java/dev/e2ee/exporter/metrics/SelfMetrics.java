package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The exporter's metrics about itself: what build is running, the JVM, and scrape cost. */
public final class SelfMetrics {
  private final Histogram expositionDuration;
  private final Gauge lastExpositionSeries;
  private final Counter coalescedScrapes;

  public SelfMetrics(PrometheusRegistry registry, BuildInfo build) {
    build.register(registry);
    JvmMetrics.builder().register(registry);
    expositionDuration =
        Histogram.builder()
            .name("synapse_e2ee_exposition_duration_seconds")
            .help(
                "Time to collect and render one /metrics response (coalesced scrapes count once).")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);
    lastExpositionSeries =
        Gauge.builder()
            .name("synapse_e2ee_exposition_response_bytes")
            .help(
                "Size in bytes of the last /metrics response body as sent (after gzip when the scraper asked for it).")
            .register(registry);
    coalescedScrapes =
        Counter.builder()
            .name("synapse_e2ee_scrapes_coalesced_total")
            .help(
                "Scrapes answered by a render already running for an identical request: they cost"
                    + " no collection of their own.")
            .register(registry);
  }

  /** A scrape joined a render already in progress. */
  public void scrapeCoalesced() {
    coalescedScrapes.inc();
  }

  public void recordExposition(double seconds, long bytes) {
    expositionDuration.observe(seconds);
    lastExpositionSeries.set((double) bytes);
  }
}
