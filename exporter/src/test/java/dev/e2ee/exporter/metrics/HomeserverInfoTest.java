package dev.e2ee.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.ConfigLoader;
import dev.e2ee.exporter.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which sides {@code synapse_e2ee_homeserver_info} says are read, from the config file's YAML. */
class HomeserverInfoTest {
  @ParameterizedTest(name = "{0} / {1} -> logs={2} database={3}")
  @CsvSource(
      value = {
        "logs: {files: [/var/log/matrix-synapse/homeserver.log]} | database: {host: 127.0.0.1} | read | polled",
        "logs: {journald: {unit: matrix-synapse.service}} | database: {host: 127.0.0.1, role: confirm} | read | confirms",
        "logs: {enabled: false} | database: {host: 127.0.0.1} | off | polled",
        "logs: {files: [/var/log/matrix-synapse/homeserver.log]} | database: {enabled: false} | read | off",
        "logs: {enabled: false, journald: {unit: matrix-synapse.service}} | database: {enabled: false} | read | off",
      },
      delimiter = '|')
  void theSidesTheConfigSwitchesOn(String logs, String database, String logsLabel, String dbLabel) {
    PrometheusRegistry registry = new PrometheusRegistry();
    HomeserverInfo.register(
        registry,
        ConfigLoader.parse(
            "synapse: {server_name: compat.test}\n" + logs + "\n" + database + "\n", "test.yml"));
    assertThat(
            Scrape.of(registry)
                .valueOrFail(
                    "synapse_e2ee_homeserver_info{database=\""
                        + dbLabel
                        + "\",logs=\""
                        + logsLabel
                        + "\",server_name=\"compat.test\"}"))
        .isEqualTo(1);
  }
}
