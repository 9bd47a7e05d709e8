package dev.e2ee.exporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.e2ee.exporter.config.HashKey;
import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.LogFormat;
import dev.e2ee.exporter.config.UserIdMode;
import dev.e2ee.exporter.domain.KeyValues;
import dev.e2ee.exporter.testing.ProgramHarness;
import dev.e2ee.exporter.testing.Scrape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** JSON logging, worker prefixes, label modes and the per-device bound. */
class LogProgramVariantsTest {
  static final String ADDING =
      "Adding one_time_keys dict_keys(['signed_curve25519:AAAAAAAAAFA']) for device 'D1' for user '@alice:example.org' at 1764064802000";
  static final String CONFLICT =
      "<XForwardedForRequest at 0x7f method='POST' uri='/_matrix/client/v3/keys/upload' clientproto='HTTP/1.1' site='8008'> SynapseError: 400 - One time key signed_curve25519:AAAAAAAAAFA already exists. Old key: {\\\"key\\\":\\\"a\\\",\\\"signatures\\\":{}}; new key: {'key': 'b', 'signatures': {}}";
  static final String ACCESS =
      "::1 - 8008 - {@alice:example.org} Processed request: 0.010sec/0.001sec ru=(0.001sec, 0.001sec) db=(0.000sec/0.002sec/1) 63B 400 \\\"POST /_matrix/client/v3/keys/upload HTTP/1.1\\\" \\\"Element\\\" [0 dbevts]";

  static String skipped(String file, String reason) {
    return "synapse_e2ee_log_lines_skipped_total{file=\"%s\",reason=\"%s\"}"
        .formatted(file, reason);
  }

  static String conflicts(String device) {
    return ("synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"%s\","
            + "user=\"@alice:example.org\"}")
        .formatted(device);
  }

  static String uploads(String device, String outcome) {
    return "synapse_e2ee_key_uploads_total{device=\"%s\",outcome=\"%s\",user=\"@alice:example.org\"}"
        .formatted(device, outcome);
  }

  static String json(String namespace, String request, String message) {
    return "{\"log\":\""
        + message
        + "\",\"namespace\":\""
        + namespace
        + "\",\"level\":\"INFO\",\"time\":1764064802.25,"
        + "\"request\":\""
        + request
        + "\",\"server_name\":\"example.org\",\"scope\":null}";
  }

  @Test
  void structuredJsonLogsGiveTheSameKe1Join() {
    ProgramHarness h = new ProgramHarness(LogFormat.JSON, UserIdMode.FULL, 500);
    h.feed(
        "json.log",
        List.of(
            json("synapse.access.http.8008", "POST-7", ACCESS),
            json("synapse.http.server", "POST-7", CONFLICT),
            json("synapse.handlers.e2e_keys", "POST-7", ADDING),
            "{\"log\": \"truncated json",
            "{\"namespace\":\"synapse.x\",\"level\":\"INFO\",\"time\":1}",
            "Traceback (most recent call last):",
            "2026-11-25 10:00:00,000 - synapse - 1 - INFO - x - a text line in a json log"));
    Scrape s = h.settle();
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total{file=\"json.log\"}")).isEqualTo(3);
    assertThat(s.valueOrFail(skipped("json.log", "invalid_json"))).isEqualTo(2);
    assertThat(s.valueOrFail(skipped("json.log", "continuation"))).isEqualTo(1);
    assertThat(s.valueOrFail(skipped("json.log", "unrecognised_layout"))).isEqualTo(1);
    assertThat(s.valueOrFail(conflicts("D1"))).isEqualTo(1);
    assertThat(s.valueOrFail("synapse_e2ee_log_last_record_timestamp_seconds{file=\"json.log\"}"))
        .isEqualTo(1764064802.25);
    assertThat(h.program.conflictingDevices().recent().get(0).keyValues())
        .isEqualTo(KeyValues.DIFFER);
  }

  @Test
  void workerPrefixesAreStrippedAndRequestIdsJoinPerWorker() {
    ProgramHarness h = new ProgramHarness();
    String ts = "2026-11-25 10:00:02,000";
    String access = ACCESS.replace("\\\"", "\"");
    String conflict = CONFLICT.replace("\\\"", "\"");
    // The same request id in two workers is two requests; only worker1's had a conflict.
    h.feed(
        "combined.log",
        List.of(
            "worker1 | " + ts + " - synapse.handlers.e2e_keys - 145 - INFO - POST-5 - " + ADDING,
            "synapse_2   | "
                + ts
                + " - synapse.handlers.e2e_keys - 145 - INFO - POST-5 - "
                + ADDING.replace("'D1'", "'D2'"),
            "worker1 | " + ts + " - synapse.http.server - 130 - INFO - POST-5 - " + conflict,
            "synapse_2   | "
                + ts
                + " - synapse.access.http.8008 - 461 - INFO - POST-5 - "
                + access.replace(" 400 ", " 200 "),
            "worker1 | " + ts + " - synapse.access.http.8008 - 461 - INFO - POST-5 - " + access));
    Scrape s = h.settle();
    assertThat(s.valueOrFail("synapse_e2ee_log_records_total{file=\"combined.log\"}")).isEqualTo(5);
    assertThat(s.valueOrFail(uploads("D1", "otk_conflict"))).isEqualTo(1);
    assertThat(s.valueOrFail(uploads("D2", "ok"))).isEqualTo(1);
    assertThat(s.value(conflicts("D2"))).isEmpty();
  }

  @Test
  void userIdLabelModes() throws Exception {
    String line =
        "2026-11-25 10:00:06,000 - synapse.access.http.8008 - 461 - INFO - POST-19 - ::1 - 8008 - {@dave:example.org} Processed request: 0.5sec/0.001sec ru=(0.005sec, 0.001sec) db=(0.000sec/0.003sec/1) 2B 200 \"POST /_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_x HTTP/1.1\" \"EC\" [0 dbevts]";
    ProgramHarness local = new ProgramHarness(LogFormat.TEXT, UserIdMode.LOCALPART, 500);
    local.feed("f", List.of(line));
    assertThat(
            local
                .settle()
                .valueOrFail(
                    "synapse_e2ee_delayed_event_requests_total{action=\"update\",code=\"200\",user=\"dave\"}"))
        .isEqualTo(1);
    ProgramHarness hashed = new ProgramHarness(LogFormat.TEXT, UserIdMode.HASH, 500);
    hashed.feed("f", List.of(line));
    Scrape s = hashed.settle();
    assertThat(s.text()).doesNotContain("dave").containsPattern("user=\"u[0-9a-f]{16}\"");
    // HMAC-SHA-256 under the key, not a plain hash anyone could recompute from a member list.
    String keyed =
        "u"
            + HexFormat.of()
                .formatHex(hmac(ProgramHarness.TEST_HASH_KEY, "@dave:example.org"))
                .substring(0, 16);
    assertThat(s.text()).contains("user=\"" + keyed + "\"");
    String unkeyed =
        "u"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest("example.org\n@dave:example.org".getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
    assertThat(keyed).isNotEqualTo(unkeyed);
    // Stable across runs with the same key; another key, another label.
    ProgramHarness again = new ProgramHarness(LogFormat.TEXT, UserIdMode.HASH, 500);
    again.feed("f", List.of(line));
    assertThat(again.settle().text()).contains("user=\"" + keyed + "\"");
    ProgramHarness otherKey =
        new ProgramHarness(
            LogFormat.TEXT,
            new LabelsConfig(UserIdMode.HASH, Optional.of(new HashKey(new byte[32]))),
            500);
    otherKey.feed("f", List.of(line));
    assertThat(otherKey.settle().text()).doesNotContain(keyed);
  }

  static byte[] hmac(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The three text lines of one upload by {@code device} rejected for a key conflict. */
  static List<String> rejectedUpload(String ts, String request, String device) {
    return List.of(
        ts
            + " - synapse.handlers.e2e_keys - 145 - INFO - "
            + request
            + " - "
            + ADDING.replace("'D1'", "'" + device + "'"),
        ts
            + " - synapse.http.server - 130 - INFO - "
            + request
            + " - "
            + CONFLICT.replace("\\\"", "\""),
        ts
            + " - synapse.access.http.8008 - 461 - INFO - "
            + request
            + " - "
            + ACCESS.replace("\\\"", "\""));
  }

  @Test
  void devicesBeyondTheCapAreSummedAndCounted() {
    ProgramHarness h = new ProgramHarness(LogFormat.TEXT, UserIdMode.FULL, 2);
    String ts = "2026-11-25 10:00:02,000";
    for (int d = 0; d < 5; d++) {
      h.feed("f", rejectedUpload(ts, "POST-" + (100 + d), "DEV" + d));
    }
    Scrape s = h.settle();
    assertThat(s.valueOrFail(conflicts("DEV0"))).isEqualTo(1);
    assertThat(s.valueOrFail(conflicts("DEV1"))).isEqualTo(1);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"_overflow\",user=\"_overflow\"}"))
        .isEqualTo(3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_otk_conflicts\"}"))
        .isEqualTo(3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_otk_conflict_device_state\"}"))
        .isEqualTo(3);
    assertThat(s.countSeries("synapse_e2ee_otk_conflict_repeats{")).isEqualTo(2);
  }

  @Test
  void eachRefusedDeviceIsCountedOnceHoweverOftenItConflicts() {
    ProgramHarness h = new ProgramHarness(LogFormat.TEXT, UserIdMode.FULL, 500);
    String ts = "2026-11-25 10:00:02,000";
    int request = 0;
    for (int round = 0; round < 3; round++) {
      for (int d = 0; d < 3_000; d++) {
        h.feed("f", rejectedUpload(ts, "POST-" + (++request), "DEV" + d));
      }
    }
    Scrape s = h.settle();
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_otk_conflicts_total{algorithm=\"signed_curve25519\",device=\"_overflow\",user=\"_overflow\"}"))
        .as("every conflict beyond the cap is still counted")
        .isEqualTo(2_500 * 3);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_otk_conflicts\"}"))
        .isEqualTo(2_500);
    assertThat(
            s.valueOrFail("synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_key_uploads\"}"))
        .isEqualTo(2_500);
    assertThat(
            s.valueOrFail(
                "synapse_e2ee_series_dropped_total{metric=\"synapse_e2ee_otk_conflict_device_state\"}"))
        .isEqualTo(2_500);
  }
}
