package dev.e2ee.exporter.config;

import static dev.e2ee.exporter.config.YamlSections.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleConfigReaderTest {
  @Test
  void leftOutSectionsAreTheDefaults() {
    assertThat(ConsoleConfigReader.ui(section("ui", ""))).isEqualTo(UiConfig.DEFAULTS);
    assertThat(ConsoleConfigReader.capture(section("capture", "")))
        .isEqualTo(CaptureConfig.DEFAULTS);
  }

  @Test
  void everyUiKeyIsRead() {
    UiConfig ui =
        ConsoleConfigReader.ui(
            section(
                "ui",
                "ui: {grafana_url: 'https://grafana.example.org/', grafana_dashboard_uid: e2ee-dev_1,"
                    + " runbook_url: 'http://wiki.example.org/runbook', refresh: 10s}"));
    assertThat(ui)
        .isEqualTo(
            new UiConfig(
                Optional.of("https://grafana.example.org"),
                "e2ee-dev_1",
                Optional.of("http://wiki.example.org/runbook"),
                Duration.ofSeconds(10)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "grafana_url: 'ftp://grafana.example.org'|key 'ui.grafana_url': must be an absolute http",
        "grafana_url: grafana.example.org|key 'ui.grafana_url': must be an absolute http",
        "runbook_url: 'https://'|key 'ui.runbook_url': ",
        "runbook_url: 'http://wiki example'|key 'ui.runbook_url': is not a URL",
        "grafana_dashboard_uid: 'my dashboard'|key 'ui.grafana_dashboard_uid': must be a Grafana uid",
        "grafana_dashboard_uid: ''|key 'ui.grafana_dashboard_uid': must be a Grafana uid",
        "refresh: 4s|key 'ui.refresh'",
        "refresh: 2h|key 'ui.refresh'",
        "refersh: 10s|unknown key 'ui.refersh' (did you mean 'refresh'?)"
      })
  void aBadUiValueNamesItsKey(String entry, String message) {
    assertThatThrownBy(() -> ConsoleConfigReader.ui(section("ui", "ui: {" + entry + "}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({
    "1048576, 1048576",
    "1M, 1048576",
    "500M, 524288000",
    "2G, 2147483648",
    "2GB, 2147483648",
    "1MiB, 1048576",
    "4096K, 4194304",
    "'64 M', 67108864"
  })
  void maxBytesTakesASizeInPowersOf1024(String text, long bytes) {
    CaptureConfig capture =
        ConsoleConfigReader.capture(section("capture", "capture: {max_bytes: '" + text + "'}"));
    assertThat(capture.maxBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "max_bytes: 1048575|key 'capture.max_bytes': must be at least 1M, found '1048575'",
        "max_bytes: 1023K|key 'capture.max_bytes': must be at least 1M",
        "max_bytes: 2T|key 'capture.max_bytes': expected a size such as",
        "max_bytes: lots|key 'capture.max_bytes': expected a size such as",
        "max_bytes: -5M|key 'capture.max_bytes': expected a size such as",
        "max_concurrent: 17|key 'capture.max_concurrent': must be between 1 and 16",
        "max_concurrent: 0|key 'capture.max_concurrent': must be between 1 and 16",
        "min_interval: 500ms|key 'capture.min_interval'",
        "window_before: 30s|key 'capture.window_before'",
        "dir: /tmp|unknown key 'capture.dir'"
      })
  void aBadCaptureValueNamesItsKey(String entry, String message) {
    assertThatThrownBy(
            () -> ConsoleConfigReader.capture(section("capture", "capture: {" + entry + "}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aCaptureDirectoryTurnsCaptureOnWithItsLimits() {
    CaptureConfig capture =
        ConsoleConfigReader.capture(
            section(
                "capture",
                "capture: {directory: /var/lib/synapse-e2ee-exporter/captures, min_interval: 5m,"
                    + " max_concurrent: 3, max_bytes: 2G, window_before: 1h}"));
    assertThat(capture)
        .isEqualTo(
            new CaptureConfig(
                Optional.of(Path.of("/var/lib/synapse-e2ee-exporter/captures")),
                Duration.ofMinutes(5),
                3,
                2L << 30,
                Duration.ofHours(1)));
    assertThat(capture.enabled()).isTrue();
    assertThat(ConsoleConfigReader.capture(section("capture", "capture: {directory: ' '}")))
        .isEqualTo(CaptureConfig.DEFAULTS);
  }
}
