package dev.e2ee.exporter.log.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.domain.ToDeviceTypes;
import dev.e2ee.exporter.log.parse.DelayedAction;
import dev.e2ee.exporter.testing.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key-event counters as a scraper reads them. The delayed-event rows are Frank's requests in
 * Synapse 1.160.0's real log (replay/real-synapse/homeserver.log: updates, a restart, a cancel,
 * abandoned ones logged {@code 200!} and {@code 404!}), and one with a negative time.
 */
class KeyEventMetricsTest {
  private static final String FRANK = "@frank:compat.test";
  private final UploadOutcomesTest.Parts parts = new UploadOutcomesTest.Parts();
  private final KeyEventMetrics metrics = parts.metrics;

  @Test
  void everyKnownToDeviceTypeIsAtZeroBeforeTheFirstRequest() {
    Scrape scrape = parts.scrape();
    for (String type : ToDeviceTypes.labels()) {
      assertThat(
              scrape.valueOrFail(
                  "synapse_e2ee_to_device_requests_total{code=\"200\",event_type=\""
                      + type
                      + "\"}"))
          .as(type)
          .isZero();
    }
    metrics.toDevice("m.room.encrypted", 413);
    assertThat(
            parts
                .scrape()
                .valueOrFail(
                    "synapse_e2ee_to_device_requests_total{code=\"413\",event_type=\"m.room.encrypted\"}"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} {1} in {2} s, abandoned {3}")
  @CsvSource({
    "UPDATE, 200, 0.015, false, 0.015",
    "RESTART, 200, 0.003, false, 0.003",
    "CANCEL, 200, 0.004, false, 0.004",
    "UPDATE, 200, 0.032, true, 0.032",
    "UPDATE, 404, 0.089, true, 0.089",
    "SEND, 200, -0.001, false, 0"
  })
  void aDelayedEventRequestIsCountedTimedAndAnAbandonedOneCountedApart(
      DelayedAction action, int status, double seconds, boolean disconnected, double timed) {
    metrics.delayed(FRANK, action, status, seconds, disconnected);

    Scrape scrape = parts.scrape();
    String a = "action=\"" + action.label() + "\"";
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_delayed_event_requests_total{"
                    + a
                    + ",code=\""
                    + status
                    + "\",user=\""
                    + FRANK
                    + "\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.valueOrFail(
                "synapse_e2ee_delayed_event_request_duration_seconds_sum{" + a + "}"))
        .as("a negative time (clock step) is no time")
        .isEqualTo(timed);
    assertThat(
            scrape
                .value("synapse_e2ee_delayed_event_disconnects_total{user=\"" + FRANK + "\"}")
                .orElse(0))
        .isEqualTo(disconnected ? 1 : 0);
  }

  @Test
  void sendFailuresAndEvictedJoinsAddUp() {
    metrics.delayedSendFailure();
    metrics.delayedSendFailure();
    metrics.joinEvicted(0);
    metrics.joinEvicted(3);
    Scrape scrape = parts.scrape();
    assertThat(scrape.valueOrFail("synapse_e2ee_delayed_event_send_failures_total")).isEqualTo(2);
    assertThat(scrape.valueOrFail("synapse_e2ee_key_upload_join_evicted_total")).isEqualTo(3);
  }
}
