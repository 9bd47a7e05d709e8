package dev.e2ee.exporter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.DevicesConfig;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.evidence.WatchedDevice;
import dev.e2ee.exporter.metrics.BoundedMetrics;
import dev.e2ee.exporter.metrics.DeviceClients;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client of each watched device from {@code devices.user_agent} as the watched-devices query
 * read it (the agents are real ones, from real-synapse/homeserver.log): no query of its own, so no
 * database here.
 */
class DeviceAgentsCollectorTest {
  private static final long NOW = 1_764_064_800_000L;
  private static final String ELEMENT_X =
      "Element X/25.04.3 (Android 15; 2025050700; Sdk d36b2a686)";
  private static final String DESKTOP =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.12.8"
          + " Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36";
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final DeviceClients clients =
      DeviceClients.registered(
          DevicesConfig.DEFAULTS,
          registry,
          new BoundedMetrics(registry, new MutableClock(Instant.ofEpochMilli(NOW))));

  private Scrape poll(UserIdMode mode, WatchedDevice... watched) {
    DeviceAgentsCollector collector =
        new DeviceAgentsCollector(clients, new IdentityLabels(new LabelsConfig(mode)));
    assertThat(collector.name()).isEqualTo("device_agents");
    assertThat(
            collector.poll(null, null, new PollContext(List.of(watched), NOW, false)).succeeded())
        .isTrue();
    return Scrape.of(registry);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {
        "full      | @alice:example.org",
        "localpart | alice",
      },
      delimiter = '|')
  void eachWatchedDeviceWithAnAgentIsNamedUnderTheConfiguredUserLabel(String mode, String user) {
    Scrape scrape =
        poll(
            UserIdMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
            new WatchedDevice("@alice:example.org", "PHONE", NOW, true, ELEMENT_X),
            new WatchedDevice("@alice:example.org", "DESKTOP", NOW, true, DESKTOP));
    assertThat(scrape.countSeries(DeviceClients.METRIC + "{")).isEqualTo(2);
    assertThat(
            scrape.countSeries(
                DeviceClients.METRIC
                    + "{client=\"Element X Android\",device=\"PHONE\",user=\""
                    + user
                    + "\",version=\"25.04.3\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.countSeries(
                DeviceClients.METRIC
                    + "{client=\"Element Desktop\",device=\"DESKTOP\",user=\""
                    + user
                    + "\",version=\"1.12.8\"}"))
        .isEqualTo(1);
  }

  @Test
  void aDeviceWithoutAStoredAgentGetsNoGuessedClient() {
    Scrape scrape =
        poll(
            UserIdMode.FULL,
            new WatchedDevice("@bob:example.org", "NEWPHONE", null, true, null),
            new WatchedDevice("@bob:example.org", "GONE", null, false, null));
    assertThat(scrape.countSeries(DeviceClients.METRIC + "{")).isZero();
  }
}
