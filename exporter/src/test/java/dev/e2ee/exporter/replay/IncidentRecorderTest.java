package dev.e2ee.exporter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.e2ee.fixture.SynapseTextLines;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the recorder keeps beyond the counters, fed by the log program on a replay: per device its
 * rejected uploads (times, key ids, whether the values differed), per minute the latencies Q4
 * compares and the delayed-event requests that were abandoned or slow.
 */
class IncidentRecorderTest {
  @TempDir Path dir;

  @Test
  void theRealSynapseLogsRequestsAreKeptAsTheClientCountedThem() throws Exception {
    JsonNode truth;
    try (InputStream in = Replays.resource("truth.json")) {
      truth = new ObjectMapper().readTree(in);
    }
    IncidentRecorder recorder = Replays.realSynapse(dir).recorder();

    truth
        .path("to_device")
        .properties()
        .forEach(
            t ->
                assertThat(recorder.toDevice.get(t.getKey()))
                    .as("to-device %s", t.getKey())
                    .containsEntry("200", t.getValue().path("200").asLong()));
    truth
        .path("delayed_events")
        .properties()
        .forEach(
            a ->
                assertThat(total(recorder.delayedRequests.get(a.getKey())))
                    .as("delayed-event action %s", a.getKey())
                    .isEqualTo(total(a.getValue())));
    assertThat(recorder.delayedDisconnects).isEqualTo(truth.path("abandoned").asLong());
    assertThat(recorder.minutes.values().stream().mapToLong(m -> m.delayedDisconnects).sum())
        .isEqualTo(truth.path("abandoned").asLong());

    for (JsonNode d : truth.path("devices")) {
      long conflicts = d.path("otk_conflicts").asLong();
      IncidentRecorder.DeviceIncident seen =
          recorder.devices.get(List.of(d.path("user").asText(), d.path("device").asText()));
      if (conflicts == 0) {
        assertThat(seen == null ? 0 : seen.conflicts).as(d.path("device").asText()).isZero();
        continue;
      }
      assertThat(seen).as(d.path("device").asText()).isNotNull();
      assertThat(seen.conflicts).isEqualTo(conflicts);
      assertThat(seen.keyIds).contains(d.path("last_conflict_key_id").asText());
      assertThat(seen.valuesDiffer).isEqualTo(conflicts);
      assertThat(seen.client.family()).isEqualTo(d.path("client").asText());
      assertThat(seen.uploads("ok")).isEqualTo(d.path("uploads_ok").asLong());
      assertThat(seen.state).isNotNull();
    }
  }

  @Test
  void theStormDevicesConflictsAreTimedPerMinute() throws Exception {
    IncidentRecorder recorder = Replays.incident(dir).recorder();
    IncidentRecorder.DeviceIncident storm =
        recorder.devices.get(List.of(IncidentLog.ALICE, IncidentLog.STORM_DEVICE));
    long start = IncidentLog.START.toEpochMilli();

    assertThat(storm.conflicts).isEqualTo(IncidentLog.CONFLICTS);
    assertThat(storm.uploads("ok")).isEqualTo(3);
    assertThat(storm.firstConflictMillis).isEqualTo(start + 60_000);
    assertThat(storm.lastConflictMillis).isEqualTo(start + 60_000 + 149 * 2_000);
    long firstMinute = start / 60_000 + 1;
    assertThat(storm.conflictsPerMinute)
        .containsExactly(
            Map.entry(firstMinute, 30L),
            Map.entry(firstMinute + 1, 30L),
            Map.entry(firstMinute + 2, 30L),
            Map.entry(firstMinute + 3, 30L),
            Map.entry(firstMinute + 4, 30L));
    assertThat(storm.keyIds).containsExactly("signed_curve25519:" + IncidentLog.KEY_ID);
    assertThat(storm.keyIdsNotListed).isZero();
    assertThat(storm.valuesDiffer).isEqualTo(IncidentLog.CONFLICTS);
    assertThat(storm.valuesSame + storm.valuesUnknown).isZero();
    assertThat(recorder.devices.get(List.of(IncidentLog.BOB, "BOBDEV")).conflicts).isZero();
    assertThat(recorder.minutes.get(firstMinute).conflicts).isEqualTo(30);
    assertThat(recorder.minutes.get(firstMinute - 1).conflicts).isZero();
  }

  @Test
  void beyondTwentyKeyIdsADeviceOnlyCountsThem() throws Exception {
    // The IncidentLog's storm, each rejected upload naming another key id.
    List<String> lines = new ArrayList<>();
    int conflict = 0;
    for (String line : new IncidentLog().lines()) {
      lines.add(
          line.contains("already exists")
              ? line.replace(IncidentLog.KEY_ID, String.format("KEY%08d", conflict++))
              : line);
    }
    IncidentRecorder.DeviceIncident storm =
        Replays.lines(dir, lines)
            .recorder()
            .devices
            .get(List.of(IncidentLog.ALICE, IncidentLog.STORM_DEVICE));

    assertThat(storm.keyIds).hasSize(IncidentRecorder.KEY_IDS_LISTED);
    assertThat(storm.keyIds).first().isEqualTo("signed_curve25519:KEY00000000");
    assertThat(storm.keyIdsNotListed)
        .isEqualTo(IncidentLog.CONFLICTS - IncidentRecorder.KEY_IDS_LISTED);
  }

  static Stream<Arguments> delayedRequests() {
    String events = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_abc";
    String schedule =
        "/_matrix/client/v3/rooms/!r:example.org/state/org.matrix.msc3401.call.member/_x"
            + "?org.matrix.msc4140.delay=8000";
    return Stream.of(
        Arguments.of("a restart above 5 s is slow", "POST", events + "/restart", "200", 6.0, 1, 0),
        Arguments.of("an update above 5 s is slow", "POST", events, "200", 5.5, 1, 0),
        Arguments.of(
            "a restart of exactly 5 s is not", "POST", events + "/restart", "200", 5.0, 0, 0),
        Arguments.of("a slow cancel is not Q4's", "POST", events + "/cancel", "200", 9.0, 0, 0),
        Arguments.of("a slow schedule is not Q4's", "PUT", schedule, "200", 9.0, 0, 0),
        Arguments.of("an abandoned restart", "POST", events + "/restart", "499!", 0.8, 0, 1),
        Arguments.of("an abandoned update answered 200", "POST", events, "200!", 0.3, 0, 1),
        Arguments.of("a fast restart", "POST", events + "/restart", "200", 0.1, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delayedRequests")
  void aDelayedEventRequestIsKeptInItsMinute(
      String name,
      String method,
      String uri,
      String status,
      double seconds,
      long slow,
      long abandoned)
      throws Exception {
    List<String> lines =
        List.of(
            access("2026-11-25 21:02:59,900", "GET", "/_matrix/client/v3/sync", "200", 30.0),
            access("2026-11-25 21:03:00,000", method, uri, status, seconds),
            access("2026-11-25 21:03:00,100", "GET", "/_matrix/client/v3/sync", "200", 30.0),
            access(
                "2026-11-25 21:03:01,000", "GET", "/_matrix/client/v3/profile/@a:x", "200", 0.2));
    IncidentRecorder recorder = Replays.lines(dir, lines).recorder();
    long minute = IncidentLog.START.toEpochMilli() / 60_000 + 3;

    assertThat(recorder.minutes.keySet()).containsExactly(minute - 1, minute);
    assertThat(recorder.minutes.get(minute - 1).delayedRequests).isZero();
    IncidentRecorder.Minute m = recorder.minutes.get(minute);
    assertThat(m.delayedRequests).isEqualTo(1);
    assertThat(m.delayedSlow).isEqualTo(slow);
    assertThat(m.delayedDisconnects).isEqualTo(abandoned);
    assertThat(recorder.delayedDisconnects).isEqualTo(abandoned);
    assertThat(m.delayedSeconds.quantile(0.5)).isEqualTo((float) seconds);
    // The delayed request and the profile lookup: /sync's long poll is left out of Q4's p99.
    assertThat(m.nonSyncSeconds.size()).isEqualTo(2);
    assertThat(m.nonSyncSeconds.quantile(1.0)).isEqualTo((float) Math.max(seconds, 0.2));
    assertThat(total(recorder.delayedRequests.values().iterator().next())).isEqualTo(1);
  }

  private static String access(String ts, String method, String uri, String status, double s) {
    return SynapseTextLines.accessWithRequest(
        ts, "R-1", method, IncidentLog.ALICE, uri, status, s, 63, "Element/1.11.0");
  }

  private static long total(Map<String, Long> byStatus) {
    return byStatus == null ? 0 : byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  private static long total(JsonNode byStatus) {
    long n = 0;
    for (JsonNode v : byStatus) {
      n += v.asLong();
    }
    return n;
  }
}
