package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The poller's own gauges: down until a round says otherwise, and device counts only from an
 * exporter that lists devices (one that only confirms conflicts must not say 0 devices).
 */
class PollerMetricsTest {
  @ParameterizedTest(name = "lists devices: {0}")
  @ValueSource(booleans = {true, false})
  void downUntilARoundAndDeviceCountsOnlyWhenDevicesAreListed(boolean listsDevices) {
    PrometheusRegistry registry = new PrometheusRegistry();
    PollerMetrics metrics = new PollerMetrics(registry, listsDevices);
    metrics.watchedDevices.set(3);
    metrics.activeDevices.set(12);
    metrics.collectorEnabled.labelValues("device_keys").set(1);

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.valueOrFail("synapse_e2ee_db_up")).isZero();
    assertThat(scrape.valueOrFail("synapse_e2ee_db_collector_enabled{collector=\"device_keys\"}"))
        .isEqualTo(1);
    assertThat(scrape.value("synapse_e2ee_watched_devices").isPresent()).isEqualTo(listsDevices);
    assertThat(scrape.value("synapse_e2ee_active_devices").isPresent()).isEqualTo(listsDevices);
    if (listsDevices) {
      assertThat(scrape.valueOrFail("synapse_e2ee_watched_devices")).isEqualTo(3);
      assertThat(scrape.valueOrFail("synapse_e2ee_active_devices")).isEqualTo(12);
    }
    assertThat(scrape.text())
        .contains(
            "synapse_e2ee_db_last_success_timestamp_seconds",
            "synapse_e2ee_db_poll_duration_seconds",
            "synapse_e2ee_db_standby",
            "synapse_e2ee_db_replica_lag_seconds");
  }
}
