package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ClientRelease;
import dev.e2ee.exporter.testing.MutableClock;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-device client table, fed the user agents of real-synapse/homeserver.log. */
class DeviceClientsTest {
  static final ClientRelease ELEMENT_X =
      ClientRelease.of("Element X/25.04.3 (Android 15; 2025050700; Sdk d36b2a686)");
  static final ClientRelease RUST_SDK = ClientRelease.of("matrix-rust-sdk");
  static final long TTL = Duration.ofMinutes(10).toMillis();
  static final long T0 = Instant.parse("2026-12-06T06:55:43Z").toEpochMilli();

  final Counter dropped = Counter.builder().name("synapse_e2ee_test_dropped").build();

  DeviceClients table(int max) {
    return new DeviceClients(
        max, TTL, new Refusals(dropped, Duration.ofMillis(TTL), new MutableClock(Instant.EPOCH)));
  }

  static Scrape scrape(DeviceClients table) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(table);
    return Scrape.of(registry);
  }

  /** The table exposes exactly these series, each at 1. */
  static void exposesExactly(DeviceClients table, String... series) {
    Scrape scrape = scrape(table);
    for (String one : series) {
      assertThat(scrape.valueOrFail(one)).isEqualTo(1);
    }
    assertThat(scrape.countSeries(DeviceClients.METRIC)).isEqualTo(series.length);
  }

  static String series(String user, String device, ClientRelease release) {
    return DeviceClients.METRIC
        + "{client=\""
        + release.family()
        + "\",device=\""
        + device
        + "\",user=\""
        + user
        + "\",version=\""
        + release.version()
        + "\"}";
  }

  @Test
  void anUpdatedAgentReplacesTheDevicesSeries() {
    DeviceClients table = table(10);
    table.recordFromLog("@alice:compat.test", "A", RUST_SDK, T0);
    table.recordFromLog("@alice:compat.test", "A", ELEMENT_X, T0 + 1);
    exposesExactly(table, series("@alice:compat.test", "A", ELEMENT_X));
  }

  @Test
  void theLogWinsOverTheDatabaseWhicheverComesFirst() {
    DeviceClients table = table(10);
    table.recordFromDatabase("@bob:compat.test", "B", RUST_SDK, T0);
    table.recordFromLog("@bob:compat.test", "B", ELEMENT_X, T0 + 1);
    table.recordFromDatabase("@bob:compat.test", "B", RUST_SDK, T0 + 2);
    table.recordFromDatabase("@carol:compat.test", "C", RUST_SDK, T0);
    table.recordFromDatabase("@carol:compat.test", "C", ELEMENT_X, T0 + 1);
    exposesExactly(
        table,
        series("@bob:compat.test", "B", ELEMENT_X),
        series("@carol:compat.test", "C", ELEMENT_X));
  }

  @Test
  void devicesBeyondTheCapAreRefusedAndCountedFromEitherSource() {
    DeviceClients table = table(1);
    table.recordFromLog("@alice:compat.test", "A", ELEMENT_X, T0);
    table.recordFromLog("@storm:compat.test", "S1", RUST_SDK, T0);
    table.recordFromDatabase("@storm:compat.test", "S2", RUST_SDK, T0);
    table.recordFromLog("@alice:compat.test", "A", RUST_SDK, T0); // a known device still updates
    exposesExactly(table, series("@alice:compat.test", "A", RUST_SDK));
    assertThat(dropped.get()).isEqualTo(2);
  }

  @Test
  void devicesIdlePastTheTtlAreForgotten() {
    DeviceClients table = table(10);
    table.recordFromLog("@alice:compat.test", "A", ELEMENT_X, T0);
    table.recordFromDatabase("@dave:compat.test", "D", RUST_SDK, T0 + TTL);
    table.expire(T0 + TTL);
    assertThat(scrape(table).countSeries(DeviceClients.METRIC)).isEqualTo(2);
    table.expire(T0 + TTL + 1);
    exposesExactly(table, series("@dave:compat.test", "D", RUST_SDK));
  }
}
