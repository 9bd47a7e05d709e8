package dev.e2ee.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.console.ConsoleSnapshot;
import dev.e2ee.exporter.console.DeviceHistory;
import dev.e2ee.exporter.console.DeviceRow;
import dev.e2ee.exporter.console.HealthProbe;
import dev.e2ee.exporter.console.Q4Now;
import dev.e2ee.exporter.console.SourceView;
import dev.e2ee.exporter.diagnosis.Verdict;
import dev.e2ee.exporter.domain.DeviceRef;
import dev.e2ee.exporter.source.SourceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The console for machines: an unobserved minute is null (never 0), a device without history has no
 * history at all, and Q4's live figures appear only once an access line was read.
 */
class ConsoleJsonTest {
  private static final long NOW = Instant.parse("2026-12-06T06:00:00Z").toEpochMilli();
  private static final DeviceRef PHONE = new DeviceRef("@alice:example.org", "PHONE");

  private static ConsoleSnapshot snapshot(
      List<DeviceRow> devices, Q4Now q4, Optional<HealthProbe.Reading> probe) {
    SourceStatus log =
        new SourceStatus("log", SourceStatus.State.DOWN, "/var/log/synapse", "", Optional.empty());
    return new ConsoleSnapshot(
        NOW,
        devices,
        List.of(SourceView.of(log, Instant.ofEpochMilli(NOW))),
        q4,
        probe,
        "runbook#ke-4-delayed-event-timeouts",
        0);
  }

  private static DeviceRow row(Optional<DeviceHistory.Series> series) {
    return new DeviceRow(
        PHONE.userId(),
        PHONE.deviceId(),
        Verdict.BACKLOG,
        "120 messages waiting",
        NOW - 600_000,
        true,
        series,
        Optional.empty(),
        "runbook#ke-2-to-device-backlog",
        "synapse-e2ee-exporter capture --config CONFIG.yml");
  }

  @Test
  void anUnobservedMinuteIsNullNeverZero() {
    DeviceHistory history = new DeviceHistory(5, 600_000);
    history.pending(PHONE, 0, NOW - 120_000);
    history.pending(PHONE, 120, NOW);
    JsonObject device =
        ConsoleJson.render(
                snapshot(
                    List.of(row(history.pending(PHONE, NOW))),
                    Q4Now.NOTHING_READ,
                    Optional.empty()))
            .getJsonArray("devices")
            .getJsonObject(0);
    assertThat(device.getMap())
        .containsEntry("verdict", "backlog")
        .containsEntry("since", "2026-12-06T05:50:00Z")
        .containsEntry("since_is_problem_start", true)
        .containsEntry("runbook_url", "runbook#ke-2-to-device-backlog")
        .containsEntry("capture_command", "synapse-e2ee-exporter capture --config CONFIG.yml");
    assertThat(device.containsKey("grafana_url")).isTrue();
    assertThat(device.getValue("grafana_url")).isNull();
    JsonObject history1 = device.getJsonObject("history");
    assertThat(history1.getString("name")).isEqualTo("KE-2 messages waiting");
    List<Object> expected = new ArrayList<>(Collections.nCopies(60, null));
    expected.set(57, 0L);
    expected.set(59, 120L);
    assertThat(history1.getJsonArray("minutes")).containsExactlyElementsOf(expected);
  }

  @Test
  void aDeviceWithoutHistoryHasNoHistoryKey() {
    JsonObject json =
        ConsoleJson.render(
            snapshot(List.of(row(Optional.empty())), Q4Now.NOTHING_READ, Optional.empty()));
    assertThat(json.getJsonArray("devices").getJsonObject(0).containsKey("history")).isFalse();
    assertThat(json.getString("time")).isEqualTo("2026-12-06T06:00:00Z");
  }

  @Test
  void aBlindSourceSaysWhatCannotBeAnswered() {
    JsonObject json = ConsoleJson.render(snapshot(List.of(), Q4Now.NOTHING_READ, Optional.empty()));
    JsonArray cannot = json.getJsonArray("cannot_answer");
    assertThat(cannot).hasSize(1);
    assertThat(cannot.getString(0)).startsWith("no log: KE-1 storms and Q4");
    JsonObject source = json.getJsonArray("sources").getJsonObject(0);
    assertThat(source.getString("state")).isEqualTo("down");
    assertThat(source.getString("cannot_answer")).isEqualTo(cannot.getString(0));
  }

  @Test
  void q4BeforeAnyAccessLineIsUnknownWithoutLiveFigures() {
    JsonObject q4 = ConsoleJson.q4(snapshot(List.of(), Q4Now.NOTHING_READ, Optional.empty()));
    assertThat(q4.getString("verdict")).isEqualTo("unknown");
    assertThat(q4.getString("explanation")).contains("cannot be answered");
    assertThat(q4.getString("runbook_url")).isEqualTo("runbook#ke-4-delayed-event-timeouts");
    assertThat(q4.fieldNames())
        .doesNotContain(
            "newest_log_minute",
            "homeserver_requests_newest_minute",
            "homeserver_p99_seconds_newest_minute",
            "homeserver_p99_above_threshold");
    assertThat(q4.containsKey("health_probe")).isTrue();
    assertThat(q4.getValue("health_probe")).isNull();
  }

  @Test
  void q4AnsweredWithItsNewestMinuteAndAProbeThatFailed() {
    Q4Now answered = new Q4Now(NOW - 60_000, 15, 0, Double.NaN, false, 4, 1, 2, 3, 0);
    JsonObject q4 =
        ConsoleJson.q4(
            snapshot(
                List.of(),
                answered,
                Optional.of(new HealthProbe.Reading("https://hs/health", Double.NaN, 2, NOW))));
    assertThat(q4.getMap())
        .containsEntry("verdict", answered.verdict())
        .containsEntry("window_minutes", 15)
        .containsEntry("delayed_requests", 4L)
        .containsEntry("abandoned", 1L)
        .containsEntry("slow", 2L)
        .containsEntry("trouble_minutes", 3L)
        .containsEntry("loaded_trouble_minutes", 0L)
        .containsEntry("newest_log_minute", "2026-12-06T05:59:00Z")
        .containsEntry("homeserver_requests_newest_minute", 0L)
        .containsEntry("homeserver_p99_above_threshold", false);
    assertThat(q4.containsKey("homeserver_p99_seconds_newest_minute")).isTrue();
    assertThat(q4.getValue("homeserver_p99_seconds_newest_minute")).isNull();
    JsonObject probe = q4.getJsonObject("health_probe");
    assertThat(probe.getString("target")).isEqualTo("https://hs/health");
    assertThat(probe.getValue("latency_seconds")).isNull();
    assertThat(probe.getLong("failures_recently")).isEqualTo(2);
    assertThat(probe.getString("time")).isEqualTo("2026-12-06T06:00:00Z");
  }
}
