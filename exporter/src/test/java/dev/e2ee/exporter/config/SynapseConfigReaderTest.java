package dev.e2ee.exporter.config;

import static dev.e2ee.exporter.config.YamlSections.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SynapseConfigReaderTest {
  private static SynapseConfig read(String entries) {
    return SynapseConfigReader.read(
        section("synapse", "synapse: {server_name: example.org" + entries + "}"));
  }

  @Test
  void onlyTheServerNameIsNeeded() {
    SynapseConfig synapse = read("");
    assertThat(synapse.serverName()).isEqualTo("example.org");
    assertThat(synapse.logTimezone()).isEqualTo(ZoneId.systemDefault());
    assertThat(synapse.health()).isEqualTo(HealthProbeConfig.DEFAULTS);
  }

  @Test
  void withoutAServerNameTheSectionIsRefused() {
    assertThatThrownBy(() -> SynapseConfigReader.read(section("synapse", "synapse: {}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing required key 'synapse.server_name'");
  }

  @ParameterizedTest
  @CsvSource({"UTC, UTC", "Europe/Berlin, Europe/Berlin", "+02:00, +02:00"})
  void theLogTimeZoneIsAnIanaNameOrOffset(String text, String zone) {
    assertThat(read(", log_timezone: '" + text + "'").logTimezone()).isEqualTo(ZoneId.of(zone));
  }

  @Test
  void aHealthUrlIsProbedAtItsIntervalWithItsTimeout() {
    SynapseConfig synapse =
        read(
            ", health_url: 'http://127.0.0.1:8008/health', health_interval: 30s,"
                + " health_timeout: 2s");
    assertThat(synapse.health())
        .isEqualTo(
            new HealthProbeConfig(
                Optional.of(URI.create("http://127.0.0.1:8008/health")),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "server_name: '@alice:example.org'|key 'synapse.server_name': must be the bare server name",
        "server_name: 'https://example.org'|key 'synapse.server_name': must be the bare server name",
        "server_name: 'example .org'|key 'synapse.server_name': must be the bare server name",
        "log_timezone: Mars/Olympus|key 'synapse.log_timezone': unknown time zone 'Mars/Olympus'",
        "health_url: 'ftp://127.0.0.1/health'|key 'synapse.health_url': must be an http:// or https://",
        "health_url: '/health'|key 'synapse.health_url': must be an http:// or https://",
        "health_url: 'http://a b/health'|key 'synapse.health_url': not a URL",
        "health_url: 'http://admin:pw@127.0.0.1:8008/health'|must not carry credentials",
        "health_interval: 10s, health_timeout: 10s|key 'synapse.health_timeout': must be shorter"
            + " than health_interval (10s)",
        "health_timeout: 50ms|key 'synapse.health_timeout'",
        "health_interval: 6m|key 'synapse.health_interval'",
        "server: example.org|unknown key 'synapse.server'"
      })
  void aBadValueNamesItsKey(String entries, String message) {
    String yaml =
        entries.startsWith("server_name")
            ? "synapse: {" + entries + "}"
            : "synapse: {server_name: example.org, " + entries + "}";
    assertThatThrownBy(() -> SynapseConfigReader.read(section("synapse", yaml)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
