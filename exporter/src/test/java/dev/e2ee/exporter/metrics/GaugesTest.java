package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

class GaugesTest {
  @Test
  void twoIdsWithOneLabelSetKeepTheFirstValueInsteadOfBreakingTheScrape() {
    // Two device ids longer than the label limit that only differ after it map to one label set.
    String a = IdentityLabels.clean("D".repeat(IdentityLabels.MAX_ID_LENGTH) + "-first");
    String b = IdentityLabels.clean("D".repeat(IdentityLabels.MAX_ID_LENGTH) + "-second");
    assertThat(a).isEqualTo(b);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        () ->
            MetricSnapshots.of(
                new Gauges("synapse_e2ee_test_pending", "t")
                    .add(3, "device", a, "user", "@u:x")
                    .add(5, "device", b, "user", "@u:x")
                    .add(7, "device", "OTHER", "user", "@u:x")
                    .build()));
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.countSeries("synapse_e2ee_test_pending{")).isEqualTo(2);
    assertThat(scrape.valueOrFail("synapse_e2ee_test_pending{device=\"" + a + "\",user=\"@u:x\"}"))
        .isEqualTo(3);
  }
}
