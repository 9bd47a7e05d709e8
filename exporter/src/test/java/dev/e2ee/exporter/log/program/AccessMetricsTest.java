package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.log.parse.Endpoint;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request counts, disconnects, latency and database time by endpoint class, from access lines. */
class AccessMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AccessMetrics metrics = new AccessMetrics(registry);
  private final String upload = Endpoint.KEYS_UPLOAD.label();

  @ParameterizedTest(name = "{0} {1} counts as method {2}, code {3}")
  @CsvSource({
    "POST, 400, POST, 400",
    "GET, 200, GET, 200",
    "PATCH, 599, PATCH, 599",
    "PROPFIND, 200, other, 200",
    "post, 200, other, 200",
    "POST, 99, POST, invalid",
    "POST, 600, POST, invalid",
    "POST, -1, POST, invalid"
  })
  void methodAndStatusAreBoundedLabels(String method, int status, String label, String code) {
    metrics.record(Endpoint.KEYS_UPLOAD, method, status, false, 0.059, 0.039);
    metrics.record(Endpoint.KEYS_UPLOAD, method, status, false, 0.059, 0.039);

    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_http_requests_total{code=\""
                        + code
                        + "\",endpoint=\""
                        + upload
                        + "\",method=\""
                        + label
                        + "\"}"))
        .isEqualTo(2);
  }

  @Test
  void durationDisconnectsAndDatabaseTimeAddUpPerEndpoint() {
    // POST-36 of replay/real-synapse/homeserver.log: 0.059 s, db=(0.003sec/0.039sec/3), 400.
    metrics.record(Endpoint.KEYS_UPLOAD, "POST", 400, false, 0.059, 0.039);
    metrics.record(Endpoint.KEYS_UPLOAD, "POST", 200, true, 0.5, 0.0);
    metrics.record(Endpoint.KEYS_UPLOAD, "POST", 200, false, -1, -1); // times not logged

    Scrape s = Scrape.of(registry);
    String ep = "{endpoint=\"" + upload + "\"}";
    assertThat(s.valueOrFail("synapse_e2ee_http_requests_disconnected_total" + ep)).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_http_request_duration_seconds_count" + ep)).isEqualTo(2);
    assertThat(s.valueOrFail("synapse_e2ee_http_request_duration_seconds_sum" + ep))
        .isCloseTo(0.559, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_http_request_duration_seconds_bucket{endpoint=\""
                    + upload
                    + "\",le=\"0.1\"}"))
        .isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_http_request_db_txn_duration_seconds_total" + ep))
        .isCloseTo(0.039, org.assertj.core.data.Offset.offset(1e-9));
    String sync = "{endpoint=\"" + Endpoint.SYNC.label() + "\"}";
    assertThat(s.valueOrFail("synapse_e2ee_http_request_duration_seconds_count" + sync))
        .as("every endpoint class is present at 0")
        .isEqualTo(0);
  }
}
