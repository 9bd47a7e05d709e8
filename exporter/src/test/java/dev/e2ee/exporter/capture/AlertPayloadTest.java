package dev.e2ee.exporter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertPayloadTest {
  private static final String FIRING =
      "{\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkExhaustion\","
          + "\"user\":\"@alice:example.org\",\"device\":\"ALICEPHONE\"},"
          + "\"startsAt\":\"2026-12-06T10:00:00Z\"}";

  private static String payload(String... alerts) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"capture\",\"alerts\":["
        + String.join(",", alerts)
        + "]}";
  }

  @Test
  void firingDeviceAlertIsKeptWithItsLabels() throws Exception {
    AlertPayload.Parsed parsed = AlertPayload.parse(payload(FIRING));
    assertThat(parsed.firing())
        .containsExactly(
            new AlertPayload.Firing(
                "E2EEOtkExhaustion",
                "@alice:example.org",
                "ALICEPHONE",
                Instant.parse("2026-12-06T10:00:00Z")));
    assertThat(parsed.ignored()).isEmpty();
  }

  /** Every alert the capture cannot use is counted under one reason, never dropped silently. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "resolved      | {\"status\":\"resolved\",\"labels\":{\"alertname\":\"E2EEOtkExhaustion\",\"user\":\"u\",\"device\":\"d\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "unknown_alert | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEExporterDown\",\"user\":\"u\",\"device\":\"d\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "unknown_alert | {\"status\":\"firing\",\"labels\":{\"user\":\"u\",\"device\":\"d\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "no_device     | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"u\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "no_device     | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\" \",\"device\":\"d\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "no_device     | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"u\",\"device\":\"\"},\"startsAt\":\"2026-12-06T10:00:00Z\"}",
        "invalid_alert | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"u\",\"device\":\"d\"},\"startsAt\":\"yesterday\"}",
        "invalid_alert | {\"status\":\"firing\",\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"u\",\"device\":\"d\"}}",
        "invalid_alert | {\"labels\":{\"alertname\":\"E2EEOtkDivergence\",\"user\":\"u\",\"device\":\"d\"}}",
        "invalid_alert | {\"status\":\"firing\",\"labels\":[]}",
        "invalid_alert | \"not an object\"",
      })
  void unusableAlertIsCountedByReason(String reason, String alert) throws Exception {
    AlertPayload.Parsed parsed = AlertPayload.parse(payload(alert, FIRING));
    assertThat(parsed.ignored()).isEqualTo(Map.of(reason, 1));
    assertThat(parsed.firing()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "[]",
        "not json",
        "{\"alerts\":[]}",
        "{\"version\":\"3\",\"alerts\":[]}",
        "{\"version\":\"4\"}",
        "{\"version\":\"4\",\"alerts\":{}}",
      })
  void bodyThatIsNoVersion4PayloadIsRefused(String body) {
    assertThatThrownBy(() -> AlertPayload.parse(body))
        .isInstanceOf(AlertPayload.Invalid.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void numericVersionIsAccepted() throws Exception {
    assertThat(AlertPayload.parse("{\"version\":4,\"alerts\":[]}").firing()).isEmpty();
  }
}
