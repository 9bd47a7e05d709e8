package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfMetricsTest {

  private static List<String> names(PrometheusRegistry registry) {
    return registry.scrape().stream()
        .map(MetricSnapshot::getMetadata)
        .map(m -> m.getName())
        .toList();
  }

  @Test
  void theJvmIsDescribedWithoutListeningToEveryCollection() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new SelfMetrics(registry, BuildInfo.current());

    assertThat(names(registry))
        .contains(
            "jvm_memory_used_bytes",
            "jvm_threads_current",
            "jvm_gc_collection_seconds",
            "jvm_runtime",
            "process_cpu_seconds",
            "synapse_e2ee_exposition_duration_seconds",
            "synapse_e2ee_scrapes_coalesced")
        // Counted from a notification after every garbage collection (SelfMetrics says why not).
        .doesNotContain("jvm_memory_pool_allocated_bytes");
  }

  @Test
  void anExpositionIsObservedWithItsSize() {
    PrometheusRegistry registry = new PrometheusRegistry();
    SelfMetrics self = new SelfMetrics(registry, BuildInfo.current());

    self.recordExposition(0.003, 1234);
    self.scrapeCoalesced();

    String text = Scrape.of(registry).text();
    assertThat(text)
        .contains("synapse_e2ee_exposition_duration_seconds_count 1")
        .contains("synapse_e2ee_exposition_response_bytes 1234")
        .contains("synapse_e2ee_scrapes_coalesced_total 1");
  }
}
