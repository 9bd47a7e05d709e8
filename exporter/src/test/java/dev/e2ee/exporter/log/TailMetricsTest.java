package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/**
 * A file's tail metrics exist from the moment it is configured, at zero: a rate over them is
 * defined before the first rotation, and every loss reason is there to alert on.
 */
class TailMetricsTest {
  static final String FILE = "/var/log/matrix-synapse/homeserver.log";

  @Test
  void everySeriesOfAFileStartsAtZero() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new TailMetrics(registry).init(FILE);
    Scrape s = Scrape.of(registry);
    String label = "{file=\"" + FILE + "\"}";
    for (String counter :
        new String[] {
          "synapse_e2ee_log_bytes_read_total",
          "synapse_e2ee_log_lines_read_total",
          "synapse_e2ee_log_rotations_total",
          "synapse_e2ee_log_truncations_total",
          "synapse_e2ee_log_lines_cut_total",
          "synapse_e2ee_log_lines_invalid_utf8_total",
          "synapse_e2ee_log_read_errors_total",
          "synapse_e2ee_log_rotated_reads_total",
          "synapse_e2ee_log_file_present"
        }) {
      assertThat(s.valueOrFail(counter + label)).as(counter).isZero();
    }
    for (String reason : TailMetrics.LOSS_REASONS) {
      assertThat(
              s.valueOrFail(
                  "synapse_e2ee_log_tail_losses_total{file=\""
                      + FILE
                      + "\",reason=\""
                      + reason
                      + "\"}"))
          .as(reason)
          .isZero();
    }
    assertThat(s.countSeries("synapse_e2ee_log_tail_losses_total")).isEqualTo(3);
  }

  @Test
  void aFileNotConfiguredHasNoSeries() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new TailMetrics(registry).init(FILE);
    assertThat(Scrape.of(registry).value("synapse_e2ee_log_lines_read_total{file=\"/other.log\"}"))
        .isEmpty();
  }
}
