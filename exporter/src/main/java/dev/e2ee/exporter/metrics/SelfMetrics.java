package dev.e2ee.exporter.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The exporter's metrics about itself: what build is running, the JVM, and scrape cost. */
public final class SelfMetrics {
  private final Histogram expositionDuration;
  private final Gauge lastExpositionSeries;
  private final Counter coalescedScrapes;

  public SelfMetrics(PrometheusRegistry registry, BuildInfo build) {
    build.register(registry);
    registerJvmMetrics(registry);
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

  /**
   * client_java's JVM metrics, read when scraped, without {@code jvm_memory_pool_allocated_bytes}:
   * it listens to every garbage collection, and under the unit's 4 MB young generation a backlog
   * makes one every few thousand lines. Its listener took 0.24-0.26 of the 6.7-7.1 CPU-seconds of a
   * 5M-line catch-up (the JVM's notification thread), which under the unit's CPU quota is that much
   * longer to catch up, for a figure about the exporter's own heap that nothing here reads.
   */
  private static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmThreadsMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    JvmNativeMemoryMetrics.builder().register(registry);
    JvmRuntimeInfoMetric.builder().register(registry);
    ProcessMetrics.builder().register(registry);
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
