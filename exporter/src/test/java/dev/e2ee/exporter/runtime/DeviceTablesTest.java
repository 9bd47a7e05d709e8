package dev.e2ee.exporter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DeviceTablesTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final DeviceTables tables =
      new DeviceTables(
          DevicesConfig.DEFAULTS, registry, new BoundedMetrics(registry, Clock.systemUTC()));

  @Test
  void noSideAskedNoFamilyServed() {
    assertThat(Scrape.of(registry).text()).doesNotContain(DeviceClients.METRIC);
  }

  @Test
  void bothSidesGetTheOneTableRegisteredOnce() {
    DeviceClients forLog = tables.clients();
    DeviceClients forDatabase = tables.clients();
    assertThat(forDatabase).isSameAs(forLog);
    forDatabase.recordFromDatabase("@a:example.org", "DEV", ClientRelease.UNKNOWN, 0);
    String text = Scrape.of(registry).text();
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE " + DeviceClients.METRIC)).count())
        .isEqualTo(1);
    assertThat(Scrape.of(registry).countSeries(DeviceClients.METRIC + "{")).isEqualTo(1);
  }
}
