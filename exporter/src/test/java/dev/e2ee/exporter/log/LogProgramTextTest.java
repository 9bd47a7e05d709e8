package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.domain.OtkConflict;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The text-format fixture (real Synapse line shapes: both access-line shapes, '!' statuses,
 * None/server/a|b requesters, IPv6 and '-' addresses, a traceback, a quoted line, other layouts)
 * through the log program, with every expected value worked out by hand.
 */
class LogProgramTextTest {
  static final String FILE = "/var/log/matrix-synapse/homeserver.log";
  ProgramHarness harness;
  Scrape scrape;

  @BeforeEach
  void feedFixture() {
    harness = new ProgramHarness();
    harness.feed(FILE, ProgramHarness.resourceLines("homeserver-text.log"));
    scrape = harness.settle();
  }

  double v(String sample) {
    return scrape.valueOrFail(sample);
  }

  @Test
  void recordsAndSkippedLinesAreCountedByReason() {
    assertThat(v("synapse_e2ee_log_records_total{file=\"" + FILE + "\"}")).isEqualTo(32);
    assertThat(
            v(
                "synapse_e2ee_log_lines_skipped_total{file=\""
                    + FILE
                    + "\",reason=\"continuation\"}"))
        .isEqualTo(4);
    assertThat(v("synapse_e2ee_log_lines_skipped_total{file=\"" + FILE + "\",reason=\"empty\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_log_lines_skipped_total{file=\""
                    + FILE
                    + "\",reason=\"unrecognised_layout\"}"))
        .isEqualTo(3);
    assertThat(
            v(
                "synapse_e2ee_log_lines_skipped_total{file=\""
                    + FILE
                    + "\",reason=\"invalid_json\"}"))
        .isEqualTo(0);
    assertThat(v("synapse_e2ee_log_messages_unparsed_total{kind=\"access\"}")).isEqualTo(1);
    assertThat(v("synapse_e2ee_log_last_record_timestamp_seconds{file=\"" + FILE + "\"}"))
        .isEqualTo((double) Instant.parse("2026-11-25T10:00:09Z").getEpochSecond());
  }

  @Test
  void accessLinesAreCountedByEndpointMethodAndCode() {
    assertThat(v("synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"sync\",method=\"GET\"}"))
        .isEqualTo(1);
    assertThat(
            v("synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"other\",method=\"GET\"}"))
        .isEqualTo(2);
    assertThat(
            v("synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"other\",method=\"PUT\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"400\",endpoint=\"keys_upload\",method=\"POST\"}"))
        .isEqualTo(3);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"keys_upload\",method=\"POST\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"keys_claim\",method=\"POST\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"send_to_device\",method=\"PUT\"}"))
        .isEqualTo(3);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"413\",endpoint=\"send_to_device\",method=\"PUT\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"update_delayed_event\",method=\"POST\"}"))
        .isEqualTo(2);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"499\",endpoint=\"update_delayed_event\",method=\"POST\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"404\",endpoint=\"update_delayed_event\",method=\"POST\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"delayed_events\",method=\"PUT\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_http_requests_total{code=\"200\",endpoint=\"delayed_events\",method=\"GET\"}"))
        .isEqualTo(1);
    double total =
        scrape
            .text()
            .lines()
            .filter(l -> l.startsWith("synapse_e2ee_http_requests_total{"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(total)
        .as("every parsed access line counted once, the quoted one not at all")
        .isEqualTo(19);
    assertThat(
            v("synapse_e2ee_http_requests_disconnected_total{endpoint=\"update_delayed_event\"}"))
        .isEqualTo(2);
    assertThat(v("synapse_e2ee_http_requests_disconnected_total{endpoint=\"sync\"}")).isEqualTo(0);
    assertThat(v("synapse_e2ee_http_request_duration_seconds_count{endpoint=\"sync\"}"))
        .isEqualTo(1);
    assertThat(v("synapse_e2ee_http_request_duration_seconds_sum{endpoint=\"sync\"}"))
        .isCloseTo(30.012, offset(1e-9));
    assertThat(
            v("synapse_e2ee_http_request_duration_seconds_bucket{endpoint=\"sync\",le=\"30.0\"}"))
        .isEqualTo(0);
    assertThat(
            v("synapse_e2ee_http_request_duration_seconds_bucket{endpoint=\"sync\",le=\"60.0\"}"))
        .isEqualTo(1);
    assertThat(v("synapse_e2ee_http_request_duration_seconds_sum{endpoint=\"keys_upload\"}"))
        .isCloseTo(0.046, offset(1e-9));
    assertThat(v("synapse_e2ee_http_request_db_txn_duration_seconds_total{endpoint=\"other\"}"))
        .isCloseTo(0.020, offset(1e-9));
  }

  @Test
  void otkConflictsAreJoinedPerDeviceWhateverTheLineOrder() {
    assertThat(
            v(
                "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"STORMDEVICE\",user=\"@alice:example.org\"}"))
        .isEqualTo(2);
    assertThat(
            v(
                "synapse_e2ee_key_uploads_total{device=\"STORMDEVICE\",outcome=\"otk_conflict\",user=\"@alice:example.org\"}"))
        .isEqualTo(2);
    assertThat(
            v(
                "synapse_e2ee_key_uploads_total{device=\"PHONE\",outcome=\"ok\",user=\"@bob:example.org\"}"))
        .isEqualTo(1);
    // No e2e_keys line for Carol's 400: another kind of rejection, device unknown, finished after
    // the window.
    assertThat(
            v(
                "synapse_e2ee_key_uploads_total{device=\"unknown\",outcome=\"rejected\",user=\"@carol:example.org\"}"))
        .isEqualTo(1);
    assertThat(scrape.text()).doesNotContain("@eve:example.org");
    assertThat(
            v(
                "synapse_e2ee_otk_conflict_repeats{device=\"STORMDEVICE\",user=\"@alice:example.org\"}"))
        .isEqualTo(2);
    assertThat(
            v(
                "synapse_e2ee_otk_conflict_last_timestamp_seconds{device=\"STORMDEVICE\",user=\"@alice:example.org\"}"))
        .isEqualTo(Instant.parse("2026-11-25T10:00:02.500Z").toEpochMilli() / 1000.0);

    List<OtkConflict> recent = harness.program.conflictingDevices().recent();
    assertThat(recent)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.userId()).isEqualTo("@alice:example.org");
              assertThat(c.deviceId()).isEqualTo("STORMDEVICE");
              assertThat(c.keyId()).isEqualTo("AAAAAAAAAFA");
              assertThat(c.keyValues()).isEqualTo(KeyValues.DIFFER);
            });
    assertThat(recent).extracting(OtkConflict::request).containsExactly("POST-10", "POST-11");
    // Key material never reaches a label.
    assertThat(scrape.text()).doesNotContain("oldServerValue", "newClientValue", "sig1");
  }

  @Test
  void claimsToDeviceAndDelayedEvents() {
    assertThat(
            v("synapse_e2ee_otk_claims_total{device=\"STORMDEVICE\",user=\"@alice:example.org\"}"))
        .isEqualTo(1);
    assertThat(v("synapse_e2ee_otk_claims_total{device=\"PHONE\",user=\"@bob:example.org\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_to_device_requests_total{code=\"200\",event_type=\"m.room.encrypted\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_to_device_requests_total{code=\"200\",event_type=\"io.element.call.encryption_keys\"}"))
        .isEqualTo(1);
    assertThat(v("synapse_e2ee_to_device_requests_total{code=\"200\",event_type=\"other\"}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_to_device_requests_total{code=\"413\",event_type=\"m.room.encrypted\"}"))
        .isEqualTo(1);
    String dave = "user=\"@dave:example.org\"";
    assertThat(
            v(
                "synapse_e2ee_delayed_event_requests_total{action=\"update\",code=\"200\","
                    + dave
                    + "}"))
        .isEqualTo(2);
    assertThat(
            v(
                "synapse_e2ee_delayed_event_requests_total{action=\"update\",code=\"499\","
                    + dave
                    + "}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_delayed_event_requests_total{action=\"restart\",code=\"404\","
                    + dave
                    + "}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_delayed_event_requests_total{action=\"schedule\",code=\"200\","
                    + dave
                    + "}"))
        .isEqualTo(1);
    assertThat(
            v(
                "synapse_e2ee_delayed_event_requests_total{action=\"list\",code=\"200\","
                    + dave
                    + "}"))
        .isEqualTo(1);
    assertThat(v("synapse_e2ee_delayed_event_disconnects_total{" + dave + "}")).isEqualTo(2);
    assertThat(v("synapse_e2ee_delayed_event_request_duration_seconds_count{action=\"update\"}"))
        .isEqualTo(3);
    assertThat(v("synapse_e2ee_delayed_event_request_duration_seconds_sum{action=\"update\"}"))
        .isCloseTo(7.67, offset(1e-9));
    assertThat(v("synapse_e2ee_delayed_event_send_failures_total")).isEqualTo(1);
  }
}
