package dev.e2ee.exporter.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {
  static final String SCRAPE =
      """
      # TYPE synapse_e2ee_log_lines_read_total counter
      synapse_e2ee_log_lines_read_total{file="/a/homeserver.log"} 15587.0
      synapse_e2ee_log_lines_read_total{file="/a/homeserver.log.1"} 3.0
      synapse_e2ee_log_rotations_total{file="/a/homeserver.log",style="rename"} 2.0
      synapse_e2ee_log_rotations_total{file="/a/homeserver.log",style="copytruncate"} 1.0
      jvm_memory_used_bytes{area="heap"} 9600000.0
      jvm_memory_used_bytes{area="nonheap"} 40000000.0
      """;

  @Test
  void readsTheOneSeriesNamedWithItsLabelsNotOneThatStartsLikeIt() {
    assertThat(
            MetricsText.value(
                SCRAPE, "synapse_e2ee_log_lines_read_total{file=\"/a/homeserver.log\"}"))
        .isEqualTo(15587.0);
  }

  @Test
  void anAbsentSeriesReadsAsZeroLikeACounterNotCreatedYet() {
    assertThat(MetricsText.value(SCRAPE, "synapse_e2ee_log_tail_losses_total")).isZero();
    assertThat(MetricsText.sum(SCRAPE, "synapse_e2ee_log_tail_losses_total{")).isZero();
  }

  @Test
  void sumsACounterOverItsLabels() {
    assertThat(MetricsText.sum(SCRAPE, "synapse_e2ee_log_rotations_total{")).isEqualTo(3.0);
  }

  @Test
  void heapIsTheHeapAreaOnlyInMegabytes() {
    assertThat(MetricsText.heapMb(SCRAPE)).isEqualTo(9.6);
  }
}
